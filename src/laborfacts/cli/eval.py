from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from laborfacts.cli.app import EVAL_EXIT_HELP, Jobs, Rules, app
from laborfacts.cli.errors import command_errors, say
from laborfacts.evaluate import EvalInputError, evaluate_paths


class EvalFormat(StrEnum):
    table = "table"
    json = "json"


_Gold = Annotated[Path, typer.Argument(help="Gold .jsonl file, or a folder of them.")]

_Predictions = Annotated[
    list[Path],
    typer.Argument(
        help="Predictions (any output of extract: .jsonl, .json, .csv, an --out-dir "
        "folder), or articles (.txt/.md files or folders) to extract first.",
        show_default=False,
    ),
]

_Fmt = Annotated[
    EvalFormat, typer.Option("--format", "-f", help="table, or json for the whole report.")
]

_Details = Annotated[
    bool,
    typer.Option("--details", help="List every miss, false positive and wrong value."),
]

_MinF1 = Annotated[
    float | None,
    typer.Option("--min-f1", help="Exit 1 when strict F1 is below this.", min=0.0, max=1.0),
]

_Articles = Annotated[
    Path | None,
    typer.Option("--articles", help="Folder of the articles, to check gold offsets against."),
]

_Docs = Annotated[
    list[str] | None,
    typer.Option("--doc", help="Score only this document id (repeatable)."),
]

_Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No warnings.")]


@app.command("eval", epilog=EVAL_EXIT_HELP)
def eval_command(
    gold: _Gold,
    predictions: _Predictions,
    fmt: _Fmt = EvalFormat.table,
    details: _Details = False,
    min_f1: _MinF1 = None,
    articles: _Articles = None,
    docs: _Docs = None,
    quiet: _Quiet = False,
    jobs: Jobs = 1,
    rules: Rules = None,
) -> None:
    """Score extracted facts against gold annotations (strict, typed, value, span F1).

    Examples:

      laborfacts eval gold/ data/raw

      laborfacts eval gold/ predictions.jsonl --details

      laborfacts eval gold/ data/raw --min-f1 0.95 -f json

      laborfacts eval gold/ data/raw --rules my-rules/
    """
    with command_errors():
        try:
            from laborfacts.progress import progress_for

            # a progress bar on a terminal while articles are extracted
            with progress_for(enabled=False if quiet else None) as tick:
                report = evaluate_paths(
                    gold,
                    predictions,
                    articles=articles,
                    docs=docs or None,
                    jobs=jobs,
                    on_document=tick,
                    rules=rules,
                )
        except EvalInputError as exc:
            say(f"error: {exc}")
            raise typer.Exit(2) from None

        if not quiet:
            for w in report.warnings:
                say(f"warning: {w}")
        if fmt is EvalFormat.json:
            typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
        else:
            from laborfacts.render import console
            from laborfacts.render_eval import print_report

            print_report(report, console(), details=details)

    f1 = round(report.strict.f1, 4)
    if min_f1 is not None and f1 < min_f1:
        typer.echo(f"strict F1 {f1:.3f} is below --min-f1 {min_f1:.3f}", err=True)
        raise typer.Exit(1)
