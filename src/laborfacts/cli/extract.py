"""``laborfacts extract``: parse options, stream documents from ``extract_paths``
into one writer, report problems on stderr, and turn the outcome into an exit code.

The loop in ``_run`` takes one document at a time, so a progress bar or a pool
of workers can wrap ``documents`` without touching the writers.
"""

from __future__ import annotations

import io
import re
import sys
from collections import Counter
from collections.abc import Iterable
from contextlib import ExitStack
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any, Protocol

import typer

from laborfacts.api import Part, Problem, extract_stream
from laborfacts.cli.app import Engine, EngineOption, Jobs, Scheduler, app
from laborfacts.cli.errors import SIGNALS_HELP, command_errors, refuse_input_as_output, say
from laborfacts.cli.reading_options import Reading, codec_option, iso_date_option
from laborfacts.engines import PARTITION_SIZE
from laborfacts.export import (
    CsvWriter,
    JsonlWriter,
    JsonWriter,
    OutDirWriter,
    ParquetMissing,
    ParquetWriter,
    atomic_binary_writer,
    atomic_writer,
)
from laborfacts.models import Document, FactType
from laborfacts.parallel import WorkerDied, extract_stream_parallel
from laborfacts.progress import count_inputs, progress_for
from laborfacts.reading import output_clash
from laborfacts.store import StoreError

EXTRACT_EXIT_HELP = (
    "Exit codes: 0 every input processed (warnings allowed); "
    "1 an input was skipped or failed (missing, unreadable, binary, an empty folder, "
    "an extraction error), an output could not be written, or, with --strict, "
    "any warning was given (e.g. a cp1252 fallback); "
    "2 usage error (including an --output or --out-dir file that is one of the inputs); "
    + SIGNALS_HELP
    + " Outputs written to files are complete or absent, never half-written."
)
_MAX_SUMMARY_ROWS = 50
_SIZE = re.compile(r"(\d+)\s*([kmg]i?b?|b)?", re.IGNORECASE)


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


class Writer(Protocol):
    def write(self, document: Document) -> Any: ...

    def close(self) -> None: ...


# Characters a terminal would act on (escape sequences, C1 controls, bidi
# overrides) are shown as U+FFFD; same length, so snippets still line up.
_TERMINAL_SAFE = {
    c: "\ufffd"
    for c in [
        *range(0x20),
        0x7F,
        *range(0x80, 0xA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ]
    if c not in (0x09, 0x0A)
} | {0x0D: " "}


def _for_terminal(document: Document) -> Document:
    """A copy of ``document`` safe to print: no control sequences, no Rich markup in text."""
    from rich.markup import escape

    def clean(text: str) -> str:
        return text.translate(_TERMINAL_SAFE)

    facts = [
        f.model_copy(
            update={
                "text": clean(f.text),
                "sentence": clean(f.sentence),
                "subject": escape(clean(f.subject)) if f.subject else f.subject,
            }
        )
        for f in document.facts
    ]
    title = escape(clean(document.title)) if document.title else document.title
    return document.model_copy(
        update={"id": escape(clean(document.id)), "title": title, "facts": facts}
    )


class _TableWriter:
    def __init__(self, fh: IO[str] | None) -> None:
        from rich.console import Console

        self.console = Console(file=fh) if fh is not None else Console()

    def write(self, document: Document) -> None:
        from laborfacts import render

        render.print_documents([_for_terminal(document)], self.console)

    def close(self) -> None:
        """Tables are printed per document."""


def parse_size(value: str) -> int:
    """``50000000``, ``50MB``, ``64k``, ``1GiB`` → bytes (powers of 1024 for k/M/G)."""
    m = _SIZE.fullmatch(value.strip())
    if not m or int(m.group(1)) < 1:
        raise typer.BadParameter(f"{value!r} is not a size such as 50MB, 64k or 1000000")
    scale = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}.get((m.group(2) or "b")[0].lower(), 1)
    return int(m.group(1)) * scale


def _utf8_stdout() -> IO[str]:
    out = sys.stdout
    if isinstance(out, io.TextIOWrapper) and (out.encoding or "").lower() not in ("utf-8", "utf8"):
        out.reconfigure(encoding="utf-8")
    return out


class _Reporter:
    """Prints each problem once, as it arrives, as one line on stderr."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.shown = 0

    def line(self, text: str) -> None:
        say(text)

    def flush(self, problems: list[Problem]) -> None:
        for p in problems[self.shown :]:
            if not self.quiet:
                self.line(f"{'skipped' if p.skipped else 'warning'}: {p.path}: {p.reason}")
        self.shown = len(problems)


def _reason_kind(reason: str) -> str:
    return re.split(r" \(|: |; ", reason, maxsplit=1)[0]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _summary(documents: int, facts: int, problems: list[Problem], unchanged: int = 0) -> str:
    skipped = [p for p in problems if p.skipped]
    warned = [p for p in problems if not p.skipped]
    out = (
        f"extracted {documents} document{'s' * (documents != 1)}, {facts} fact{'s' * (facts != 1)}"
    )
    if skipped:
        kinds = Counter(_reason_kind(p.reason) for p in skipped)
        detail = ", ".join(f"{k}: {n}" for k, n in kinds.most_common())
        out += f"; {_plural(len(skipped), 'input')} skipped ({detail})"
    if warned:
        out += f"; {_plural(len(warned), 'warning')}"
    if unchanged:
        out += f"; {unchanged} unchanged"
    return out


def _open_writer(
    chosen: Format, output: Path | None, out_dir: Path | None, stack: ExitStack
) -> Writer:
    if out_dir is not None:
        return OutDirWriter(out_dir, stack, table="parquet" if chosen is Format.parquet else "csv")
    if chosen is Format.parquet:
        assert output is not None  # checked with the options
        return ParquetWriter(stack.enter_context(atomic_binary_writer(output)))
    if output is not None:
        newline = "" if chosen is Format.csv else None
        fh: IO[str] = stack.enter_context(atomic_writer(output, newline=newline))
    elif chosen is Format.table:
        return _TableWriter(None)
    else:
        fh = _utf8_stdout()
    if chosen is Format.table:
        return _TableWriter(fh)
    if chosen is Format.csv:
        return CsvWriter(fh)
    if chosen is Format.json:
        return JsonWriter(fh)
    return JsonlWriter(fh)


def _print_out_dir(rows: list[tuple[str, str | None, int, str]], writer: OutDirWriter) -> None:
    from rich.console import Console

    from laborfacts import render

    console = Console()
    if writer.documents <= _MAX_SUMMARY_ROWS:
        console.print(render.summary_table(rows))
    csv_path = writer.table_path
    console.print(
        f"{writer.documents} articles, {writer.facts} facts → {csv_path}",
        markup=False,
        highlight=False,
    )


def _run(
    paths: list[str],
    chosen: Format,
    output: Path | None,
    out_dir: Path | None,
    types: list[str] | None,
    max_bytes: int,
    problems: list[Problem],
    reporter: _Reporter,
    jobs: int = 1,
    reading: Reading | None = None,
) -> tuple[int, int]:
    """Extract and write everything; returns (documents, facts)."""
    reading = reading or Reading()
    stdin = sys.stdin.buffer if "-" in paths and sys.stdin is not None else None
    store = reading.open_store(types, max_bytes)
    options: dict[str, Any] = {
        "published": reading.published,
        "encoding": reading.encoding,
        "skip": store.unchanged if store is not None else None,
    }
    documents: Iterable[Part | Document]
    # Long documents come in parts, written as they come: memory stays flat.
    if jobs == 1:
        documents = extract_stream(
            paths, types=types, problems=problems, stdin=stdin, max_bytes=max_bytes, **options
        )
    else:
        documents = extract_stream_parallel(
            paths,
            jobs=jobs,
            types=types,
            problems=problems,
            stdin=stdin,
            max_bytes=max_bytes,
            **options,
        )
    # The progress line goes to stderr, only on a terminal, and never over a
    # table that is itself being drawn on the terminal.
    drawing = chosen is Format.table and output is None and store is None
    show = not reporter.quiet and not drawing
    show = show and sys.stderr is not None and sys.stderr.isatty()
    total = count_inputs(paths).files if show else None
    n_docs = n_facts = 0
    rows: list[tuple[str, str | None, int, str]] = []
    with ExitStack() as stack:
        writer = store if store is not None else _open_writer(chosen, output, out_dir, stack)
        tick = stack.enter_context(progress_for(total=total, enabled=show))
        held: list[Any] = []  # parts of a document, for a writer that takes whole ones
        in_parts = 0
        for document in documents:
            if isinstance(document, Part):
                in_parts += len(document.facts)
                if hasattr(writer, "part"):
                    writer.part(document)
                else:
                    held.extend(document.facts)
                continue
            if held:
                document = document.model_copy(update={"facts": held + document.facts})
                held, in_parts = [], 0
            tick(document)
            target = writer.write(document)
            n_docs += 1
            found = in_parts + len(document.facts)
            n_facts += found
            in_parts = 0
            if isinstance(writer, OutDirWriter) and len(rows) < _MAX_SUMMARY_ROWS:
                rows.append((document.id, document.published, found, str(target)))
            reporter.flush(problems)
        writer.close()
    reporter.flush(problems)
    if isinstance(writer, OutDirWriter) and not reporter.quiet:
        _print_out_dir(rows, writer)
    if store is not None:
        reading.unchanged = store.stats.unchanged
    return n_docs, n_facts


@app.command(epilog=EXTRACT_EXIT_HELP)
def extract(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Article files, folders (searched recursively for *.txt, *.md, *.markdown, "
            "*.text; other files ignored), or - for stdin. A file named explicitly is always "
            "read, whatever its suffix."
        ),
    ],
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format; table on a terminal, else jsonl. csv and parquet hold typed "
            "rows (numbers in value/low/high, a date's ISO string in date, the path).",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out-dir",
            help="Write one <id>.json per article and a facts.csv (facts.parquet with "
            "--format parquet) here.",
        ),
    ] = None,
    types: Annotated[
        list[FactType] | None,
        typer.Option("--type", "-t", help="Keep only this type (repeatable)."),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Exit 1 on any warning too (e.g. a cp1252 fallback)."),
    ] = False,
    max_bytes: Annotated[
        str,
        typer.Option(
            "--max-bytes",
            help="Files larger than this are streamed in pieces cut at paragraph breaks "
            "(e.g. 50MB, 64k); memory stays bounded by it.",
        ),
    ] = "50MB",
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="No warnings, summary or progress line on stderr."),
    ] = False,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help="Store documents and facts in this SQLite database (and a metadata.json "
            "beside it, for Datasette); articles whose text is unchanged are skipped.",
        ),
    ] = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="With --db: empty the database first.")
    ] = False,
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            callback=iso_date_option,
            help="Publication date (YYYY-MM-DD) of every input, over the byline's.",
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            callback=codec_option,
            help="Decode inputs with this encoding (e.g. latin-1) instead of detecting it.",
        ),
    ] = None,
    jobs: Jobs = 1,
    engine: EngineOption = Engine.local,
    scheduler: Scheduler = None,
    partition_size: Annotated[
        int, typer.Option("--partition-size", min=1, help="Files per partition (--engine dask).")
    ] = PARTITION_SIZE,
) -> None:
    """Extract facts from articles.

    Every input is tried; one that cannot be read (missing, unreadable, binary)
    or on which extraction fails is skipped with one line on stderr, and the
    run ends with a summary line there.

    Examples:

      laborfacts extract data/raw --out-dir data/extracted

      laborfacts extract article.txt -f jsonl -o facts.jsonl

      laborfacts extract data/raw --db facts.db

      laborfacts extract data/raw -f parquet -o facts.parquet
    """
    limit = parse_size(max_bytes)
    if db is not None and (output is not None or out_dir is not None or fmt is not None):
        raise typer.BadParameter("--db writes no other output", param_hint="--db")
    if rebuild and db is None:
        raise typer.BadParameter("--rebuild needs --db", param_hint="--rebuild")
    if fmt is Format.parquet and output is None and out_dir is None:
        raise typer.BadParameter("parquet is written to a file: add -o or --out-dir")
    if output is not None and out_dir is not None:
        raise typer.BadParameter("use either --output or --out-dir", param_hint="--output")
    if output is not None and output.is_dir():
        raise typer.BadParameter(f"{output} is a folder", param_hint="--output")
    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        raise typer.BadParameter(f"{out_dir} is not a folder", param_hint="--out-dir")
    if output is not None:
        refuse_input_as_output(output_clash(paths, output), "--output")
    if out_dir is not None:
        table = OutDirWriter.PARQUET_NAME if fmt is Format.parquet else OutDirWriter.CSV_NAME
        refuse_input_as_output(output_clash(paths, out_dir / table, records=True), "--out-dir")
    if db is not None:
        refuse_input_as_output(output_clash(paths, db), "--db")
    type_names = [str(t) for t in types] if types else None
    if engine is Engine.dask:
        from laborfacts.cli import dask_engine as de

        if db is not None:
            raise typer.BadParameter("--db needs the local engine", param_hint="--db")
        try:
            dask_format = de.check_extract_options(fmt, output, out_dir)
        except de.UsageError as exc:
            raise typer.BadParameter(str(exc), param_hint="--engine") from None
        raise typer.Exit(
            de.run_extract(
                paths,
                dask_format,
                output,
                out_dir,
                type_names,
                scheduler=scheduler,
                jobs=jobs,
                partition_size=partition_size,
                strict=strict,
                quiet=quiet,
                published=published,
                encoding=encoding,
            )
        )
    if scheduler is not None:
        raise typer.BadParameter("--scheduler needs --engine dask", param_hint="--scheduler")
    chosen = fmt or (Format.table if sys.stdout.isatty() and output is None else Format.jsonl)
    problems: list[Problem] = []
    reporter = _Reporter(quiet)
    reading = Reading(published, encoding, db, rebuild)
    try:
        with command_errors():
            n_docs, n_facts = _run(
                paths, chosen, output, out_dir, type_names, limit, problems, reporter, jobs, reading
            )
    except WorkerDied as exc:
        reporter.line(f"laborfacts: {exc}")
        raise typer.Exit(1) from None
    except (ParquetMissing, StoreError) as exc:
        reporter.line(f"laborfacts: {exc}")
        raise typer.Exit(2) from None

    skipped = any(p.skipped for p in problems)
    warned = any(not p.skipped for p in problems)
    if not quiet:
        reporter.line(_summary(n_docs, n_facts, problems, reading.unchanged))
    if skipped or (strict and warned):
        raise typer.Exit(1)
