"""Writing records: JSONL (the SPEC form), JSON (a document per object), CSV
and Parquet (typed rows of ``laborfacts.tabular``: one type per column).

Files are written atomically: to a temporary file in the same folder, then
renamed into place, so a reader never sees half a file and an interrupted run
leaves the previous file intact and no temporary file behind.

Writers take documents one at a time (``write``) and keep nothing but what the
output still needs, so memory does not grow with the corpus. The facts of a
long document may come first in parts (``part``, see ``api.extract_stream``):
JSONL and CSV write them at once; JSON keeps them serialized in a temporary
file until the document's metadata is known, so memory does not grow with
the size of a document either.
"""

from __future__ import annotations

import atexit
import csv
import io
import json
import os
import re
import secrets
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from laborfacts.models import Document, Fact
from laborfacts.tabular import ROW_COLUMNS, fact_row, row_fact

if TYPE_CHECKING:
    from laborfacts.api import Part

# A CSV row is a typed row (``laborfacts.tabular``): the record's fields, ``date``
# and the ``path`` of its document (JSONL has the doc id only).
CSV_FIELDS = tuple(ROW_COLUMNS)
CSV_COLUMNS = CSV_FIELDS
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


# Temporary names this module gives: ``.<target name>.<hex>.tmp``, the hex
# being the writer's pid (8 digits) and 8 random ones.
_PARTIAL_NAME = re.compile(r"\.(?P<target>.+)\.(?P<pid>[0-9a-f]{8})?[0-9a-f]{8}\.tmp")
# A temporary file of ours is stale, left by a run that was killed (SIGKILL,
# power loss), when its writer is no longer running and nothing has written to
# it for this long (the age also covers a writer in another pid namespace).
STALE_SECONDS = 60
_CLEANED: set[str] = set()


def _create_partial(target: Path) -> tuple[int, str]:
    """Create a new private temporary file beside ``target``: (fd, path)."""
    for _ in range(100):
        tmp = os.path.join(
            target.parent, f".{target.name}.{os.getpid():08x}{secrets.token_hex(4)}.tmp"
        )
        _PARTIAL.add(tmp)
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), tmp
        except FileExistsError:
            _PARTIAL.discard(tmp)
    raise FileExistsError(f"no free temporary name beside {target}")


def remove_stale_partials(folder: Path, now: float | None = None) -> list[str]:
    """Remove temporary files of our own naming left in ``folder`` by a killed run.

    Only regular files named like ours (``.<name>.<hex>.tmp``), not modified
    for ``STALE_SECONDS``, whose writer (the pid in the name) is not running:
    a run writing into the same folder at the same time keeps its file, even
    while it has nothing to write for a long time. Returns the names removed;
    a file that cannot be removed is left alone.
    """
    now = time.time() if now is None else now
    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = _PARTIAL_NAME.fullmatch(entry.name)
        if m is None or entry.path in _PARTIAL or (m["pid"] and _running(int(m["pid"], 16))):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(st.st_mode) and now - st.st_mtime > STALE_SECONDS:
                os.unlink(entry.path)
                removed.append(entry.name)
        except OSError:
            continue
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True


def discard_partial_files() -> None:
    """Remove every temporary file still being written (after an interruption)."""
    for tmp in list(_PARTIAL):
        _PARTIAL.discard(tmp)
        try:
            os.unlink(tmp)
        except OSError:
            pass


atexit.register(discard_partial_files)


class OutputError(OSError):
    """An output that cannot be written; ``filename`` is the path the user named."""


def _named(exc: OSError, target: Path) -> OutputError:
    # The temporary name is ours, not the user's: report the target instead.
    reason = (exc.strerror or str(exc)).lower()
    return OutputError(exc.errno or 0, reason, str(target))


def same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def resolve_target(path: str | Path) -> Path:
    """Where writing to ``path`` really goes: a symlink's final target (so the
    link stays a link), else ``path`` itself."""
    target = Path(path)
    if target.is_symlink():
        return Path(os.path.realpath(target))
    return target


class atomic_writer:  # named like open(), which it stands in for
    """Open a UTF-8 text file that appears at ``path`` only when complete.

    On any exception (including KeyboardInterrupt) the temporary file is
    removed and ``path`` is left as it was. The atomic rename is for regular
    files only: a symlink is written through, to its target (atomically
    there); a device or named pipe (``/dev/null``, ``/dev/stdout``, a FIFO) is
    written directly, since replacing it with a file would destroy it.
    Errors are ``OutputError`` naming ``path`` as given.
    """

    _binary = False

    def __init__(self, path: str | Path, newline: str | None = None, *, fsync: bool = True):
        self.path = Path(path)
        self.target = resolve_target(path)
        self.newline = newline
        self.fsync = fsync
        self._tmp: str | None = None
        self._fh: IO[Any] | None = None

    def __enter__(self) -> IO[str]:
        return self._enter()

    def _enter(self) -> IO[Any]:
        try:
            return self._open()
        except OutputError:
            raise
        except OSError as exc:
            raise _named(exc, self.path) from exc

    def _open(self) -> IO[Any]:
        try:
            st: os.stat_result | None = os.stat(self.target)
        except FileNotFoundError:
            st = None
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(21, "is a folder", str(self.path))
        if st is not None and not stat.S_ISREG(st.st_mode):
            # A device, FIFO or socket: written in place, never replaced.
            if self._binary:
                self._fh = open(self.target, "wb")  # noqa: SIM115 - closed in __exit__
            else:
                self._fh = open(  # noqa: SIM115 - closed in __exit__
                    self.target, "w", encoding="utf-8", newline=self.newline
                )
            return self._fh
        self.target.parent.mkdir(parents=True, exist_ok=True)
        folder = os.path.abspath(self.target.parent)
        if folder not in _CLEANED:  # once per folder, not once per file of an --out-dir
            _CLEANED.add(folder)
            remove_stale_partials(Path(folder))
        fd, tmp = _create_partial(self.target)
        self._tmp = tmp
        try:
            # the file is made private; give it the mode a plain open() would.
            mode = st.st_mode & 0o777 if st is not None else 0o666 & ~_umask()
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

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object
    ) -> None:
        if exc_type is not None:
            self._discard()
            if isinstance(exc, OSError) and not isinstance(exc, (OutputError, BrokenPipeError)):
                # A write into our temporary file failed: name the file the user named.
                raise _named(exc, self.path) from exc
            return
        assert self._fh is not None
        try:
            if self._tmp is None:
                self._fh.close()
                return
            self._fh.flush()
            if self.fsync:
                os.fsync(self._fh.fileno())
            self._fh.close()
            os.replace(self._tmp, self.target)
            _PARTIAL.discard(self._tmp)
        except OSError as exc:
            self._discard()
            raise _named(exc, self.path) from exc
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
    """``atomic_writer`` for a binary file (Parquet), with the same target
    handling: written through a symlink, a device or FIFO written in place,
    errors naming the path given."""

    _binary = True

    def __enter__(self) -> IO[bytes]:  # type: ignore[override]
        return self._enter()


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
        writer.writerow(CSV_COLUMNS)
    n = 0
    for fact in facts:
        writer.writerow(csv_row(fact, path))
        n += 1
    return n


def csv_text(facts: Iterable[Fact], path: str | None = None) -> str:
    buf = io.StringIO()
    write_csv(facts, buf, path=path)
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
        yield fact_from_csv_row(row)


def fact_from_csv_row(row: dict[str, str]) -> Fact:
    """The fact of one CSV row (as ``csv.DictReader`` gives it); other columns are ignored."""
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
    return row_fact(data)


class JsonlWriter:
    """One fact per line (SPEC section 2)."""

    def __init__(self, fh: IO[str]) -> None:
        self.fh = fh

    def part(self, part: Part) -> None:
        self.fh.write("".join([fact_line(fact) + "\n" for fact in part.facts]))

    def write(self, document: Document) -> None:
        self.fh.write("".join([fact_line(fact) + "\n" for fact in document.facts]))

    def close(self) -> None:
        """Nothing to finish: JSONL is complete after every document."""


class CsvWriter:
    """Facts as CSV rows, the header written before the first."""

    def __init__(self, fh: IO[str]) -> None:
        self.writer = _csv_writer(fh)
        self.writer.writerow(CSV_COLUMNS)

    def part(self, part: Part) -> None:
        self.writer.writerows(csv_row(fact, part.path) for fact in part.facts)

    def write(self, document: Document) -> None:
        self.writer.writerows(csv_row(fact, document.path) for fact in document.facts)

    def close(self) -> None:
        """Nothing to finish: the header is written up front."""


class _FactSpool:
    """The facts of one document, serialized as they come into a temporary
    file (memory stays flat), then copied out after the document's metadata."""

    def __init__(self, separator: str, dump: Callable[[dict[str, Any]], str]) -> None:
        self.separator = separator
        self.dump = dump
        self.file: IO[str] | None = None
        self.count = 0

    def add(self, facts: Iterable[Fact]) -> None:
        if self.file is None:
            self.file = tempfile.TemporaryFile("w+", encoding="utf-8")
        for fact in facts:
            self.file.write((self.separator if self.count else "") + self.dump(fact.record()))
            self.count += 1

    def copy_to(self, fh: IO[str], rest: Iterable[Fact]) -> int:
        """Write the spooled facts and ``rest`` to ``fh``, separated; returns how many."""
        if self.file is not None:
            self.file.seek(0)
            shutil.copyfileobj(self.file, fh)
            self.file.close()
            self.file = None
        n, self.count = self.count, 0
        for fact in rest:
            fh.write((self.separator if n else "") + self.dump(fact.record()))
            n += 1
        return n


def _dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


def _document_head(document: Document) -> dict[str, Any]:
    return document.model_dump(mode="json", exclude={"facts"})


class JsonWriter:
    """A JSON array of documents, written as they come; the text is that of
    ``json.dumps(document_json(document), ensure_ascii=False)``."""

    def __init__(self, fh: IO[str]) -> None:
        self.fh = fh
        self.count = 0
        self.spool = _FactSpool(", ", _dumps)
        fh.write("[")

    def part(self, part: Part) -> None:
        self.spool.add(part.facts)

    def write(self, document: Document) -> None:
        self.fh.write(",\n" if self.count else "\n")
        head = json.dumps(_document_head(document), ensure_ascii=False)
        # The head's closing brace is replaced by the facts, written last as in document_json.
        self.fh.write(head[:-1] + (', "facts": [' if head != "{}" else '{"facts": ['))
        self.spool.copy_to(self.fh, document.facts)
        self.fh.write("]}")
        self.count += 1

    def close(self) -> None:
        self.fh.write("\n]\n" if self.count else "]\n")


def _indented_fact(record: dict[str, Any]) -> str:
    # A fact as json.dump(..., indent=1) writes it at depth 2 (the facts list of a document).
    return "  " + json.dumps(record, ensure_ascii=False, indent=1).replace("\n", "\n  ")


def write_document_json(document: Document, fh: IO[str], spool: _FactSpool | None = None) -> None:
    """``json.dump(document_json(document), fh, ensure_ascii=False, indent=1)`` plus a
    newline, with the facts of ``spool`` (spooled parts) before ``document.facts``."""
    head = json.dumps(_document_head(document), ensure_ascii=False, indent=1)
    body = head[: head.rfind("\n")]  # without the closing brace
    has_facts = bool(document.facts) or (spool is not None and spool.count > 0)
    if not has_facts:
        fh.write(body + (',\n "facts": []\n}\n' if body != "{" else '\n "facts": []\n}\n'))
        return
    fh.write(body + (',\n "facts": [\n' if body != "{" else '\n "facts": [\n'))
    if spool is None:
        spool = _FactSpool(",\n", _indented_fact)
    spool.copy_to(fh, document.facts)
    fh.write("\n ]\n}\n")


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
