"""The Typer application every command module registers on."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from laborfacts.cli.errors import SIGNALS_HELP
from laborfacts.cli.reading_options import rules_option

EXIT_HELP = (
    "Exit codes: 0 all inputs processed; 1 some inputs skipped or failed, or an output "
    "could not be written (or, for eval, below --min-f1); 2 usage error or unusable input; "
    + SIGNALS_HELP
)
DIFF_EXIT_HELP = (
    "Exit codes: 0 every input compared; 1 an input was skipped (missing, unreadable, not an "
    "extraction) or an output could not be written; 2 usage error, fewer than two documents, "
    "an --output that is one of the inputs, or a --rules folder with a bad file or entry; "
    + SIGNALS_HELP
)
EVAL_EXIT_HELP = (
    "Exit codes: 0 scored; 1 strict F1 below --min-f1, or the report could not be written; "
    "2 usage error or unusable input (a missing or malformed file, a gold line given twice, "
    "a predictions file given twice or two holding one document, a --rules folder with a bad "
    "file or entry); " + SIGNALS_HELP
)
REPORT_EXIT_HELP = (
    "Exit codes: 0 written; 1 written, but an input was skipped, or the page could not be "
    "written; 2 usage error, nothing readable, or an --output that is one of the inputs; "
    + SIGNALS_HELP
)
SUMMARY_EXIT_HELP = (
    "Exit codes: 0 every input counted; 1 an input was skipped, or the counts could not be "
    "written; 2 usage error or nothing readable; " + SIGNALS_HELP
)
SCHEMA_EXIT_HELP = (
    "Exit codes: 0 printed; 1 the schema could not be written; 2 usage error; " + SIGNALS_HELP
)

app = typer.Typer(
    name="laborfacts",
    help="Extract source-grounded labor facts (turnover, injuries, wages, union votes, "
    "workforce, money, dates) from news articles.\n\nEvery command lists its exit codes "
    "in its --help.",
    no_args_is_help=True,
    add_completion=True,
    # -h as well as --help, on the group and (inherited) on every command
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"laborfacts {version('laborfacts')}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Extract source-grounded labor facts from news articles."""


# --jobs, shared by every command that extracts articles
Jobs = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        min=0,
        help="Worker processes for extraction (0 = one per CPU). Output is the same, in the "
        "same order.",
    ),
]


class Engine(StrEnum):
    local = "local"
    dask = "dask"


# --engine and --scheduler, shared by extract and diff
EngineOption = Annotated[
    Engine,
    typer.Option(
        "--engine",
        help="local: this machine (--jobs processes); dask: partitions on a Dask cluster, "
        "a local one of --jobs workers unless --scheduler is given "
        "(needs pip install 'laborfacts\\[dask]').",
    ),
]
Scheduler = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="Address of a Dask scheduler (tcp://host:8786) for --engine dask.",
    ),
]


# --rules, shared by every command that extracts articles
Rules = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        metavar="DIR",
        callback=rules_option,
        help="A folder of rule files (units.json, classify.jsonl, ...) merged over the "
        "package's: e.g. one line in DIR/classify.jsonl adds a type cue. Checked before any "
        "input is read: a missing folder, an unknown file or a bad entry is exit 2.",
    ),
]
