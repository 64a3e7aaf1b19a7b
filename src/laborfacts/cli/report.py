"""``laborfacts report``: read inputs, build the HTML page, write it atomically."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from laborfacts.cli.app import REPORT_EXIT_HELP, Jobs, app
from laborfacts.cli.errors import command_errors, refuse_input_as_output, say
from laborfacts.cli.writers import utf8_stdout
from laborfacts.export import atomic_writer
from laborfacts.reading import output_clash
from laborfacts.report import ReportError, report_paths


@app.command(epilog=REPORT_EXIT_HELP)
def report(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Articles, folders, - for stdin, or extraction output (.json from extract "
            "--format json or --out-dir, .jsonl from --format jsonl)."
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write the page to this file (atomically), not stdout."
        ),
    ] = None,
    articles: Annotated[
        Path | None,
        typer.Option(
            "--articles",
            help="Folder holding the articles of .jsonl/.json records, as <id>.txt or <id>.md, "
            "for records whose path cannot be read.",
        ),
    ] = None,
    title: Annotated[str, typer.Option("--title", help="Title of the page.")] = "laborfacts report",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No warnings.")] = False,
    jobs: Jobs = 1,
) -> None:
    """Write a self-contained HTML page to review facts: highlighted articles, tables, the diff.

    Examples:

      laborfacts report data/raw -o report.html

      laborfacts extract data/raw -f json -o facts.json && laborfacts report facts.json -o report.html
    """
    if output is not None and output.is_dir():
        raise typer.BadParameter(f"{output} is a folder", param_hint="--output")
    if articles is not None and not articles.is_dir():
        raise typer.BadParameter(f"{articles} is not a folder", param_hint="--articles")
    if output is not None:
        refuse_input_as_output(output_clash(paths, output, records=True), "--output")
    with command_errors():
        _report(paths, output, articles, title, quiet, jobs)


def _report(
    paths: list[str], output: Path | None, articles: Path | None, title: str, quiet: bool, jobs: int
) -> None:
    stdin = sys.stdin.buffer if "-" in paths and sys.stdin is not None else None
    try:
        result = report_paths(paths, articles=articles, title=title, jobs=jobs, stdin=stdin)
    except ReportError as exc:
        for line in str(exc).splitlines()[1:]:
            say(f"skipped: {line.strip()}")
        say(f"error: {str(exc).splitlines()[0]}")
        raise typer.Exit(2) from None
    if not quiet:
        for p in result.problems:
            say(f"{'skipped' if p.skipped else 'warning'}: {p}")
        for doc_id, problem in result.without_text.items():
            say(f"warning: {doc_id}: {problem}; showing its facts table only")
    # A closed pipe or an unwritable output ends the command in command_errors.
    if output is not None:
        with atomic_writer(output) as fh:
            fh.write(result.html)
    else:
        out = utf8_stdout()  # the page says it is UTF-8
        out.write(result.html)
        out.flush()
    if any(p.skipped for p in result.problems):
        raise typer.Exit(1)
