from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from laborfacts.cli.app import SUMMARY_EXIT_HELP, Jobs, app
from laborfacts.cli.errors import command_errors, say
from laborfacts.models import FactType
from laborfacts.summary import SummaryError, summarize_paths


class SummaryFormat(StrEnum):
    table = "table"
    json = "json"


@app.command(epilog=SUMMARY_EXIT_HELP)
def summary(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Articles or folders of them (extracted first), or extract's output: "
            ".json (--format json, --out-dir), .jsonl or .csv files."
        ),
    ],
    fmt: Annotated[
        SummaryFormat, typer.Option("--format", "-f", help="table, or json for the counts.")
    ] = SummaryFormat.table,
    types: Annotated[
        list[FactType] | None,
        typer.Option("--type", "-t", help="Count only this type (repeatable)."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No warnings.")] = False,
    jobs: Jobs = 1,
) -> None:
    """Count facts per type and per document.

    Examples:

      laborfacts summary data/raw

      laborfacts summary data/extracted/facts.csv -f json
    """
    with command_errors():
        try:
            result = summarize_paths(
                paths, types=[str(t) for t in types] if types else None, jobs=jobs
            )
        except SummaryError as exc:
            # one line per input left out, then the error (as report and diff say it)
            lines = str(exc).splitlines()
            for line in lines[1:]:
                say(f"skipped: {line.strip()}")
            say(f"error: {lines[0]}")
            raise typer.Exit(2) from None
        if not quiet:
            for p in result.problems:
                say(f"{'skipped' if p.skipped else 'warning'}: {p}")
        if fmt is SummaryFormat.json:
            typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
        else:
            from laborfacts.render import console
            from laborfacts.render_summary import print_summary

            print_summary(result, console())
    if any(p.skipped for p in result.problems):
        raise typer.Exit(1)
