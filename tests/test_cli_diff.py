"""``laborfacts diff`` through the CLI: extraction output in, table/JSON/CSV out."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from diff_helpers import document, fact
from laborfacts.cli import app
from laborfacts.diff import CLAIM_FIELDS, DiffResult, Status, diff_documents
from laborfacts.export import document_json
from laborfacts.models import Document
from laborfacts.render_diff import diff_table, print_diff

runner = CliRunner()


def _docs() -> list[Document]:
    return [
        document(
            "alpha",
            [
                fact(value=150, qualifier="approx", subject="Amazon's", start=3,
                     text="about 150 percent"),
                fact(value=18, type="wage", metric="hourly_wage", unit="USD", per="hour",
                     subject="the company", start=40, text="$18"),
            ],
            published="2024-03-03",
        ),
        document(
            "beta",
            [
                fact(low=100, qualifier="more_than", subject="Amazon.com Inc", start=7,
                     text="more than 100 percent"),
                fact(value=22, type="wage", metric="hourly_wage", unit="USD", per="hour",
                     subject="Amazon", start=50, text="$22"),
            ],
            published="2024-06-01",
        ),
    ]  # fmt: skip


@pytest.fixture()
def corpus(tmp_path: Path) -> list[str]:
    """An ``extract --format json`` array and an ``--out-dir`` single object."""
    alpha, beta = _docs()
    array = tmp_path / "run.json"
    array.write_text(json.dumps([document_json(alpha)]), encoding="utf-8")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "beta.json").write_text(json.dumps(document_json(beta)), encoding="utf-8")
    return [str(array), str(out_dir)]


def test_json_output(corpus: list[str]) -> None:
    result = runner.invoke(app, ["diff", *corpus, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [d["id"] for d in data["documents"]] == ["alpha", "beta"]
    assert data["summary"] == {"conflict": 1, "changed": 0, "agree": 1, "only": 0}
    turnover = next(f for f in data["frames"] if f["type"] == "turnover_rate")
    assert (turnover["subject"], turnover["status"]) == ("Amazon", "agree")
    first = turnover["claims"][0]
    assert (first["doc"], first["start"], first["end"], first["text"]) == (
        "alpha", 3, 20, "about 150 percent",
    )  # fmt: skip
    assert first["interval"] == pytest.approx(
        {"low": 135.0, "high": 165.0, "low_open": False, "high_open": False}
    )
    assert turnover["claims"][1]["interval"]["high"] is None  # open above


def test_csv_output(corpus: list[str]) -> None:
    result = runner.invoke(app, ["diff", *corpus, "-f", "csv", "--status", "conflict"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == list(CLAIM_FIELDS)
    assert [(r["doc"], r["status"], r["text"], r["start"]) for r in rows] == [
        ("alpha", "conflict", "$18", "40"),
        ("beta", "conflict", "$22", "50"),
    ]
    assert rows[0]["subject_as_written"] == "the company"


def test_csv_neutralises_formulas(tmp_path: Path) -> None:
    paths = []
    for name, value in (("a", 10), ("b", 12)):
        doc = document(name, [fact(value=value, subject="=Acme", text="=10")])
        paths.append(tmp_path / f"{name}.json")
        paths[-1].write_text(json.dumps(document_json(doc)), encoding="utf-8")
    result = runner.invoke(app, ["diff", *map(str, paths), "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {(r["subject"], r["text"]) for r in rows} == {("'=Acme", "'=10")}


OPTIONS = [
    ("type", ["--type", "wage"], {"wage"}),
    ("subject alias", ["--subject", "amazon.com, inc."], {"wage", "turnover_rate"}),
    ("other subject", ["--subject", "Walmart"], set()),
    ("status", ["--status", "agree"], {"turnover_rate"}),
]


@pytest.mark.parametrize(("args", "types"), [o[1:] for o in OPTIONS], ids=[o[0] for o in OPTIONS])
def test_filters(corpus: list[str], args: list[str], types: set[str]) -> None:
    result = runner.invoke(app, ["diff", *corpus, "-f", "json", *args])
    assert result.exit_code == 0, result.output
    assert {f["type"] for f in json.loads(result.stdout)["frames"]} == types


def test_tolerance_option(corpus: list[str]) -> None:
    wide = runner.invoke(app, ["diff", *corpus, "-f", "json", "--tolerance", "0.5"])
    assert json.loads(wide.stdout)["tolerance"] == 0.5
    bad = runner.invoke(app, ["diff", *corpus, "--tolerance", "-1"])
    assert bad.exit_code == 2


def test_table_output(corpus: list[str], tmp_path: Path) -> None:
    out = tmp_path / "diff.txt"
    result = runner.invoke(app, ["diff", *corpus, "-f", "table", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    for word in ("alpha", "beta", "agree", "conflict", "about 150 percent", "2 frames"):
        assert word in text


def test_too_few_documents(corpus: list[str]) -> None:
    result = runner.invoke(app, ["diff", corpus[0]])
    assert result.exit_code == 2
    assert "at least two documents" in result.stderr


def test_unusable_input_is_skipped(corpus: list[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    stranger = tmp_path / "stranger.json"
    stranger.write_text('{"rows": []}', encoding="utf-8")
    result = runner.invoke(app, ["diff", *corpus, str(broken), str(stranger), "-f", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["summary"]["agree"] == 1
    assert "not a JSON file" in result.stderr
    assert "not a laborfacts extraction" in result.stderr


def test_same_document_twice(corpus: list[str]) -> None:
    result = runner.invoke(app, ["diff", *corpus, corpus[0], "-f", "json"])
    assert result.exit_code == 0
    assert "given twice" in result.stderr


def test_help_names_every_option() -> None:
    result = runner.invoke(app, ["diff", "--help"])
    assert result.exit_code == 0
    for option in ("--type", "--subject", "--tolerance", "--status", "--format"):
        assert option in result.stdout


def test_table_render_colours_statuses() -> None:
    console = Console(file=io.StringIO(), width=120, force_terminal=True, color_system="standard")
    print_diff(diff_documents(_docs()), console)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b[1;32magree" in out and "\x1b[1;31mconflict" in out


def test_many_documents_turn_the_table() -> None:
    docs = [document(f"d{i}", [fact(value=100 + i)]) for i in range(8)]
    table = diff_table(diff_documents(docs))
    assert [c.header for c in table.columns] == ["frame", "status", "document", "claim"]


def _render(result: DiffResult, hide_only: bool) -> str:
    console = Console(file=io.StringIO(), width=140)
    print_diff(result, console, hide_only)
    return console.file.getvalue()  # type: ignore[attr-defined]


def test_table_hides_single_document_frames_unless_asked() -> None:
    docs = _docs()
    docs[0].facts.append(fact("alpha", 7, type="count", metric=None, per=None, text="seven"))
    result = diff_documents(docs)
    assert "seven" not in _render(result, hide_only=True)
    assert "add --status only" in _render(result, hide_only=True)
    assert "seven" in _render(result, hide_only=False)


def test_claim_status_shown_where_it_differs_from_its_frame() -> None:
    docs = [
        document("a", [fact(value=10, text="ten")]),
        document("b", [fact(value=10, text="also ten")]),
        document("c", [fact(value=10, text="ten again"), fact(value=50, text="fifty", start=20)]),
    ]
    result = diff_documents(docs)
    assert result.frames[0].status is Status.conflict
    lines = _render(result, hide_only=False).splitlines()
    first = next(line for line in lines if "ten" in line)
    # a and b meet c's "fifty"; c's own "ten again" only meets a and b.
    assert first.count("conflict") == 1 and "ten again  agree" in first
