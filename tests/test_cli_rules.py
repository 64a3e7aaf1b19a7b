"""``--rules DIR``: a folder of rule files merged over the package's, through
extract (in this process and on workers), eval and diff; a bad folder is a
usage error before any input is read."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from laborfacts import parallel
from laborfacts.api import extract_text
from laborfacts.cli import app

runner = CliRunner()
TEXT = "Published March 3, 2025\n\nThe Toledo plant of Acme assembled 4,000 widgets in March.\n"
# One type cue the package's rules lack: counts of things assembled are workload.
RULE = {
    "id": "workload.assembled",
    "type": "workload",
    "metric": "units_assembled",
    "kinds": ["count"],
    "cues": ["assembled"],
    "window": 40,
    "tier": 0,
}
GOLD_OMITS = ("context", "sentence", "confidence", "attribution", "rule")


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "classify.jsonl").write_text(json.dumps(RULE) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("plant", "depot", "mill"):
        (folder / f"{name}.txt").write_text(TEXT, encoding="utf-8")
    return folder


def _invoke(*args: Any) -> Any:
    return runner.invoke(app, [str(a) for a in args])


def _types(result: Any) -> dict[str, str]:
    assert result.exit_code == 0, result.output
    out = {}
    for line in result.stdout.splitlines():
        fact = json.loads(line)  # one fact per line
        if fact["text"] == "4,000":
            out[fact["doc"]] = fact["type"]
    return out


def test_the_rule_is_new() -> None:
    assert [f.type for f in extract_text(TEXT) if f.text == "4,000"] == ["count"]


def test_library_takes_a_rules_folder(rules: Path) -> None:
    facts = extract_text(TEXT, rules=rules)
    assert [(f.type, f.metric) for f in facts if f.text == "4,000"] == [
        ("workload", "units_assembled")
    ]


def test_extract_rules_change_a_type(articles: Path, rules: Path) -> None:
    plain = _types(_invoke("extract", articles / "plant.txt", "-f", "jsonl", "-q"))
    ruled = _invoke("extract", articles / "plant.txt", "-f", "jsonl", "-q", "--rules", rules)
    assert plain == {"plant": "count"}
    assert _types(ruled) == {"plant": "workload"}


def test_extract_rules_on_workers(
    articles: Path, rules: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One input per task, so the three inputs go to worker processes.
    monkeypatch.setattr(parallel, "TASK_SOURCES", 1)
    result = _invoke("extract", articles, "-f", "jsonl", "-q", "--jobs", "2", "--rules", rules)
    assert _types(result) == {"depot": "workload", "mill": "workload", "plant": "workload"}


def _gold(tmp_path: Path, articles: Path, rules: Path) -> Path:
    """Gold that says the count is workload (as the extra rule does)."""
    result = _invoke("extract", articles / "plant.txt", "-f", "jsonl", "-q", "--rules", rules)
    assert result.exit_code == 0, result.output
    facts = [json.loads(line) for line in result.stdout.splitlines()]
    gold = tmp_path / "gold.jsonl"
    with gold.open("w", encoding="utf-8") as fh:
        for fact in facts:
            if fact["type"] != "date":
                fh.write(json.dumps({k: v for k, v in fact.items() if k not in GOLD_OMITS}) + "\n")
    return gold


def test_eval_rules_change_the_score(tmp_path: Path, articles: Path, rules: Path) -> None:
    gold = _gold(tmp_path, articles, rules)
    article = articles / "plant.txt"
    plain = _invoke("eval", gold, article, "-f", "json", "-q")
    ruled = _invoke("eval", gold, article, "-f", "json", "-q", "--rules", rules)
    assert plain.exit_code == 0 and ruled.exit_code == 0, plain.output + ruled.output
    assert json.loads(plain.stdout)["strict"]["tp"] == 0
    assert json.loads(ruled.stdout)["strict"]["tp"] == 1


def test_diff_rules_change_the_frames(articles: Path, rules: Path) -> None:
    inputs = [articles / "plant.txt", articles / "depot.txt"]

    def frame_types(*extra: Any) -> set[str]:
        result = _invoke("diff", *inputs, "-f", "json", "-q", *extra)
        assert result.exit_code == 0, result.output
        return {f["type"] for f in json.loads(result.stdout)["frames"]}

    assert "workload" not in frame_types()
    assert "workload" in frame_types("--rules", rules)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (None, "no such rules folder"),
        ({"bogus.json": "{}"}, "bogus.json: not a rule file"),
        (
            {"classify.jsonl": json.dumps({**RULE, "type": "gadgets"}) + "\n"},
            "classify.jsonl:1: field 'type'",
        ),
        ({"units.json": "{not json"}, "units.json: not JSON"),
    ],
)
def test_a_bad_rules_folder_is_a_usage_error(
    tmp_path: Path, articles: Path, files: dict[str, str] | None, expected: str
) -> None:
    folder = tmp_path / "bad"
    if files is not None:
        folder.mkdir()
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
    out = tmp_path / "facts.jsonl"
    for command in (
        ["extract", articles, "-o", out],
        ["eval", tmp_path / "gold.jsonl", articles],
        ["diff", articles, "-o", out],
    ):
        result = _invoke(*command, "--rules", folder)
        assert result.exit_code == 2, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and expected in lines[0], result.stderr
        assert lines[0].startswith("error: --rules: ")
        assert not out.exists()


def test_scoring_jsonl_does_not_load_spacy(tmp_path: Path) -> None:
    fixtures = Path(__file__).parent / "fixtures" / "eval"
    code = (
        "import sys\n"
        "from laborfacts.cli import app\n"
        "try:\n"
        f"    app(['eval', {str(fixtures / 'gold.jsonl')!r}, "
        f"{str(fixtures / 'pred_mixed.jsonl')!r}, '-f', 'json', '-q'])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
        "print('spacy' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["strict"]["tp"] == 11
    assert done.stderr.strip().splitlines()[-1] == "False"
