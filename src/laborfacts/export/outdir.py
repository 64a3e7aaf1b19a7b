"""``--out-dir``: a ``<id>.json`` per document and one table of all facts."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

from laborfacts.export.atomic import atomic_binary_writer, atomic_writer
from laborfacts.export.csv import CsvWriter
from laborfacts.export.json import _FactSpool, _indented_fact, write_document_json
from laborfacts.export.parquet import ParquetWriter, _pyarrow
from laborfacts.models import Document

if TYPE_CHECKING:
    from laborfacts.api import Part


class OutDirWriter:
    """``<id>.json`` per document, written as each arrives, and one ``facts.csv``
    (or ``facts.parquet``, with ``table="parquet"``).

    The table is streamed to its temporary file and renamed into place by
    ``close``; an interrupted run leaves the previous one as it was. Two
    documents with the same id get ``<id>.json`` and ``<id>-2.json``. An id
    with folders (``2024/jan/a``) is written in those subfolders.
    """

    CSV_NAME = "facts.csv"
    PARQUET_NAME = "facts.parquet"

    def __init__(
        self, out_dir: Path, stack: ExitStack, *, fsync: bool = True, table: str = "csv"
    ) -> None:
        self.out_dir = out_dir
        self.fsync = fsync
        out_dir.mkdir(parents=True, exist_ok=True)
        self.csv: CsvWriter | ParquetWriter
        if table == "parquet":
            _pyarrow()  # before any file is made
            self.table_path = out_dir / self.PARQUET_NAME
            fh = stack.enter_context(atomic_binary_writer(self.table_path, fsync=fsync))
            self.csv = ParquetWriter(fh)
        else:
            self.table_path = out_dir / self.CSV_NAME
            self.csv = CsvWriter(
                stack.enter_context(atomic_writer(self.table_path, newline="", fsync=fsync))
            )
        self.used: dict[str, int] = {}
        self.documents = 0
        self.facts = 0
        self.spool = _FactSpool(",\n", _indented_fact)

    def target(self, document: Document) -> Path:
        n = self.used.get(document.id, 0) + 1
        self.used[document.id] = n
        return self.out_dir / (f"{document.id}.json" if n == 1 else f"{document.id}-{n}.json")

    def part(self, part: Part) -> None:
        self.spool.add(part.facts)
        self.csv.part(part)
        self.facts += len(part.facts)

    def write(self, document: Document) -> Path:
        target = self.target(document)
        with atomic_writer(target, fsync=self.fsync) as fh:
            write_document_json(document, fh, self.spool)
        self.csv.write(document)
        self.documents += 1
        self.facts += len(document.facts)
        return target

    def close(self) -> None:
        self.csv.close()
