from __future__ import annotations

import json
from typing import Annotated

import typer

from laborfacts.cli.app import app
from laborfacts.models import Document, Fact


@app.command()
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
    typer.echo(json.dumps(model.model_json_schema(), indent=2))
