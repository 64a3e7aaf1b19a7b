"""The Typer application every command module registers on."""

from __future__ import annotations

import typer

EXIT_HELP = """Exit codes: 0 all inputs processed; 1 some inputs skipped or failed
(or, for eval, below --min-f1); 2 usage error or unusable input; 130 interrupted
(Ctrl-C); 143 terminated (SIGTERM)."""

app = typer.Typer(
    name="laborfacts",
    help="Extract source-grounded labor facts (turnover, injuries, wages, union votes, "
    "workforce, money, dates) from news articles.\n\n" + EXIT_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
