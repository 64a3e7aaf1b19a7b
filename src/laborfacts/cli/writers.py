"""Where ``extract`` writes: the output formats and the writer each one opens."""

from __future__ import annotations

import io
import sys
from contextlib import ExitStack
from enum import StrEnum
from pathlib import Path
from typing import IO, Any, Protocol

from laborfacts.export import (
    CsvWriter,
    JsonlWriter,
    JsonWriter,
    OutDirWriter,
    ParquetWriter,
    atomic_binary_writer,
    atomic_writer,
)
from laborfacts.models import Document


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


class Writer(Protocol):
    def write(self, document: Document) -> Any: ...

    def close(self) -> None: ...


def utf8_stdout() -> IO[str]:
    out = sys.stdout
    if isinstance(out, io.TextIOWrapper) and (out.encoding or "").lower() not in ("utf-8", "utf8"):
        out.reconfigure(encoding="utf-8")
    return out


def open_writer(
    chosen: Format, output: Path | None, out_dir: Path | None, stack: ExitStack
) -> Writer:
    """The writer of ``chosen`` on ``output`` (atomically), in ``out_dir``, or on stdout."""
    from laborfacts.render import TableWriter

    if out_dir is not None:
        return OutDirWriter(out_dir, stack, table="parquet" if chosen is Format.parquet else "csv")
    if chosen is Format.parquet:
        assert output is not None  # checked with the options
        return ParquetWriter(stack.enter_context(atomic_binary_writer(output)))
    if output is not None:
        newline = "" if chosen is Format.csv else None
        fh: IO[str] = stack.enter_context(atomic_writer(output, newline=newline))
    elif chosen is Format.table:
        return TableWriter(None)
    else:
        fh = utf8_stdout()
    if chosen is Format.table:
        return TableWriter(fh)
    if chosen is Format.csv:
        return CsvWriter(fh)
    if chosen is Format.json:
        return JsonWriter(fh)
    return JsonlWriter(fh)
