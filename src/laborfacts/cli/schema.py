from __future__ import annotations

import json
from typing import Annotated

import typer

from laborfacts.cli.app import SCHEMA_EXIT_HELP, app
from laborfacts.cli.errors import command_errors
from laborfacts.models import Document, Fact


@app.command(epilog=SCHEMA_EXIT_HELP)
def schema(
    document: Annotated[
        bool, typer.Option("--document", help="Schema of a document record instead of a fact.")
    ] = False,
) -> None:
    """Print the JSON Schema of a fact record (or, with --document, of a document).

    Examples:

      laborfacts schema > fact.schema.json

      laborfacts schema --document
    """
    model = Document if document else Fact
    with command_errors():
        typer.echo(json.dumps(model.model_json_schema(), indent=2))
