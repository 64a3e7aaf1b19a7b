"""``laborfacts report``: read inputs, build the HTML page, write it atomically."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from laborfacts.cli.app import EXIT_HELP, Jobs, app
from laborfacts.export import atomic_writer
from laborfacts.reading import printable
from laborfacts.report import build_report, load_report_inputs, text_problem


def _line(text: str) -> None:
    sys.stderr.write(printable(text) + "\n")


@app.command(epilog=EXIT_HELP)
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
    """Write a self-contained HTML page to review facts: highlighted articles, tables, the diff."""
    if output is not None and output.is_dir():
        raise typer.BadParameter(f"{output} is a folder", param_hint="--output")
    if articles is not None and not articles.is_dir():
        raise typer.BadParameter(f"{articles} is not a folder", param_hint="--articles")
    stdin = sys.stdin.buffer if "-" in paths and sys.stdin is not None else None
    inputs = load_report_inputs(paths, articles=articles, jobs=jobs, stdin=stdin)
    if not quiet:
        for p in inputs.problems:
            _line(f"{'skipped' if p.skipped else 'warning'}: {p}")
    if not inputs.documents:
        _line("error: no document could be read; nothing to report")
        raise typer.Exit(2)
    if not quiet:
        for doc in inputs.documents:
            problem = text_problem(doc, inputs.texts.get(doc.id))
            if problem is not None:
                _line(f"warning: {doc.id}: {problem}; showing its facts table only")
    page = build_report(inputs.documents, inputs.texts, title=title)
    try:
        if output is not None:
            with atomic_writer(output) as fh:
                fh.write(page)
        else:
            sys.stdout.write(page)
            sys.stdout.flush()
    except BrokenPipeError:
        raise typer.Exit(141) from None
    except OSError as exc:
        _line(f"error: cannot write {output}: {(exc.strerror or str(exc)).lower()}")
        raise typer.Exit(1) from None
    if any(p.skipped for p in inputs.problems):
        raise typer.Exit(1)
