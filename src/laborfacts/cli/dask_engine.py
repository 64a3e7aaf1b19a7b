"""``--engine dask`` of ``extract`` and ``diff``: check options, start or join a cluster,
call ``laborfacts.engines``, write and report. Returns the exit code."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from laborfacts.api import Problem
from laborfacts.cli.errors import command_errors
from laborfacts.cli.extract import Format, _Reporter, _summary, _utf8_stdout
from laborfacts.diff import DiffError, Status
from laborfacts.engines import (
    EngineError,
    EngineUnavailable,
    PartitionOutcome,
    dask_client,
    diff_dask,
    extract_dask,
    is_url,
    job_rules,
    require_dask,
)
from laborfacts.export import (
    CsvWriter,
    JsonlWriter,
    ParquetWriter,
    atomic_binary_writer,
    atomic_writer,
)
from laborfacts.parallel import available_cpus
from laborfacts.progress import count_inputs, progress_for
from laborfacts.reading import printable

if TYPE_CHECKING:
    from distributed import Client


class UsageError(ValueError):
    """Options that do not go together with --engine dask; the message names them."""


def check_extract_options(fmt: Format | None, output: Path | None, out_dir: Path | None) -> Format:
    """The output format of a Dask extraction; raises UsageError for the wrong options."""
    chosen = fmt or (Format.parquet if out_dir is not None else Format.jsonl)
    if chosen is Format.parquet:
        if out_dir is None and output is None:
            raise UsageError("--format parquet writes a file (-o) or a folder (--out-dir)")
    elif chosen in (Format.jsonl, Format.csv):
        if out_dir is not None:
            raise UsageError("with --engine dask, --out-dir is for --format parquet")
    else:
        raise UsageError("--engine dask writes jsonl, csv or parquet")
    return chosen


def _dashboard(client: Client) -> str | None:
    """The dashboard's address, if the scheduler runs one."""
    if "dashboard" not in client.scheduler_info().get("services", {}):
        return None
    return str(client.dashboard_link)


def _writer(
    chosen: Format, output: Path | None, stack: ExitStack
) -> JsonlWriter | CsvWriter | ParquetWriter:
    """The writer of one output file (``-o``) or stdout, entered on ``stack``."""
    if chosen is Format.parquet and output is not None:
        # one file, by the writer (and schema) of a local run
        return ParquetWriter(stack.enter_context(atomic_binary_writer(output)))
    fh: IO[str] = (
        stack.enter_context(atomic_writer(output, newline="" if chosen is Format.csv else None))
        if output is not None
        else _utf8_stdout()
    )
    return CsvWriter(fh) if chosen is Format.csv else JsonlWriter(fh)


def _drain(
    outcomes: Iterable[PartitionOutcome],
    writer: JsonlWriter | CsvWriter | ParquetWriter | None,
    bar: Any,
    flush: Callable[[], None],
) -> tuple[int, int]:
    """Write each partition's documents as it comes; returns (documents, facts)."""
    n_docs = n_facts = 0
    for outcome in outcomes:
        if writer is not None:
            for document in outcome.documents:
                writer.write(document)
        bar.add(outcome.n_documents, outcome.n_facts, outcome.n_words)
        n_docs += outcome.n_documents
        n_facts += outcome.n_facts
        flush()
    if writer is not None:
        writer.close()
    return n_docs, n_facts


def run_extract(
    paths: list[str],
    chosen: Format,
    output: Path | None,
    out_dir: Path | None,
    types: list[str] | None,
    *,
    scheduler: str | None,
    jobs: int,
    partition_size: int,
    strict: bool,
    quiet: bool,
    published: str | None = None,
    encoding: str | None = None,
    rules: str | Path | None = None,
) -> int:
    """Run ``extract_dask`` and write its documents: Parquet parts with ``--out-dir``,
    else one file (``-o``, Parquet as a local run writes it, JSONL or CSV) or stdout.

    ``rules`` (``--rules``) is a folder of rule files merged over the package's;
    every worker builds its pipeline with it (``pipeline.get_nlp(rules)``)."""
    reporter = _Reporter(quiet)
    if not _dask_installed(reporter):
        return 2
    problems: list[Problem] = []
    show, total = _bar(paths, quiet)
    # Signals, a closed pipe and an unwritable output end the run in
    # command_errors, as they end every command.
    try:
        with (
            command_errors(),
            dask_client(
                scheduler, workers=jobs or available_cpus(), rules=job_rules(rules)
            ) as client,
            ExitStack() as stack,
        ):
            _announce(client, reporter, quiet)
            parts = chosen is Format.parquet and out_dir is not None
            one_file = chosen is Format.parquet and output is not None
            writer = _writer(chosen, output, stack) if one_file or not parts else None
            bar = stack.enter_context(progress_for(total=total, enabled=show))
            outcomes = extract_dask(
                paths,
                client,
                types=types,
                out_dir=out_dir if parts else None,
                partition_size=partition_size,
                problems=problems,
                published=published,
                encoding=encoding,
                rules=rules,
            )
            n_docs, n_facts = _drain(outcomes, writer, bar, lambda: reporter.flush(problems))
    except EngineError as exc:
        reporter.line(f"laborfacts: {exc}")
        return 1
    reporter.flush(problems)
    if not quiet:
        reporter.line(_summary(n_docs, n_facts, problems))
    return _exit_code(problems, strict)


def _dask_installed(reporter: _Reporter) -> bool:
    """Is the Dask engine installed? If not, says so."""
    try:
        require_dask()
    except EngineUnavailable as exc:
        reporter.line(f"laborfacts: {exc}")
        return False
    return True


def _bar(paths: list[str], quiet: bool) -> tuple[bool, int | None]:
    """Whether to show the progress bar, and its total: the walk of the
    inputs it needs is done for local ones only."""
    show = not quiet and sys.stderr is not None and sys.stderr.isatty()
    total = count_inputs(paths).files if show and not any(map(is_url, paths)) else None
    return show, total


def _announce(client: Any, reporter: _Reporter, quiet: bool) -> None:
    link = _dashboard(client)
    if link and not quiet:
        reporter.line(f"laborfacts: Dask dashboard at {link}")


def _exit_code(problems: list[Problem], strict: bool) -> int:
    """1 when an input was skipped (or, with ``strict``, read with a warning), else 0."""
    skipped = any(p.skipped for p in problems)
    warned = any(not p.skipped for p in problems)
    return 1 if skipped or (strict and warned) else 0


def run_diff(
    paths: list[str],
    output: Path | None,
    *,
    scheduler: str | None,
    jobs: int,
    tolerance: float,
    types: list[str] | None,
    subject: str | None,
    statuses: list[Status] | None,
    quiet: bool,
) -> int:
    reporter = _Reporter(quiet)
    if len(paths) != 1 or output is None:
        reporter.line(
            "laborfacts: diff --engine dask takes one folder written by "
            "extract --engine dask --format parquet, and -o DIR for the claims"
        )
        return 2
    try:
        require_dask()
    except EngineUnavailable as exc:
        reporter.line(f"laborfacts: {exc}")
        return 2
    try:
        with (
            command_errors(),
            dask_client(scheduler, workers=jobs or available_cpus()) as client,
        ):
            summary = diff_dask(
                paths[0],
                output,
                client,
                tolerance=tolerance,
                types=types,
                subject=subject,
                statuses=statuses,
            )
    except DiffError as exc:
        reporter.line(f"laborfacts: {exc}")
        return 2
    reporter.flush(summary.problems)
    if not quiet:
        counts = ", ".join(f"{n} {s}" for s, n in summary.frames.items())
        reporter.line(f"frames: {counts}; {summary.claims} claims → {printable(str(output))}")
    return 0
