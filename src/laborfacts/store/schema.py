"""The tables of the store: their columns, and the connection that holds a transaction."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from types import TracebackType
from typing import Literal

from laborfacts.models import Document
from laborfacts.tabular import ROW_COLUMNS

_TYPES: dict[str, type] = {"str": str, "float": float, "int": int}
# Columns of ``documents``: the Document record's (less its facts), then the run's.
DOCUMENT_COLUMNS: dict[str, type] = {
    **{
        name: int if field.annotation is int else str
        for name, field in Document.model_fields.items()
        if name != "facts"
    },
    "extracted_at": str,
    "laborfacts_version": str,
    "settings": str,
}
FACT_COLUMNS: dict[str, type] = {
    "fact_id": str,
    "n": int,
    **{name: _TYPES[kind] for name, kind in ROW_COLUMNS.items()},
}
INDEXED = ("type", "metric", "subject", "time")
SEARCHED = ("sentence", "text")


class _Connection(sqlite3.Connection):
    """A connection whose ``with conn:`` blocks can be held in one outer transaction.

    sqlite-utils wraps each write in ``with conn:``, which commits on exit;
    inside ``Store.transaction`` those exits leave the commit (or the
    rollback) to the outer block, so a document is written whole or not at all.
    """

    held = 0

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> Literal[False]:
        if self.held:
            return False
        super().__exit__(exc_type, exc, tb)
        return False


class StoreError(ValueError):
    """The database cannot be opened as a store (not SQLite, a folder, unreadable)."""


@dataclass
class StoreStats:
    """What one update did: documents written (new or changed), their facts, unchanged ones."""

    documents: int = 0
    facts: int = 0
    unchanged: int = 0
