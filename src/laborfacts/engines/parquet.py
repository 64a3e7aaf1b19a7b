"""The Parquet folder of a Dask run: its layout, the schemas of its rows, typed reads and writes.

::

    DIR/facts/part-00000.parquet      typed fact rows (tabular.ROW_COLUMNS)
    DIR/documents/part-00000.parquet  one row per document (DOCUMENT_COLUMNS)
    DIR/warnings.parquet              inputs skipped or read with a caveat (WARNING_COLUMNS)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from laborfacts.diff import CLAIM_FIELDS
from laborfacts.export import arrow_schema, atomic_binary_writer
from laborfacts.models import Document

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

FACTS_DIR = "facts"
DOCUMENTS_DIR = "documents"
WARNINGS_FILE = "warnings.parquet"
_PART = "part-{:05d}.parquet"
_PART_NAME = re.compile(r"part-(\d{5,})\.parquet")

# A document's row: its metadata fields (not its facts; its warnings are rows
# of warnings.parquet) and ``seq``, its place in the input order.
DOCUMENT_COLUMNS: dict[str, str] = {
    **{
        name: "int" if info.annotation is int else "str"
        for name, info in Document.model_fields.items()
        if name not in ("facts", "warnings")
    },
    "seq": "int",
}
WARNING_COLUMNS: dict[str, str] = {"path": "str", "reason": "str", "skipped": "bool"}
# A claim's row: diff.claim_record's fields; numbers where the record has numbers.
_CLAIM_NUMERIC = {"value", "low", "high", "interval_low", "interval_high"}
CLAIM_COLUMNS: dict[str, str] = {
    name: "float" if name in _CLAIM_NUMERIC else "int" if name in ("start", "end") else "str"
    for name in CLAIM_FIELDS
}


def part_name(index: int) -> str:
    return _PART.format(index)


def arrow_table(rows: Sequence[dict[str, Any]], columns: dict[str, str]) -> pa.Table:
    """``rows`` under the schema of ``columns`` (``export.arrow_schema``, as a local run)."""
    import pyarrow as pa

    return pa.Table.from_pylist(list(rows), schema=arrow_schema(columns))


def write_parquet(rows: Sequence[dict[str, Any]], columns: dict[str, str], target: Path) -> int:
    """Write ``rows`` to ``target`` with the schema of ``columns``, atomically; returns rows.

    A file written again (a retried partition) replaces the old one whole.
    """
    import pyarrow.parquet as pq

    with atomic_binary_writer(target) as fh:
        pq.write_table(arrow_table(rows, columns), fh)
    return len(rows)


def _read_rows(path: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    rows: list[dict[str, Any]] = pq.read_table(path).to_pylist()
    return rows


def _rows_of(df: pd.DataFrame) -> list[dict[str, Any]]:
    import pyarrow as pa

    rows: list[dict[str, Any]] = pa.Table.from_pandas(df, preserve_index=False).to_pylist()
    return rows
