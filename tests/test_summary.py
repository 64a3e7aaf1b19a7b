"""``laborfacts summary``: counts per type and document, from articles or from
extract's outputs, as JSON or a Rich table."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from laborfacts.api import extract_paths
from laborfacts.cli import app
from laborfacts.render_summary import print_summary
from laborfacts.summary import summarize_paths
from store_articles import write_articles

runner = CliRunner()


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    write_articles(tmp_path / "articles")
    return tmp_path / "articles"


def _summary(*args: str) -> dict:
    result = runner.invoke(app, ["summary", *args, "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_counts_are_those_of_the_extraction(folder: Path) -> None:
    documents = list(extract_paths([folder]))
    expected = Counter(f.type for d in documents for f in d.facts)
    got = _summary(str(folder))
    assert got["types"] == dict(expected) and got["facts"] == sum(expected.values())
    assert got["documents"] == 3
    per_doc = {d["id"]: d for d in got["per_document"]}
    for d in documents:
        assert per_doc[d.id]["facts"] == len(d.facts)
        assert per_doc[d.id]["types"] == dict(Counter(f.type for f in d.facts))
        assert per_doc[d.id]["published"] == d.published
    # most facts first
    assert list(got["types"].values()) == sorted(got["types"].values(), reverse=True)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "json"])
def test_extract_outputs_give_the_same_counts(folder: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"facts.{fmt}"
    assert runner.invoke(app, ["extract", str(folder), "-f", fmt, "-o", str(out)]).exit_code == 0
    from_output = _summary(str(out))
    from_articles = _summary(str(folder))
    assert from_output["types"] == from_articles["types"]
    assert {d["id"]: d["facts"] for d in from_output["per_document"]} == {
        d["id"]: d["facts"] for d in from_articles["per_document"]
    }


def test_type_filter_and_bad_inputs(folder: Path, tmp_path: Path) -> None:
    assert _summary(str(folder), "--type", "wage")["types"] == {"wage": 2}
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    partly = runner.invoke(app, ["summary", str(folder), str(bad), "-f", "json"])
    assert partly.exit_code == 1 and "not a laborfacts fact file" in partly.stderr
    assert runner.invoke(app, ["summary", str(tmp_path / "none")]).exit_code == 2


def test_table_lists_types_and_documents(folder: Path) -> None:
    buf = io.StringIO()
    print_summary(summarize_paths([folder]), Console(file=buf, width=100))
    text = buf.getvalue()
    assert "Facts per type" in text and "Facts per document" in text
    assert "turnover_rate" in text and "calder_march" in text and "2026-03-03" in text
    result = runner.invoke(app, ["summary", str(folder)])
    assert result.exit_code == 0 and "Facts per document" in result.stdout


def test_inputs_are_found_once_by_the_discovery_of_every_command(
    folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "facts.jsonl"
    assert runner.invoke(app, ["extract", str(folder), "-o", str(out)]).exit_code == 0
    once = summarize_paths([out, folder])
    twice = summarize_paths([out, folder, out, folder])
    assert twice.types == once.types and len(twice.documents) == len(once.documents)
    assert {p.reason for p in twice.problems} == {"given twice; read once"}
    assert not any(p.skipped for p in twice.problems)
