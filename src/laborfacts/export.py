"""Writing records: JSONL (the SPEC form), JSON (a document per object), CSV
and Parquet (typed rows of ``laborfacts.tabular``: one type per column).

Files are written atomically: to a temporary file in the same folder, then
renamed into place, so a reader never sees half a file and an interrupted run
leaves the previous file intact and no temporary file behind.

Writers take documents one at a time (``write``) and keep nothing but what the
output still needs, so memory does not grow with the corpus.
"""

from __future__ import annotations

import atexit
import csv
import io
import json
import os
import re
import secrets
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from laborfacts.models import Document, Fact
from laborfacts.tabular import ROW_COLUMNS, fact_row, row_fact

CSV_FIELDS = tuple(ROW_COLUMNS)
# Cells a spreadsheet would run as a formula (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(
    r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|-?\d{1,3}(?:,\d{3})+(?:\.\d+)?"
)
_REQUIRED_TEXT = ("doc", "type", "qualifier", "direction", "unit", "text", "sentence")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Temporary files being written. A name is listed before the file is created,
# so an interruption at any moment (a signal handler may raise between any two
# steps, whatever the thread's signal mask) finds every file it could leave
# behind listed; ``discard_partial_files`` (the CLI, on a signal) and an exit
# hook remove them.
_PARTIAL: set[str] = set()


def _create_partial(target: Path) -> tuple[int, str]:
    """Create a new private temporary file beside ``target``: (fd, path)."""
    for _ in range(100):
        tmp = os.path.join(target.parent, f".{target.name}.{secrets.token_hex(4)}.tmp")
        _PARTIAL.add(tmp)
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), tmp
        except FileExistsError:
            _PARTIAL.discard(tmp)
    raise FileExistsError(f"no free temporary name beside {target}")


def discard_partial_files() -> None:
    """Remove every temporary file still being written (after an interruption)."""
    for tmp in list(_PARTIAL):
        _PARTIAL.discard(tmp)
        try:
            os.unlink(tmp)
        except OSError:
            pass


atexit.register(discard_partial_files)


class atomic_writer:  # named like open(), which it stands in for
    """Open a UTF-8 text file that appears at ``path`` only when complete.

    On any exception (including KeyboardInterrupt) the temporary file is
    removed and ``path`` is left as it was.
    """

    _binary = False

    def __init__(self, path: str | Path, newline: str | None = None, *, fsync: bool = True):
        self.target = Path(path)
        self.newline = newline
        self.fsync = fsync
        self._tmp: str | None = None
        self._fh: IO[Any] | None = None

    def __enter__(self) -> IO[str]:
        return self._open()

    def _open(self) -> IO[Any]:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _create_partial(self.target)
        self._tmp = tmp
        try:
            try:
                # the file is made private; give it the mode a plain open() would.
                mode = self.target.stat().st_mode & 0o777
            except OSError:
                mode = 0o666 & ~_umask()
            os.fchmod(fd, mode)
            if self._binary:
                self._fh = os.fdopen(fd, "wb")
            else:
                self._fh = os.fdopen(fd, "w", encoding="utf-8", newline=self.newline)
        except BaseException:
            if self._fh is None:
                os.close(fd)
            self._discard()
            raise
        return self._fh

    def __exit__(self, exc_type: type[BaseException] | None, *rest: object) -> None:
        if exc_type is not None:
            self._discard()
            return
        assert self._fh is not None and self._tmp is not None
        try:
            self._fh.flush()
            if self.fsync:
                os.fsync(self._fh.fileno())
            self._fh.close()
            os.replace(self._tmp, self.target)
            _PARTIAL.discard(self._tmp)
        except BaseException:
            self._discard()
            raise

    def _discard(self) -> None:
        if self._fh is not None:
            try:
                self._fh.close()
            except OSError:
                pass
        if self._tmp is not None:
            _PARTIAL.discard(self._tmp)
            try:
                os.unlink(self._tmp)
            except OSError:
                pass


class atomic_binary_writer(atomic_writer):
    """``atomic_writer`` for a binary file (Parquet)."""

    _binary = True

    def __enter__(self) -> IO[bytes]:  # type: ignore[override]
        return self._open()


_FACT_JSON = Fact.__pydantic_serializer__


def fact_line(fact: Fact) -> str:
    """One JSONL line in the SPEC form (the same keys and values as ``record()``);
    ``model_dump_json`` without its Python layer of options."""
    return _FACT_JSON.to_json(fact).decode()


def document_json(document: Document) -> dict[str, Any]:
    data = document.model_dump(mode="json", exclude={"facts"})
    data["facts"] = [f.record() for f in document.facts]
    return data


def csv_safe(value: Any) -> Any:
    """Neutralise a cell a spreadsheet would run as a formula: prefix a quote (OWASP).

    Plain numbers such as ``-240000`` or ``-240,000`` stay as they are. A
    string that already starts with quotes before a formula character gets one
    more, so ``csv_unsafe`` can always undo the change.
    """
    if not isinstance(value, str):
        return value
    rest = value.lstrip("'")
    if not rest.startswith(_FORMULA_START):
        return value
    if len(rest) == len(value) and _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def csv_unsafe(cell: str) -> str:
    """Undo ``csv_safe`` on a cell read back from CSV."""
    if cell.startswith("'") and cell.lstrip("'").startswith(_FORMULA_START):
        return cell[1:]
    return cell


def csv_row(fact: Fact, path: str | None = None) -> list[Any]:
    row = fact_row(fact, path)
    return [csv_safe("" if row[k] is None else row[k]) for k in CSV_FIELDS]


def _csv_writer(fh: IO[str]) -> Any:
    # Every text cell quoted: a spreadsheet that splits on ';' or tabs cannot
    # cut a cell open and find a formula inside it. Numbers stay bare.
    return csv.writer(fh, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)


def write_jsonl(facts: Iterable[Fact], fh: IO[str]) -> int:
    n = 0
    for fact in facts:
        fh.write(fact_line(fact) + "\n")
        n += 1
    return n


def write_csv(
    facts: Iterable[Fact], fh: IO[str], header: bool = True, path: str | None = None
) -> int:
    """RFC 4180 CSV: a header, then one typed row per fact (``laborfacts.tabular``);
    newlines and quotes inside cells quoted."""
    writer = _csv_writer(fh)
    if header:
        writer.writerow(CSV_FIELDS)
    n = 0
    for fact in facts:
        writer.writerow(csv_row(fact, path))
        n += 1
    return n


def csv_text(facts: Iterable[Fact]) -> str:
    buf = io.StringIO()
    write_csv(facts, buf)
    return buf.getvalue()


def _cell(kind: str, cell: str) -> Any:
    if cell == "":
        return None
    if kind == "int":
        return int(cell)
    if kind == "float":
        return float(cell)
    return cell


def read_csv(fh: IO[str]) -> Iterator[Fact]:
    """Read facts back from CSV written by ``write_csv`` (open ``fh`` with ``newline=""``).

    Date facts get their ISO string back in ``value``. CSV written before the
    ``date`` column existed (a date's ISO string in ``value``) reads too.
    """
    for row in csv.DictReader(fh):
        data: dict[str, Any] = {}
        for name, kind in ROW_COLUMNS.items():
            if name not in row:
                continue
            cell = csv_unsafe(row[name] or "")
            if name == "value" and row.get("type") == "date":
                data[name] = cell or None
            elif name in _REQUIRED_TEXT:
                data[name] = cell
            else:
                data[name] = _cell(kind, cell)
        yield row_fact(data)


class JsonlWriter:
    """One fact per line (SPEC section 2)."""

    def __init__(self, fh: IO[str]) -> None:
        self.fh = fh

    def write(self, document: Document) -> None:
        self.fh.write("".join([fact_line(fact) + "\n" for fact in document.facts]))

    def close(self) -> None:
        """Nothing to finish: JSONL is complete after every document."""


class CsvWriter:
    """Facts as CSV rows, the header written before the first."""

    def __init__(self, fh: IO[str]) -> None:
        self.writer = _csv_writer(fh)
        self.writer.writerow(CSV_FIELDS)

    def write(self, document: Document) -> None:
        for fact in document.facts:
            self.writer.writerow(csv_row(fact, document.path))

    def close(self) -> None:
        """Nothing to finish: the header is written up front."""


class JsonWriter:
    """A JSON array of documents, written as they come."""

    def __init__(self, fh: IO[str]) -> None:
        self.fh = fh
        self.count = 0
        fh.write("[")

    def write(self, document: Document) -> None:
        self.fh.write(",\n" if self.count else "\n")
        self.fh.write(json.dumps(document_json(document), ensure_ascii=False))
        self.count += 1

    def close(self) -> None:
        self.fh.write("\n]\n" if self.count else "]\n")


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


class OutDirWriter:
    """``<id>.json`` per document, written as each arrives, and one ``facts.csv``
    (or ``facts.parquet``, with ``table="parquet"``).

    The table is streamed to its temporary file and renamed into place by
    ``close``; an interrupted run leaves the previous one as it was. Two
    documents with the same id get ``<id>.json`` and ``<id>-2.json``.
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

    def target(self, document: Document) -> Path:
        n = self.used.get(document.id, 0) + 1
        self.used[document.id] = n
        return self.out_dir / (f"{document.id}.json" if n == 1 else f"{document.id}-{n}.json")

    def write(self, document: Document) -> Path:
        target = self.target(document)
        with atomic_writer(target, fsync=self.fsync) as fh:
            json.dump(document_json(document), fh, ensure_ascii=False, indent=1)
            fh.write("\n")
        self.csv.write(document)
        self.documents += 1
        self.facts += len(document.facts)
        return target

    def close(self) -> None:
        self.csv.close()
