"""The progress line: what it shows on a terminal, and that it is silent otherwise."""

from __future__ import annotations

import sys
from io import StringIO
from pathlib import Path

from rich.console import Console

from laborfacts.models import Document, Fact
from laborfacts.progress import ExtractProgress, count_inputs, progress_for


def _document(n: int, facts: int, words: int = 1000) -> Document:
    fact = Fact(doc=f"d{n}", type="count", value=3.0, unit="count", text="3", start=0, end=1)
    return Document(id=f"d{n}", sha256="0" * 64, chars=words * 5, words=words, facts=[fact] * facts)


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _console(terminal: bool = True) -> Console:
    return Console(file=StringIO(), force_terminal=terminal, width=100, color_system=None)


def _text(console: Console) -> str:
    return console.file.getvalue()  # type: ignore[attr-defined]


def test_a_terminal_shows_files_facts_and_words_per_second() -> None:
    console = _console()
    clock = _Clock()
    with ExtractProgress(console, total=3, clock=clock) as tick:
        for n in range(2):
            clock.now += 1.0
            tick(_document(n, facts=4))
    final = _text(console).rsplit("\r", 1)[-1]
    assert "extracting" in final
    # Complete even though the third input gave no document (it was skipped).
    assert "3/3 files" in final
    assert "8 facts" in final
    assert "1,000 words/s" in final
    assert (tick.documents, tick.facts, tick.words) == (2, 8, 2000)


def test_without_a_total_it_counts_files() -> None:
    console = _console()
    with ExtractProgress(console, clock=_Clock()) as tick:
        tick(_document(0, facts=1))
    assert "1 files" in _text(console) and "1 facts" in _text(console)


def test_silent_when_disabled_or_not_a_terminal() -> None:
    for console, enabled in ((_console(), False), (_console(terminal=False), None)):
        with progress_for(console, total=2, enabled=enabled) as tick:
            tick(_document(0, facts=2))
        assert _text(console) == ""
        assert (tick.documents, tick.facts) == (1, 2)


def test_stdout_is_left_alone_while_it_draws() -> None:
    stdout = sys.stdout
    with progress_for(_console(), total=1, enabled=True):
        assert sys.stdout is stdout


def test_count_inputs_walks_without_reading(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("12345")
    (tmp_path / "b.md").write_text("123")
    (tmp_path / "skip.csv").write_text("1,2")
    totals = count_inputs([tmp_path, tmp_path / "a.txt", tmp_path / "gone.txt", "-"])
    assert (totals.files, totals.bytes) == (3, 8)
