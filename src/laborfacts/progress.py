"""A progress line for long extractions, on stderr; the only module here that draws one.

Wrap any stream of documents::

    totals = count_inputs(paths)
    with progress_for(total=totals.files) as tick:
        for document in documents:
            tick(document)
            writer.write(document)

It shows the files done (of the total, when known), the facts found, the
throughput in words per second and the elapsed time. It draws nothing when
the console is not a terminal or when ``enabled=False`` (``--quiet``); then
``tick`` only counts. While it is shown, lines written to ``sys.stderr``
appear above it; ``sys.stdout`` is left alone, so output piped or written to
stdout stays clean.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from laborfacts.models import Document
from laborfacts.reading import STDIN, discover

if TYPE_CHECKING:
    from rich.console import Console


@dataclass(frozen=True)
class Totals:
    """What a run will read: files (stdin counts as one) and their bytes (stdin not counted)."""

    files: int
    bytes: int


def count_inputs(paths: Iterable[str | Path]) -> Totals:
    """Count the inputs ``extract_paths`` will try, without reading them (a quick walk)."""
    files = size = 0
    for source in discover(paths, []):
        files += 1
        if source.path != STDIN:
            try:
                size += os.stat(source.path).st_size
            except OSError:
                pass
    return Totals(files, size)


class ExtractProgress:
    """Counts documents, facts and words; draws a Rich progress bar when enabled.

    Use as a context manager; call the instance (or ``tick``) once per document.
    """

    def __init__(
        self,
        console: Console | None = None,
        *,
        total: int | None = None,
        enabled: bool | None = None,
        description: str = "extracting",
        transient: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self.documents = 0
        self.facts = 0
        self.words = 0
        self.description = description
        self._clock = clock
        self._start = clock()
        self._console = console
        self._enabled = enabled
        self._transient = transient
        self._progress: Any = None
        self._task: Any = None

    @property
    def words_per_second(self) -> float:
        elapsed = self._clock() - self._start
        return self.words / elapsed if elapsed > 0 else 0.0

    def __enter__(self) -> ExtractProgress:
        self._start = self._clock()
        console = self._console
        if self._enabled is False:
            return self
        if console is None:
            from rich.console import Console

            console = Console(stderr=True)
        if self._enabled is None and not console.is_terminal:
            return self
        self._progress = _make_progress(console, self.total, self._transient, self._clock)
        self._task = self._progress.add_task(
            self.description, total=self.total, facts=0, speed="", done=0
        )
        self._progress.start()
        return self

    def __call__(self, document: Document) -> None:
        self.tick(document)

    def tick(self, document: Document) -> None:
        """Count one finished document and redraw (at most a few times a second)."""
        self.add(1, len(document.facts), document.words)

    def add(self, documents: int, facts: int, words: int) -> None:
        """Count several finished documents at once (a partition written elsewhere)."""
        self.documents += documents
        self.facts += facts
        self.words += words
        if self._progress is not None:
            self._progress.update(
                self._task,
                advance=documents,
                facts=self.facts,
                done=self.documents,
                speed=f"{self.words_per_second:,.0f} words/s",
            )

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is None:
            return
        if exc_type is None and self.total is not None:
            # Skipped inputs give no document; the run is complete all the same.
            self._progress.update(self._task, completed=self.total)
        self._progress.update(
            self._task, speed=f"{self.words_per_second:,.0f} words/s", refresh=True
        )
        self._progress.stop()
        self._progress = None


def progress_for(
    console: Console | None = None,
    *,
    total: int | None = None,
    enabled: bool | None = None,
    transient: bool = False,
) -> ExtractProgress:
    """An ``ExtractProgress`` on ``console`` (stderr by default).

    ``enabled=None`` draws only when the console is a terminal; ``False``
    never draws (``--quiet``); ``True`` always does.
    """
    return ExtractProgress(console, total=total, enabled=enabled, transient=transient)


def _make_progress(
    console: Console, total: int | None, transient: bool, clock: Callable[[], float]
) -> Any:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns: list[ProgressColumn | str] = [TextColumn("{task.description}")]
    if total is not None:
        columns += [BarColumn(), MofNCompleteColumn(), TextColumn("files")]
    else:
        columns += [TextColumn("{task.fields[done]} files")]
    columns += [
        TextColumn("· {task.fields[facts]} facts ·"),
        TextColumn("{task.fields[speed]}"),
        TimeElapsedColumn(),
    ]
    if total is not None:
        columns.append(TimeRemainingColumn())
    return Progress(
        *columns,
        console=console,
        transient=transient,
        refresh_per_second=4,
        redirect_stdout=False,
        redirect_stderr=True,
        get_time=clock,
    )
