"""``laborfacts extract``: parse options, stream documents from ``extract_stream``
into one writer, report problems on stderr, and turn the outcome into an exit code.

The loop in ``_write_all`` takes one document at a time, so a progress bar can
wrap it without touching the writers; serial or parallel is the library's choice.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated, Any

import typer

from laborfacts.cli.app import Engine, EngineOption, Jobs, Rules, Scheduler, app
from laborfacts.cli.errors import SIGNALS_HELP, command_errors, refuse_input_as_output
from laborfacts.cli.outcome import Reporter, summary_line
from laborfacts.cli.reading_options import (
    Reading,
    StoreUnusable,
    codec_option,
    iso_date_option,
    parse_size,
)
from laborfacts.cli.writers import Format, Writer, open_writer, utf8_stdout
from laborfacts.export import OutDirWriter, ParquetMissing
from laborfacts.models import Document, FactType
from laborfacts.options import ExtractOptions
from laborfacts.parallel import WorkerDied
from laborfacts.progress import count_inputs, progress_for
from laborfacts.reading import output_clash
from laborfacts.results import Part, Problem

EXTRACT_EXIT_HELP = (
    "Exit codes: 0 every input processed (warnings allowed); "
    "1 an input was skipped or failed (missing, unreadable, binary, an empty folder, "
    "an extraction error), an output could not be written, or, with --strict, "
    "any warning was given (e.g. a cp1252 fallback); "
    "2 usage error (including an --output or --out-dir file that is one of the inputs, "
    "or a --rules folder with a bad file or entry); "
    + SIGNALS_HELP
    + " Outputs written to files are complete or absent, never half-written."
)
_MAX_SUMMARY_ROWS = 50
# Former names, which the Dask engine's command module imports.
_Reporter = Reporter
_summary = summary_line
_utf8_stdout = utf8_stdout
__all__ = ["Format", "Writer", "extract"]


def extract_stream(paths: list[str], **kw: Any) -> Iterable[Part | Document]:
    """``laborfacts.api.extract_stream``, imported when a run starts, so the
    commands that only read records never load the pipeline."""
    from laborfacts import api

    return api.extract_stream(paths, **kw)


def _run(
    paths: list[str],
    chosen: Format,
    output: Path | None,
    out_dir: Path | None,
    options: ExtractOptions,
    problems: list[Problem],
    reporter: Reporter,
    jobs: int = 1,
    reading: Reading | None = None,
) -> tuple[int, int]:
    """Extract and write everything; returns (documents, facts)."""
    reading = reading or Reading()
    stdin = sys.stdin.buffer if "-" in paths and sys.stdin is not None else None
    types = list(options.types) if options.types is not None else None
    store = reading.open_store(types, options.max_bytes)
    # Long documents come in parts, written as they come: memory stays flat.
    documents = extract_stream(
        paths,
        options=options,
        jobs=jobs,
        problems=problems,
        stdin=stdin,
        skip=store.unchanged if store is not None else None,
    )
    # The progress line goes to stderr, only on a terminal, and never over a
    # table that is itself being drawn on the terminal.
    drawing = chosen is Format.table and output is None and store is None
    show = not reporter.quiet and not drawing
    show = show and sys.stderr is not None and sys.stderr.isatty()
    total = count_inputs(paths).files if show else None
    rows: list[tuple[str, str | None, int, str]] = []
    with ExitStack() as stack:
        writer = store if store is not None else open_writer(chosen, output, out_dir, stack)
        tick = stack.enter_context(progress_for(total=total, enabled=show))
        counts = _write_all(documents, writer, rows, tick, lambda: reporter.flush(problems))
        writer.close()
    reporter.flush(problems)
    if isinstance(writer, OutDirWriter) and not reporter.quiet:
        from laborfacts.render import print_out_dir

        print_out_dir(rows, writer.documents, writer.facts, writer.table_path, _MAX_SUMMARY_ROWS)
    if store is not None:
        reading.unchanged = store.stats.unchanged
    return counts


def _write_all(
    documents: Iterable[Part | Document],
    writer: Writer | Any,
    rows: list[tuple[str, str | None, int, str]],
    tick: Callable[[Document], Any],
    flush: Callable[[], Any],
) -> tuple[int, int]:
    """Write each document (its parts first, to a writer that takes them);
    returns (documents, facts)."""
    n_docs = n_facts = 0
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
        flush()
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
    rules: Rules = None,
    engine: EngineOption = Engine.local,
    scheduler: Scheduler = None,
    partition_size: Annotated[
        int | None,
        typer.Option(
            "--partition-size", min=1, help="Files per partition (--engine dask; default 64)."
        ),
    ] = None,
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

      laborfacts extract data/raw --rules my-rules/ -o facts.jsonl
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
        if rules is not None:
            # The store tells unchanged articles by their text and settings, not by rules.
            raise typer.BadParameter("--db cannot be used with --rules", param_hint="--rules")
    type_names = [str(t) for t in types] if types else None
    if engine is Engine.dask:
        from laborfacts.cli import dask_engine as de

        if db is not None:
            raise typer.BadParameter("--db needs the local engine", param_hint="--db")
        if rules is not None:
            raise typer.BadParameter("--rules needs the local engine", param_hint="--rules")
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
                partition_size=partition_size or _partition_size(),
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
    reporter = Reporter(quiet)
    options = ExtractOptions(
        types=tuple(type_names) if type_names else None,
        published=published,
        encoding=encoding,
        max_bytes=limit,
        rules=str(rules) if rules is not None else None,
    )
    reading = Reading(published, encoding, db, rebuild)
    try:
        with command_errors():
            n_docs, n_facts = _run(
                paths, chosen, output, out_dir, options, problems, reporter, jobs, reading
            )
    except WorkerDied as exc:
        reporter.line(f"laborfacts: {exc}")
        raise typer.Exit(1) from None
    except (ParquetMissing, StoreUnusable) as exc:
        reporter.line(f"laborfacts: {exc}")
        raise typer.Exit(2) from None

    skipped = any(p.skipped for p in problems)
    warned = any(not p.skipped for p in problems)
    if not quiet:
        reporter.line(summary_line(n_docs, n_facts, problems, reading.unchanged))
    if skipped or (strict and warned):
        raise typer.Exit(1)


def _partition_size() -> int:
    from laborfacts.engines import PARTITION_SIZE

    return PARTITION_SIZE
