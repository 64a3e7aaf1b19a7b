"""Inputs every command reads the same way: pipes, ids, extract's own outputs,
--max-bytes, NUL bytes, paragraph breaks, repeated gold and predictions."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from robust_samples import ARTICLE
from typer.testing import CliRunner

from laborfacts.cli import app

runner = CliRunner()
LABORFACTS = [sys.executable, "-m", "laborfacts"]


def _write(path: Path, text: str = ARTICLE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _jsonl(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# --- 2. named pipes ------------------------------------------------------------


def test_a_named_pipe_in_a_scanned_folder_is_passed_by_not_waited_on(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    _write(folder / "a.txt")
    os.mkfifo(folder / "pipe.txt")  # no writer will ever come
    proc = subprocess.run(
        [*LABORFACTS, "extract", str(folder), "-f", "jsonl"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert {f["doc"] for f in _jsonl(proc.stdout)} == {"a"}
    assert f"skipped: {folder / 'pipe.txt'}: not a regular file" in proc.stderr


@pytest.mark.skipif(
    shutil.which("bash") is None and not os.environ.get("CI"), reason="needs bash for <(...)"
)
def test_a_process_substitution_is_read_as_a_stream(tmp_path: Path) -> None:
    article = _write(tmp_path / "a.txt")
    command = " ".join([*LABORFACTS, "extract", f"<(cat {article})", "-f", "jsonl"])
    proc = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    facts = _jsonl(proc.stdout)
    assert facts and all(ARTICLE[f["start"] : f["end"]] == f["text"] for f in facts)  # type: ignore[misc]


# --- 4. document ids --------------------------------------------------------------


def test_ids_are_paths_relative_to_the_folder_given(tmp_path: Path) -> None:
    _write(tmp_path / "c" / "a" / "x.txt")
    _write(tmp_path / "c" / "b" / "x.txt", ARTICLE.replace("5,000", "7,000"))
    result = runner.invoke(app, ["extract", str(tmp_path / "c"), "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    assert {f["doc"] for f in _jsonl(result.stdout)} == {"a/x", "b/x"}
    again = runner.invoke(app, ["extract", str(tmp_path / "c"), "-f", "jsonl"])
    assert again.stdout == result.stdout  # stable across runs


def test_two_files_of_one_name_given_directly_get_distinct_ids_and_diff(tmp_path: Path) -> None:
    a = _write(tmp_path / "c" / "a" / "x.txt")
    b = _write(tmp_path / "c" / "b" / "x.txt", ARTICLE.replace("5,000", "7,000"))
    result = runner.invoke(app, ["extract", str(a), str(b), "-f", "jsonl"])
    assert {f["doc"] for f in _jsonl(result.stdout)} == {"x", "b/x"}
    diff = runner.invoke(app, ["diff", str(a), str(b), "-f", "json"])
    assert diff.exit_code == 0, diff.output
    assert sorted(d["id"] for d in json.loads(diff.stdout)["documents"]) == ["b/x", "x"]


def test_csv_rows_carry_the_path_of_their_document(tmp_path: Path) -> None:
    a = _write(tmp_path / "c" / "a" / "x.txt")
    result = runner.invoke(app, ["extract", str(tmp_path / "c"), "-f", "csv"])
    rows = result.stdout.splitlines()
    assert rows[0].endswith('"path"')
    assert all(row.endswith(f'"{a}"') for row in rows[1:])


# --- 7. extract's outputs read back by every command ---------------------------------


@pytest.fixture
def extracted(tmp_path: Path) -> dict[str, Path]:
    """One pair of articles, extracted in every output form of extract."""
    a = _write(tmp_path / "articles" / "alpha.txt")
    b = _write(tmp_path / "articles" / "beta.txt", ARTICLE.replace("$23", "$31"))
    out: dict[str, Path] = {"articles": tmp_path / "articles"}
    for fmt in ("jsonl", "json", "csv"):
        out[fmt] = tmp_path / f"facts.{fmt}"
        result = runner.invoke(app, ["extract", str(a), str(b), "-f", fmt, "-o", str(out[fmt])])
        assert result.exit_code == 0, result.output
    out["out-dir"] = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(a), str(b), "--out-dir", str(out["out-dir"])])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("form", ["jsonl", "json", "csv", "out-dir"])
def test_diff_reads_every_output_of_extract_as_records(
    extracted: dict[str, Path], form: str
) -> None:
    reference = runner.invoke(app, ["diff", str(extracted["articles"]), "-f", "json"])
    result = runner.invoke(app, ["diff", str(extracted[form]), "-f", "json"])
    assert result.exit_code == 0, result.output
    got, want = json.loads(result.stdout), json.loads(reference.stdout)
    ids = sorted(d["id"] for d in got["documents"])
    assert ids == sorted(d["id"] for d in want["documents"]) == ["alpha", "beta"]
    statuses = {f["frame"]: f["status"] for f in got["frames"]}
    want_statuses = {f["frame"]: f["status"] for f in want["frames"]}
    # JSONL and CSV carry no publication date, so claims there are untimed; the
    # frames and their comparisons are the same.
    assert statuses == want_statuses
    wage = [f for f in statuses if f.startswith("wage/hourly_wage · ") and "workers" in f.lower()]
    assert len(wage) == 1 and statuses[wage[0]] == "conflict"


@pytest.mark.parametrize("form", ["jsonl", "json", "csv", "out-dir"])
def test_eval_reads_every_output_of_extract_as_predictions(
    extracted: dict[str, Path], form: str, tmp_path: Path
) -> None:
    gold = tmp_path / "gold.jsonl"
    shutil.copy(extracted["jsonl"], gold)
    result = runner.invoke(app, ["eval", str(gold), str(extracted[form]), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["strict"]["f1"] == 1.0


# --- 9. --max-bytes --------------------------------------------------------------


def test_max_bytes_changes_no_output_below_or_above_the_limit(tmp_path: Path) -> None:
    small = _write(tmp_path / "small.txt")
    body = "\n\n".join(
        f"At site {i}, some {i * 37 + 5} drivers earned ${i % 9 + 15} an hour." for i in range(300)
    )
    large = _write(tmp_path / "large.txt", "Depot report\nMay 2, 2026\n\n" + body)
    whole = runner.invoke(app, ["extract", str(small), str(large), "-f", "jsonl"])
    limited = runner.invoke(
        app, ["extract", str(small), str(large), "-f", "jsonl", "--max-bytes", "2k"]
    )
    assert whole.exit_code == limited.exit_code == 0
    assert limited.stdout == whole.stdout


# --- 12. repeated gold and predictions ---------------------------------------------


def test_eval_refuses_a_repeated_gold_line(extracted: dict[str, Path], tmp_path: Path) -> None:
    lines = extracted["jsonl"].read_text().splitlines()
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join([*lines, lines[1]]) + "\n")
    result = runner.invoke(app, ["eval", str(gold), str(extracted["jsonl"])])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"error: {gold}:{len(lines) + 1}: the same gold fact as {gold}:2"
    )


def test_eval_refuses_one_predictions_file_given_twice(
    extracted: dict[str, Path], tmp_path: Path
) -> None:
    pred = extracted["jsonl"]
    result = runner.invoke(app, ["eval", str(pred), str(pred), str(pred)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {pred}: predictions given twice"


def test_eval_refuses_two_predictions_files_holding_one_document(
    extracted: dict[str, Path],
) -> None:
    result = runner.invoke(
        app, ["eval", str(extracted["jsonl"]), str(extracted["jsonl"]), str(extracted["json"])]
    )
    assert result.exit_code == 2
    assert "predictions for 'alpha' are also in" in result.stderr


# --- 13. NUL bytes -------------------------------------------------------------------


def test_a_nul_byte_is_kept_as_a_character_with_a_warning(tmp_path: Path) -> None:
    text = ARTICLE.replace("who earn", "who\x00 earn")
    path = tmp_path / "nul.txt"
    path.write_bytes(text.encode())
    result = runner.invoke(app, ["extract", str(path), "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    facts = _jsonl(result.stdout)
    assert any(f["text"] == "$23" for f in facts)
    assert all(text[f["start"] : f["end"]] == f["text"] for f in facts)  # type: ignore[misc]
    assert f"warning: {path}: holds 1 NUL byte(s), kept as characters" in result.stderr


# --- 14. paragraph breaks ---------------------------------------------------------------


def test_no_fact_spans_a_blank_line(tmp_path: Path) -> None:
    text = (
        "Hiring report\nApril 29, 2026\n\n"
        "The depot hired 40 drivers last year: 12\n\n"
        "March figures showed 30 more.\n"
    )
    path = _write(tmp_path / "a.txt", text)
    facts = _jsonl(runner.invoke(app, ["extract", str(path), "-f", "jsonl"]).stdout)
    assert all("\n\n" not in str(f["text"]) for f in facts)
    assert any(f["text"] == "12" and f["value"] == 12 for f in facts)


def test_records_are_never_made_across_a_blank_line() -> None:
    """The guard where records are made, whatever a component proposed."""
    import spacy

    from laborfacts.pipeline.mentions import Mention
    from laborfacts.pipeline.records import RecordBuilder

    nlp = spacy.blank("en")
    text = "It was 12\n\nMarch came. Then 30 more."
    doc = nlp.make_doc(text)
    doc._.lf_text = text
    across = Mention(start=7, end=16, kind="date", value="2026-03-12", unit="date", type="date")
    inside = Mention(start=28, end=30, kind="count", value=30.0, type="count")
    doc._.lf_mentions = [across, inside]
    doc = RecordBuilder(span_key=None)(doc)
    assert [f.text for f in doc._.lf_facts] == ["30"]


@pytest.mark.skipif(
    shutil.which("bash") is None and not os.environ.get("CI"), reason="needs bash for <(...)"
)
def test_process_substitutions_reach_the_workers(tmp_path: Path) -> None:
    """With more inputs than one task holds, workers read what only the parent had open."""
    files = [
        _write(tmp_path / f"a{i:02d}.txt", ARTICLE.replace("5,000", f"{i},000")) for i in range(17)
    ]
    subs = " ".join(f"<(cat {f})" for f in files[:2])
    rest = " ".join(str(f) for f in files[2:])
    command = " ".join([*LABORFACTS, "extract", subs, rest, "-f", "jsonl", "-j", "2"])
    proc = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    serial = runner.invoke(app, ["extract", *map(str, files), "-f", "jsonl"])
    by_doc = _group_values(_jsonl(proc.stdout))
    assert len(by_doc) == 17
    # Ids differ (a pipe is named by its /dev/fd number); the facts of each do not.
    want = _group_values(_jsonl(serial.stdout)).values()
    assert sorted(map(str, by_doc.values())) == sorted(map(str, want))


def _group_values(facts: list[dict[str, object]]) -> dict[object, list[object]]:
    out: dict[object, list[object]] = {}
    for f in facts:
        out.setdefault(f["doc"], []).append(f["value"])
    return out
