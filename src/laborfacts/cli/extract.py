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
from typing import Any

import typer

from laborfacts.cli.app import Engine, EngineOption, Jobs, Rules, Scheduler, app
from laborfacts.cli.errors import SIGNALS_HELP, command_errors, refuse_input_as_output
from laborfacts.cli.extract_options import (
    Db,
    Encoding,
    FormatOption,
    MaxBytes,
    OutDir,
    Output,
    PartitionSize,
    Paths,
    Published,
    Quiet,
    Rebuild,
    Strict,
    Types,
)
from laborfacts.cli.outcome import Reporter, summary_line
from laborfacts.cli.reading_options import (
    Reading,
    StoreUnusable,
    parse_size,
)
from laborfacts.cli.writers import Format, Writer, open_writer, utf8_stdout
from laborfacts.export import OutDirWriter, ParquetMissing
from laborfacts.models import Document
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
    paths: Paths,
    fmt: FormatOption = None,
    output: Output = None,
    out_dir: OutDir = None,
    types: Types = None,
    strict: Strict = False,
    max_bytes: MaxBytes = "50MB",
    quiet: Quiet = False,
    db: Db = None,
    rebuild: Rebuild = False,
    published: Published = None,
    encoding: Encoding = None,
    jobs: Jobs = 1,
    rules: Rules = None,
    engine: EngineOption = Engine.local,
    scheduler: Scheduler = None,
    partition_size: PartitionSize = None,
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
    _check_outputs(paths, fmt, output, out_dir, db, rebuild, rules)
    type_names = tuple(str(t) for t in types) if types else None
    options = ExtractOptions(type_names, published, encoding, limit, rules=_rules(rules))
    if engine is Engine.dask:
        _run_dask(
            paths, fmt, output, out_dir, options, db, jobs, scheduler, partition_size, strict, quiet
        )
    if scheduler is not None:
        raise typer.BadParameter("--scheduler needs --engine dask", param_hint="--scheduler")
    reading = Reading(published, encoding, db, rebuild)
    _run_local(paths, fmt, output, out_dir, options, reading, jobs, quiet, strict)


def _run_local(
    paths: list[str],
    fmt: Format | None,
    output: Path | None,
    out_dir: Path | None,
    options: ExtractOptions,
    reading: Reading,
    jobs: int,
    quiet: bool,
    strict: bool,
) -> None:
    """The run on this machine; ends with the exit code of its outcome."""
    chosen = fmt or (Format.table if sys.stdout.isatty() and output is None else Format.jsonl)
    problems: list[Problem] = []
    reporter = Reporter(quiet)
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


def _rules(rules: Path | None) -> str | None:
    return str(rules) if rules is not None else None


def _check_outputs(
    paths: list[str],
    fmt: Format | None,
    output: Path | None,
    out_dir: Path | None,
    db: Path | None,
    rebuild: bool,
    rules: Path | None,
) -> None:
    """Usage errors among the output options, before anything is read or written."""
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


def _run_dask(
    paths: list[str],
    fmt: Format | None,
    output: Path | None,
    out_dir: Path | None,
    options: ExtractOptions,
    db: Path | None,
    jobs: int,
    scheduler: str | None,
    partition_size: int | None,
    strict: bool,
    quiet: bool,
) -> None:
    """``--engine dask``: the run on a cluster; ends the command with its exit code."""
    from laborfacts.cli import dask_engine as de
    from laborfacts.engines import PARTITION_SIZE

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
            list(options.types) if options.types else None,
            scheduler=scheduler,
            jobs=jobs,
            partition_size=partition_size or PARTITION_SIZE,
            strict=strict,
            quiet=quiet,
            published=options.published,
            encoding=options.encoding,
            rules=options.rules,
        )
    )
