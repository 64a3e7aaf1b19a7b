"""An SQLite store of documents and their facts, written with sqlite-utils.

Two tables: ``documents`` (one row per article, its metadata, the settings it
was extracted with) and ``facts`` (the typed rows of ``laborfacts.tabular``,
``fact_id`` ``<doc>:<n>``, ``doc`` a foreign key to ``documents.id``), with
indexes on type, metric, subject and time and full-text search on
``sentence`` and ``text``.

Updates are incremental: an article whose decoded text (its SHA-256) and
settings are those stored is not extracted again (``Store.unchanged``, given
to ``extract_paths`` as ``skip``); a changed one has its document row and all
its facts replaced in one transaction, so an interrupted run (a signal, a
crash, SIGKILL) leaves every document with exactly the facts of one
extraction. ``Store.diff`` compares the stored claims one frame group at a
time, streamed from SQL in frame order.

Modules: ``database`` (``Store``, ``diff_store``), ``schema`` (the tables'
columns), ``claims`` (stored facts as claims, a frame group at a time),
``datasette`` (``metadata.json`` for Datasette).
"""

from laborfacts.store.claims import claim_groups, resolve_subjects
from laborfacts.store.database import Store, diff_store
from laborfacts.store.datasette import METADATA_NAME, datasette_metadata, write_metadata
from laborfacts.store.schema import (
    DOCUMENT_COLUMNS,
    FACT_COLUMNS,
    INDEXED,
    SEARCHED,
    StoreError,
    StoreStats,
)

__all__ = [
    "DOCUMENT_COLUMNS",
    "FACT_COLUMNS",
    "INDEXED",
    "METADATA_NAME",
    "SEARCHED",
    "Store",
    "StoreError",
    "StoreStats",
    "claim_groups",
    "datasette_metadata",
    "diff_store",
    "resolve_subjects",
    "write_metadata",
]
