"""``laborfacts extract`` and ``laborfacts schema`` through Typer's runner, one
test per output format and option."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from laborfacts.cli import app
from laborfacts.models import FACT_FIELDS, Fact
from laborfacts.tabular import ROW_COLUMNS

runner = CliRunner()

ARTICLE = (
    "Depot drivers vote to join union\n\n"
    "Rosa Lind\n"
    "May 4, 2026\n\n"
    "Drivers at the Northgate depot voted 212 to 97 to join the union on April 30. "
    "The depot employs about 340 drivers, who earn \\$21.50 an hour and deliver more "
    "than 180 packages a shift.\n\n"
    "Turnover at the depot ran at roughly 120 percent last year, a filing showed.\n"
)


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    src = tmp_path / "articles"
    src.mkdir()
    (src / "northgate.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "second.md").write_text(
        "Harbor nurses strike\n\nSome 4,500 nurses walked out for three days.\n", encoding="utf-8"
    )
    return src


def _jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_jsonl_is_one_spec_record_per_line(folder: Path) -> None:
    result = runner.invoke(app, ["extract", str(folder), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = _jsonl(result.stdout)
    assert {r["doc"] for r in records} == {"northgate", "second"}
    text = ARTICLE
    for r in records:
        Fact.model_validate(r)
        if r["doc"] == "northgate":
            assert text[r["start"] : r["end"]] == r["text"]
    wage = next(r for r in records if r["type"] == "wage")
    assert (wage["value"], wage["unit"], wage["per"]) == (21.5, "USD", "hour")


def test_json_is_one_object_per_document(folder: Path) -> None:
    result = runner.invoke(app, ["extract", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    docs = json.loads(result.stdout)
    assert [d["id"] for d in docs] == ["northgate", "second"]
    first = docs[0]
    assert first["published"] == "2026-05-04"
    assert first["title"] == "Depot drivers vote to join union"
    assert first["chars"] == len(ARTICLE) and first["encoding"] == "utf-8"
    assert any(f["type"] == "union_vote" for f in first["facts"])


def test_csv_has_a_header_and_a_row_per_fact(folder: Path) -> None:
    result = runner.invoke(app, ["extract", str(folder), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0].keys()) == list(ROW_COLUMNS)
    assert {r["path"] for r in rows} == {str(folder / "northgate.txt"), str(folder / "second.md")}
    dates = [r for r in rows if r["type"] == "date"]
    assert dates and all(r["value"] == "" and r["date"] for r in dates)
    jsonl = _jsonl(runner.invoke(app, ["extract", str(folder), "-f", "jsonl"]).stdout)
    assert len(rows) == len(jsonl)


def test_table_shows_values_with_units(folder: Path) -> None:
    result = runner.invoke(app, ["extract", str(folder / "northgate.txt"), "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "$21.50/hr" in result.stdout
    assert "union_vote" in result.stdout and "votes_for" in result.stdout


@pytest.mark.parametrize(
    ("types", "expected"),
    [(["wage"], {"wage"}), (["union_vote", "workforce"], {"union_vote", "workforce"})],
)
def test_type_filter(folder: Path, types: list[str], expected: set[str]) -> None:
    args = ["extract", str(folder), "-f", "jsonl"]
    for t in types:
        args += ["--type", t]
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert {r["type"] for r in _jsonl(result.stdout)} == expected


def test_out_dir_writes_a_json_per_article_and_facts_csv(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(folder), "--out-dir", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["facts.csv", "northgate.json", "second.json"]
    doc = json.loads((out / "northgate.json").read_text(encoding="utf-8"))
    assert doc["id"] == "northgate" and doc["facts"]


def test_output_file(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "facts.jsonl"
    result = runner.invoke(app, ["extract", str(folder), "-f", "jsonl", "-o", str(target)])
    assert result.exit_code == 0
    assert _jsonl(target.read_text(encoding="utf-8"))


def test_stdin(folder: Path) -> None:
    result = runner.invoke(app, ["extract", "-", "-f", "jsonl"], input=ARTICLE)
    assert result.exit_code == 0
    assert {r["doc"] for r in _jsonl(result.stdout)} == {"stdin"}


def test_jobs_give_the_same_output_in_the_same_order(folder: Path) -> None:
    for i in range(12):
        (folder / f"copy{i:02d}.txt").write_text(ARTICLE.replace("212", str(200 + i)), "utf-8")
    one = runner.invoke(app, ["extract", str(folder), "-f", "jsonl", "--jobs", "1"])
    two = runner.invoke(app, ["extract", str(folder), "-f", "jsonl", "--jobs", "2"])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout


def test_no_progress_line_when_not_a_terminal(folder: Path) -> None:
    result = runner.invoke(app, ["extract", str(folder), "-f", "jsonl"])
    assert "files" not in result.stderr.split("extracted")[0]


def test_schema_prints_the_fact_json_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert set(FACT_FIELDS) <= set(schema["properties"])
    doc_schema = json.loads(runner.invoke(app, ["schema", "--document"]).stdout)
    assert "facts" in doc_schema["properties"]


ROOT = Path(__file__).parent.parent


def test_eval_and_diff_take_jobs_with_the_same_result() -> None:
    gold, raw = str(ROOT / "tests" / "gold"), str(ROOT / "data" / "raw")
    one = runner.invoke(app, ["eval", gold, raw, "-f", "json", "--jobs", "1"])
    two = runner.invoke(app, ["eval", gold, raw, "-f", "json", "--jobs", "2"])
    assert one.exit_code == two.exit_code == 0
    assert json.loads(one.stdout)["strict"] == json.loads(two.stdout)["strict"]
    d1 = runner.invoke(app, ["diff", raw, "-f", "json", "--jobs", "1"])
    d2 = runner.invoke(app, ["diff", raw, "-f", "json", "--jobs", "2"])
    assert d1.exit_code == d2.exit_code == 0
    assert json.loads(d1.stdout)["summary"] == json.loads(d2.stdout)["summary"]
