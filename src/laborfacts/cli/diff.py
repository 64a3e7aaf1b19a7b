from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any

import typer

from laborfacts.cli.app import DIFF_EXIT_HELP, Engine, EngineOption, Jobs, Rules, Scheduler, app
from laborfacts.cli.errors import command_errors, refuse_input_as_output, say
from laborfacts.diff import DEFAULT_TOLERANCE, DiffError, DiffResult, Status, diff_paths
from laborfacts.export import atomic_writer
from laborfacts.models import FactType
from laborfacts.reading import output_clash


class DiffFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


_Paths = Annotated[
    list[str] | None,
    typer.Argument(
        help="Articles, folders, or extraction output (.jsonl, .json, .csv of extract, "
        "an --out-dir folder); at least two documents in all.",
        show_default=False,
    ),
]

_Types = Annotated[
    list[FactType] | None,
    typer.Option("--type", "-t", help="Compare only this type (repeatable)."),
]

_Subject = Annotated[
    str | None,
    typer.Option("--subject", "-s", help="Only frames about this subject (aliases allowed)."),
]

_Tolerance = Annotated[
    float,
    typer.Option(min=0.0, help="How far an approximate value reaches, as a fraction of it."),
]

_Statuses = Annotated[
    list[Status] | None,
    typer.Option("--status", help="Only frames with this status (repeatable)."),
]

_Fmt = Annotated[
    DiffFormat | None,
    typer.Option("--format", "-f", help="Output format; table on a terminal, else json."),
]

_Output = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
]

_Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No warnings.")]

_Db = Annotated[
    Path | None,
    typer.Option("--db", help="Compare the documents stored by extract --db instead of PATHS."),
]

_Pairs = Annotated[
    bool,
    typer.Option(
        "--pairs",
        help="A row per pair of claims from different documents, with its status and "
        "reason (table and csv; json always lists each frame's pairs).",
    ),
]


def _refuse_local(
    paths: list[str] | None,
    db: Path | None,
    rules: Path | None,
    scheduler: str | None,
    output: Path | None,
) -> None:
    """The option mistakes of a local diff, as usage errors."""
    if scheduler is not None:
        raise typer.BadParameter("--scheduler needs --engine dask", param_hint="--scheduler")
    if (db is None) == (not paths):
        raise typer.BadParameter("give either PATHS or --db", param_hint="PATHS")
    if db is not None and rules is not None:
        raise typer.BadParameter("--rules applies to PATHS, not --db", param_hint="--rules")
    if output is not None:
        inputs = [str(db)] if db is not None else paths or []
        refuse_input_as_output(output_clash(inputs, output, records=db is None), "--output")


@app.command(epilog=DIFF_EXIT_HELP)
def diff(
    paths: _Paths = None,
    types: _Types = None,
    subject: _Subject = None,
    tolerance: _Tolerance = DEFAULT_TOLERANCE,
    statuses: _Statuses = None,
    fmt: _Fmt = None,
    output: _Output = None,
    quiet: _Quiet = False,
    db: _Db = None,
    pairs: _Pairs = False,
    jobs: Jobs = 1,
    rules: Rules = None,
    engine: EngineOption = Engine.local,
    scheduler: Scheduler = None,
) -> None:
    """Compare the claims several articles make: agree, conflict, changed, or only in one.

    Examples:

      laborfacts diff a.txt b.txt

      laborfacts diff data/raw --status conflict -f json

      laborfacts diff a.txt b.txt --pairs

      laborfacts diff --db facts.db --subject Amazon

      laborfacts diff --engine dask facts/ -o claims/

      laborfacts diff a.txt b.txt --rules my-rules/
    """
    if engine is Engine.dask:
        _run_dask(
            paths or [],
            output,
            db,
            rules,
            scheduler,
            jobs,
            tolerance,
            types,
            subject,
            statuses,
            quiet,
        )
    _refuse_local(paths, db, rules, scheduler, output)
    options: dict[str, Any] = {
        "tolerance": tolerance,
        "types": [str(t) for t in types] if types else None,
        "subject": subject,
        "statuses": statuses,
    }
    if rules is not None:
        options["rules"] = rules
    with command_errors():
        _diff(paths or [], db, options, fmt, output, quiet, pairs, jobs, statuses is None)


def _run_dask(
    paths: list[str],
    output: Path | None,
    db: Path | None,
    rules: Path | None,
    scheduler: str | None,
    jobs: int,
    tolerance: float,
    types: list[FactType] | None,
    subject: str | None,
    statuses: list[Status] | None,
    quiet: bool,
) -> None:
    """``--engine dask``: the diff on a cluster; ends the command with its exit code."""
    from laborfacts.cli.dask_engine import run_diff

    if db is not None:
        raise typer.BadParameter("--db needs the local engine", param_hint="--db")
    if rules is not None:
        raise typer.BadParameter("--rules needs the local engine", param_hint="--rules")
    raise typer.Exit(
        run_diff(
            paths,
            output,
            scheduler=scheduler,
            jobs=jobs,
            tolerance=tolerance,
            types=[str(t) for t in types] if types else None,
            subject=subject,
            statuses=statuses,
            quiet=quiet,
        )
    )


def _diff(
    paths: list[str],
    db: Path | None,
    options: dict[str, Any],
    fmt: DiffFormat | None,
    output: Path | None,
    quiet: bool,
    pairs: bool,
    jobs: int,
    hide_only: bool,
) -> None:
    result = _compare(paths, db, options, quiet, jobs)
    chosen = fmt or (
        DiffFormat.table if sys.stdout.isatty() and output is None else DiffFormat.json
    )
    if chosen is DiffFormat.table:
        _print_table(result, output, pairs, hide_only)
    else:
        _write_records(result, chosen, output, pairs)
    skipped = [p for p in result.problems if p.skipped]
    if not quiet:
        for p in result.problems:
            say(f"{'skipped' if p.skipped else 'warning'}: {p}")
    if skipped:
        raise typer.Exit(1)


def _compare(
    paths: list[str], db: Path | None, options: dict[str, Any], quiet: bool, jobs: int
) -> DiffResult:
    """The diff of the stored documents or of ``paths``; exit 2 if it cannot be made."""
    try:
        if db is not None:
            from laborfacts.store import diff_store

            return diff_store(db, **options)
        from laborfacts.progress import count_inputs, progress_for

        # a progress bar on a terminal while the articles are extracted
        total = count_inputs(paths).files
        with progress_for(total=total, enabled=False if quiet else None) as tick:
            return diff_paths(paths, jobs=jobs, on_document=tick, **options)
    except DiffError as exc:
        if not quiet:
            for p in exc.problems:
                say(f"{'skipped' if p.skipped else 'warning'}: {p}")
        say(f"error: {exc}")
        raise typer.Exit(2) from None


def _print_table(result: DiffResult, output: Path | None, pairs: bool, hide_only: bool) -> None:
    from laborfacts.render import console
    from laborfacts.render_diff import print_diff, print_pairs

    # Frames found in one document only would bury the comparisons; the
    # table shows them when asked for by --status (``hide_only``).
    show = print_pairs if pairs else print_diff
    if output is not None:
        with atomic_writer(output) as fh:
            show(result, console(fh, width=160), hide_only)
    else:
        show(result, console(), hide_only)


def _write_records(
    result: DiffResult, chosen: DiffFormat, output: Path | None, pairs: bool
) -> None:
    from laborfacts.diff_records import write_diff_csv
    from laborfacts.pairs import diff_json_with_pairs, write_pairs_csv

    def write(fh: IO[str]) -> None:
        if chosen is DiffFormat.csv:
            (write_pairs_csv if pairs else write_diff_csv)(result, fh)
        else:
            json.dump(diff_json_with_pairs(result), fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    if output is not None:
        with atomic_writer(output, newline="" if chosen is DiffFormat.csv else None) as fh:
            write(fh)
    else:
        write(sys.stdout)
        sys.stdout.flush()
