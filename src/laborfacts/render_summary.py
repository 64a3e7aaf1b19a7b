"""Rich rendering of ``laborfacts summary``: facts per type, then per document."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from laborfacts.summary import Summary

_TOP_TYPES = 4


def type_table(summary: Summary) -> Table:
    table = Table(title="Facts per type", title_justify="left")
    table.add_column("type", style="cyan")
    table.add_column("facts", justify="right")
    table.add_column("documents", justify="right")
    for name, n in summary.types.items():
        docs = sum(1 for d in summary.documents if d.types.get(name))
        table.add_row(name, str(n), str(docs))
    table.add_section()
    table.add_row("all", str(summary.facts), str(len(summary.documents)), style="bold")
    return table


def document_table(summary: Summary) -> Table:
    table = Table(title="Facts per document", title_justify="left")
    table.add_column("document")
    table.add_column("published", no_wrap=True)
    table.add_column("facts", justify="right")
    table.add_column("most common types")
    for d in summary.documents:
        top = ", ".join(f"{t} {n}" for t, n in list(d.types.items())[:_TOP_TYPES])
        if len(d.types) > _TOP_TYPES:
            top += ", …"
        table.add_row(escape(d.id), d.published or "", str(d.facts), top)
    return table


def print_summary(summary: Summary, console: Console) -> None:
    console.print(type_table(summary))
    console.print(document_table(summary))
