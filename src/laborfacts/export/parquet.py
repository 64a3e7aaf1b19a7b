"""Parquet: typed rows (``laborfacts.tabular``), one type per column; needs pyarrow."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from laborfacts.models import Document
from laborfacts.tabular import ROW_COLUMNS, fact_row

if TYPE_CHECKING:
    from laborfacts.api import Part


class ParquetMissing(ImportError):
    """``--format parquet`` without pyarrow installed."""


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        raise ParquetMissing(
            "Parquet output needs pyarrow: pip install 'laborfacts[parquet]'"
        ) from exc
    return pyarrow


def arrow_schema(columns: dict[str, str] | None = None) -> Any:
    """The pyarrow schema of a typed row: ``ROW_COLUMNS``, every column nullable.

    ``columns`` (name -> "str", "float", "int" or "bool") gives the schema of
    another column map instead (the Dask engine's document and warning rows).
    """
    pa = _pyarrow()
    kinds = {"str": pa.string(), "float": pa.float64(), "int": pa.int64(), "bool": pa.bool_()}
    cols = ROW_COLUMNS if columns is None else columns
    return pa.schema([pa.field(name, kinds[kind]) for name, kind in cols.items()])


class ParquetWriter:
    """Typed rows (``laborfacts.tabular``) in a Parquet file, a row group per ``group_rows``.

    Rows wait in memory only until a row group is full.
    """

    def __init__(self, fh: IO[bytes], group_rows: int = 50_000) -> None:
        pa = _pyarrow()
        self.schema = arrow_schema()
        self.writer = pa.parquet.ParquetWriter(fh, self.schema)
        self.group_rows = group_rows
        self.rows: list[dict[str, Any]] = []

    def part(self, part: Part) -> None:
        self.rows.extend(fact_row(fact, part.path) for fact in part.facts)
        if len(self.rows) >= self.group_rows:
            self._flush()

    def write(self, document: Document) -> None:
        self.rows.extend(fact_row(fact, document.path) for fact in document.facts)
        if len(self.rows) >= self.group_rows:
            self._flush()

    def _flush(self) -> None:
        if self.rows:
            pa = _pyarrow()
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self) -> None:
        self._flush()
        self.writer.close()
