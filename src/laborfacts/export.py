"""Writing records: JSONL (the SPEC form), JSON (a document per object), CSV.

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

from laborfacts.models import FACT_FIELDS, Document, Fact, FactType

CSV_FIELDS = FACT_FIELDS
# Cells a spreadsheet would run as a formula (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(
    r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|-?\d{1,3}(?:,\d{3})+(?:\.\d+)?"
)
_NUMBER_FIELDS = ("low", "high", "confidence")
_INT_FIELDS = ("start", "end")
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
    """Open a UTF-8 text file (or, with ``binary``, a bytes file) that appears at
    ``path`` only when complete.

    On any exception (including KeyboardInterrupt) the temporary file is
    removed and ``path`` is left as it was.
    """

    def __init__(
        self,
        path: str | Path,
        newline: str | None = None,
        *,
        fsync: bool = True,
        binary: bool = False,
    ):
        self.target = Path(path)
        self.newline = newline
        self.fsync = fsync
        self.binary = binary  # bytes in (Parquet), not UTF-8 text
        self._tmp: str | None = None
        self._fh: IO[Any] | None = None

    def __enter__(self) -> IO[Any]:
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
            if self.binary:
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


def csv_row(fact: Fact) -> list[Any]:
    rec = fact.record()
    return [csv_safe("" if rec[k] is None else rec[k]) for k in CSV_FIELDS]


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


def write_csv(facts: Iterable[Fact], fh: IO[str], header: bool = True) -> int:
    """RFC 4180 CSV: a header, then one fact per row; newlines and quotes inside cells quoted."""
    writer = _csv_writer(fh)
    if header:
        writer.writerow(CSV_FIELDS)
    n = 0
    for fact in facts:
        writer.writerow(csv_row(fact))
        n += 1
    return n


def csv_text(facts: Iterable[Fact]) -> str:
    buf = io.StringIO()
    write_csv(facts, buf)
    return buf.getvalue()


def _number(cell: str) -> float | None:
    return None if cell == "" else float(cell)


def read_csv(fh: IO[str]) -> Iterator[Fact]:
    """Read facts back from CSV written by ``write_csv`` (open ``fh`` with ``newline=""``)."""
    for row in csv.DictReader(fh):
        data: dict[str, Any] = {}
        for name in CSV_FIELDS:
            cell = csv_unsafe(row.get(name) or "")
            if name in _INT_FIELDS:
                data[name] = int(cell)
            elif name in _NUMBER_FIELDS:
                data[name] = _number(cell)
            elif name == "value":
                is_date = row.get("type") == FactType.date
                data[name] = (cell or None) if is_date else _number(cell)
            elif name in _REQUIRED_TEXT:
                data[name] = cell
            else:
                data[name] = cell or None
        if data["confidence"] is None:
            del data["confidence"]
        yield Fact.model_validate(data)


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
            self.writer.writerow(csv_row(fact))

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


class OutDirWriter:
    """``<id>.json`` per document, written as each arrives, and one ``facts.csv``.

    facts.csv is streamed to its temporary file and renamed into place by
    ``close``; an interrupted run leaves the previous facts.csv as it was. Two
    documents with the same id get ``<id>.json`` and ``<id>-2.json``.
    """

    CSV_NAME = "facts.csv"

    def __init__(self, out_dir: Path, stack: ExitStack, *, fsync: bool = True) -> None:
        self.out_dir = out_dir
        self.fsync = fsync
        out_dir.mkdir(parents=True, exist_ok=True)
        self.csv = CsvWriter(
            stack.enter_context(atomic_writer(out_dir / self.CSV_NAME, newline="", fsync=fsync))
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
