"""Command-line interface: each command lives in its own module and only
parses options, calls one library function and renders the result."""

from __future__ import annotations

from laborfacts.cli import diff as _diff  # noqa: F401
from laborfacts.cli import eval as _eval  # noqa: F401
from laborfacts.cli import extract as _extract  # noqa: F401  (registers the command)
from laborfacts.cli import report as _report  # noqa: F401
from laborfacts.cli import schema as _schema  # noqa: F401
from laborfacts.cli import summary as _summary  # noqa: F401
from laborfacts.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
