"""``extract --published`` and ``--encoding``, and the progress bar of --db
runs on a terminal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from laborfacts.cli import app
from store_articles import ARTICLES, write_articles
from terminal import stderr_on_a_terminal

runner = CliRunner()
APRIL = ARTICLES["calder_april.txt"]


def _docs(*args: str) -> list[dict]:
    result = runner.invoke(app, ["extract", *args, "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_published_overrides_the_byline(tmp_path: Path) -> None:
    path = tmp_path / "april.txt"
    path.write_text(APRIL, encoding="utf-8")
    (plain,) = _docs(str(path))
    (dated,) = _docs(str(path), "--published", "2025-01-10")
    assert plain["published"] == "2026-04-18" and dated["published"] == "2025-01-10"
    (basic,) = _docs(str(path), "--published", "20250110")  # ISO 8601 basic form
    assert basic["published"] == "2025-01-10"

    def day(doc: dict) -> str:
        return next(f["value"] for f in doc["facts"] if f["text"] == "April 16")

    # "on April 16" resolves against the date given: the most recent April 16 before it
    assert (day(plain), day(dated)) == ("2026-04-16", "2024-04-16")


@pytest.mark.parametrize("bad", ["2026-13-01", "yesterday", "2026/04/01"])
def test_a_bad_published_date_is_a_usage_error(tmp_path: Path, bad: str) -> None:
    (tmp_path / "a.txt").write_text(APRIL, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path), "--published", bad])
    assert result.exit_code == 2 and "not an ISO date" in result.output


def test_encoding_decodes_instead_of_detection(tmp_path: Path) -> None:
    text = "Café workers strike\n\nThe Café Lumière staff of 42 baristas walked out.\n"
    path = tmp_path / "cafe.txt"
    path.write_bytes(text.encode("latin-1"))
    (detected,) = _docs(str(path))
    assert detected["encoding"] == "cp1252" and detected["warnings"]
    (chosen,) = _docs(str(path), "--encoding", "latin-1")
    assert chosen["encoding"] == "iso8859-1" and chosen["warnings"] == []
    assert chosen["title"] == "Café workers strike"
    # a file streamed in pieces decodes the same way
    (streamed,) = _docs(str(path), "--encoding", "latin-1", "--max-bytes", "40")
    assert [f["text"] for f in streamed["facts"]] == [f["text"] for f in chosen["facts"]]
    assert streamed["sha256"] == chosen["sha256"]


@pytest.mark.parametrize("bad", ["no-such-codec", "rot13", "base64"])
def test_an_unknown_encoding_is_a_usage_error(tmp_path: Path, bad: str) -> None:
    (tmp_path / "a.txt").write_text(APRIL, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path), "--encoding", bad])
    assert result.exit_code == 2 and "text encoding" in result.output


def test_db_runs_draw_progress_on_a_terminal_only(tmp_path: Path) -> None:
    folder = write_articles(tmp_path / "articles")[0].parent
    code, seen = stderr_on_a_terminal(["extract", str(folder), "--db", str(tmp_path / "a.db")])
    assert code == 0
    assert b"extracting" in seen and b"files" in seen, seen
    piped = subprocess.run(
        [
            sys.executable,
            "-m",
            "laborfacts",
            "extract",
            str(folder),
            "--db",
            str(tmp_path / "b.db"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert piped.returncode == 0 and "extracting" not in piped.stderr
    assert "extracted 3 documents" in piped.stderr
