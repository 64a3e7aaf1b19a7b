"""`laborfacts eval` through the command line: output, exit codes, bad inputs."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from laborfacts.cli import app
from laborfacts.models import Document, Fact

FIXTURES = Path(__file__).parent / "fixtures" / "eval"
GOLD = FIXTURES / "gold.jsonl"
ARTICLES = FIXTURES / "articles"
runner = CliRunner()


def run(*args: str | Path) -> Any:
    return runner.invoke(app, ["eval", *map(str, args)])


def test_table() -> None:
    result = run(GOLD, FIXTURES / "pred_mixed.jsonl")
    assert result.exit_code == 0, result.output
    out = result.stdout
    for word in ("strict", "typed", "value", "span", "union_vote", "qualifier", "Stretch recall"):
        assert word in out
    assert "strict F1 = 0.550" in out
    assert "last year" not in out


def test_details_list_every_mistake() -> None:
    result = run(GOLD, FIXTURES / "pred_mixed.jsonl", "--details")
    assert result.exit_code == 0, result.output
    for text in ("Misses (1)", "False positives (3)", "Wrong type or value (7)", "last year"):
        assert text in result.stdout


def test_json_report() -> None:
    result = run(GOLD, FIXTURES / "pred_mixed.jsonl", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["strict"] == {
        "p": 0.5238,
        "r": 0.5789,
        "f1": 0.55,
        "tp": 11,
        "pred": 21,
        "gold": 19,
    }
    assert report["stretch_recall"] == 0.5
    assert report["misses"][0]["gold"]["text"] == "last year"
    assert report["misses"][0]["pred"] is None
    wrong = report["wrong"][0]
    assert wrong["gold"]["doc"] == wrong["pred"]["doc"] == wrong["doc"]
    assert report["documents"] == ["harbor", "orchard"]


def test_folders_of_jsonl(tmp_path: Path) -> None:
    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "pred"
    gold_dir.mkdir()
    pred_dir.mkdir()
    shutil.copy(GOLD, gold_dir / "all.jsonl")
    shutil.copy(FIXTURES / "pred_perfect.jsonl", pred_dir / "a.jsonl")
    result = run(gold_dir, pred_dir, "--min-f1", "1.0", "--articles", ARTICLES)
    assert result.exit_code == 0, result.output
    assert "strict F1 = 1.000" in result.stdout


@pytest.mark.parametrize(("floor", "code"), [("0.5", 0), ("0.55", 0), ("0.6", 1)])
def test_min_f1(floor: str, code: int) -> None:
    result = run(GOLD, FIXTURES / "pred_mixed.jsonl", "--min-f1", floor, "--format", "json")
    assert result.exit_code == code
    if code:
        assert "below --min-f1" in result.stderr


def test_doc_filter() -> None:
    result = run(GOLD, FIXTURES / "pred_mixed.jsonl", "--doc", "orchard", "-f", "json")
    assert json.loads(result.stdout)["strict"]["tp"] == 4


def _gold_lines() -> list[dict[str, Any]]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]


def _bad_gold(line: int, edit: dict[str, Any] | None = None, drop: str = "", raw: str = "") -> str:
    rows = [json.dumps(r) for r in _gold_lines()]
    row = json.loads(rows[line - 1])
    row.update(edit or {})
    row.pop(drop, None)
    rows[line - 1] = raw or json.dumps(row)
    return "\n".join(rows) + "\n"


BAD_GOLD = [
    ("not_json", _bad_gold(3, raw='{"doc": "harbor",'), [], ":3: not JSON"),
    ("not_object", _bad_gold(2, raw="[1, 2]"), [], ":2: not a JSON object"),
    ("missing_field", _bad_gold(4, drop="value"), [], ":4: missing field 'value'"),
    ("wrong_type", _bad_gold(5, {"start": "ten"}), [], ":5: field 'start'"),
    ("bad_enum", _bad_gold(6, {"qualifier": "maybe"}), [], ":6: field 'qualifier'"),
    ("unscored_type", _bad_gold(1, {"type": "time_of_day"}), [], ":1: field 'type'"),
    ("bad_length", _bad_gold(7, {"end": 1}), [], ":7: "),
    (
        "text_mismatch",
        _bad_gold(8, {"text": "roughly 19 percent"}),
        ["--articles", str(ARTICLES)],
        ":8: text 'roughly 19 percent' does not match article 'harbor'",
    ),
]


@pytest.mark.parametrize(
    ("content", "extra", "message"), [b[1:] for b in BAD_GOLD], ids=[b[0] for b in BAD_GOLD]
)
def test_bad_gold(tmp_path: Path, content: str, extra: list[str], message: str) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(content, encoding="utf-8")
    result = run(gold, FIXTURES / "pred_mixed.jsonl", *extra)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {gold}")
    assert message in lines[0]


def test_text_mismatch_found_beside_article_predictions(tmp_path: Path) -> None:
    # Articles given as predictions are also the source the gold is checked against;
    # the error comes before any extraction.
    gold = tmp_path / "gold.jsonl"
    gold.write_text(_bad_gold(2, {"text": "1,311"}), encoding="utf-8")
    result = run(gold, ARTICLES)
    assert result.exit_code == 2
    assert ":2: text '1,311' does not match article 'harbor'" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere.jsonl", FIXTURES / "pred_mixed.jsonl"], "no such gold file"),
        ([GOLD, "nowhere.jsonl"], "no such predictions file"),
        (
            [GOLD, FIXTURES / "pred_mixed.jsonl", ARTICLES],
            "mix extraction output (.jsonl, .json, .csv) with articles",
        ),
        ([GOLD, FIXTURES / "pred_mixed.jsonl", "--articles", "nowhere"], "no such file"),
        ([GOLD, GOLD.parent / "articles" / "missing.txt"], "no such predictions file"),
    ],
)
def test_unusable_inputs(args: list[str | Path], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_empty_gold_folder(tmp_path: Path) -> None:
    result = run(tmp_path, FIXTURES / "pred_mixed.jsonl")
    assert result.exit_code == 2
    assert "holds no *.jsonl files" in result.stderr


def test_bad_prediction_line(tmp_path: Path) -> None:
    pred = tmp_path / "pred.jsonl"
    pred.write_text('{"doc": "harbor", "type": "count", "unit": "count"}\n', encoding="utf-8")
    result = run(GOLD, pred)
    assert result.exit_code == 2
    assert f"{pred}:1: field 'text'" in result.stderr


def test_articles_are_extracted_first(monkeypatch: pytest.MonkeyPatch) -> None:
    # The extractor is replaced by one that returns the gold itself, so the
    # wiring (only gold documents extracted, their facts scored) is tested alone.
    perfect = [
        Fact.model_validate(json.loads(line))
        for line in (FIXTURES / "pred_perfect.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    asked: list[str] = []

    def fake_extract(paths: Iterable[str], **_: Any) -> Iterator[Document]:
        for p in paths:
            asked.append(Path(getattr(p, "path", p)).name)
            doc = Path(getattr(p, "path", p)).stem
            facts = [f for f in perfect if f.doc == doc]
            yield Document(id=doc, sha256="0", chars=0, words=0, facts=facts)

    monkeypatch.setattr("laborfacts.api.extract_paths", fake_extract)
    result = run(GOLD, ARTICLES, "--min-f1", "1")
    assert result.exit_code == 0, result.output
    assert sorted(asked) == ["harbor.txt", "orchard.txt"]


def test_article_without_gold_is_not_extracted(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def fake_extract(paths: Iterable[str], **_: Any) -> Iterator[Document]:
        asked.extend(Path(getattr(p, "path", p)).name for p in paths)
        yield from ()

    monkeypatch.setattr("laborfacts.api.extract_paths", fake_extract)
    result = run(GOLD, ARTICLES / "harbor.txt")
    assert result.exit_code == 0, result.output
    assert asked == ["harbor.txt"]
    assert "orchard: no article found" in result.stderr


def test_no_article_for_any_gold_doc(tmp_path: Path) -> None:
    (tmp_path / "other.txt").write_text("Nothing here.", encoding="utf-8")
    result = run(GOLD, tmp_path)
    assert result.exit_code == 2
    assert "no article for any gold document" in result.stderr


def test_measure_gold_is_scored(tmp_path: Path) -> None:
    # SPEC section 3's measure type: its gold is read and scored, strictly by unit
    text = "The trailer hit 121 degrees in Ohio.\n"
    (tmp_path / "heat.txt").write_text(text, encoding="utf-8")
    gold = {
        "doc": "heat", "type": "measure", "metric": "temperature", "value": 121, "low": None,
        "high": None, "qualifier": "exact", "direction": "level", "unit": "degree_f",
        "per": None, "item": None, "subject": None, "time": None, "text": "121 degrees",
        "start": 16, "end": 27,
    }  # fmt: skip
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold) + "\n", encoding="utf-8")
    result = run(tmp_path / "gold.jsonl", tmp_path / "heat.txt", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["strict"]["tp"] == 1 and report["strict"]["gold"] == 1
