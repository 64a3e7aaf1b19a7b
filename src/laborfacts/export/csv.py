"""CSV: the one CSV writer of every command, and facts as typed CSV rows.

``CsvRows`` (and ``write_rows``) write any table in the one dialect of the
project: RFC 4180 with CRLF line ends, ``None`` as an empty cell, every cell
through ``csv_safe`` so a spreadsheet never runs one as a formula. Facts
are written as the typed rows of ``laborfacts.tabular``, every text cell
quoted; ``read_csv`` reads them back.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
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


def csv_cells(row: Mapping[str, Any], columns: Sequence[str]) -> list[Any]:
    """The cells of ``row`` under ``columns``: ``None`` as an empty cell, each ``csv_safe``."""
    return [csv_safe("" if row[k] is None else row[k]) for k in columns]


class CsvRows:
    """The one CSV writer of every command: a header of ``columns``, then rows.

    RFC 4180 with CRLF line ends; newlines and quotes inside cells are quoted.
    ``quote_text`` quotes every text cell (numbers stay bare), so a
    spreadsheet that splits on ';' or tabs cannot cut a cell open and find a
    formula inside it: the fact tables use it; the claim and pair tables of
    ``diff`` quote only the cells that need it.
    """

    def __init__(
        self,
        fh: IO[str],
        columns: Sequence[str],
        *,
        quote_text: bool = True,
        header: bool = True,
    ) -> None:
        self.writer: Any
        if quote_text:
            self.writer = csv.writer(fh, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
        else:
            self.writer = csv.writer(fh, lineterminator="\r\n")
        self.columns = tuple(columns)
        if header:
            self.writer.writerow(self.columns)

    def write(self, row: Mapping[str, Any]) -> None:
        """One row: a mapping with (at least) every column."""
        self.writer.writerow(csv_cells(row, self.columns))

    def write_all(self, rows: Iterable[Mapping[str, Any]]) -> int:
        """Every row of ``rows``; returns how many."""
        n = 0
        for row in rows:
            self.writer.writerow(csv_cells(row, self.columns))
            n += 1
        return n

    def write_cells(self, cells: Iterable[list[Any]]) -> None:
        """Rows already turned into cells (``csv_cells``), in one call."""
        self.writer.writerows(cells)


def write_rows(
    fh: IO[str],
    columns: Sequence[str],
    rows: Iterable[Mapping[str, Any]],
    *,
    quote_text: bool = True,
    header: bool = True,
) -> int:
    """Write a table of ``rows`` as CSV (see ``CsvRows``); returns the number of rows."""
    return CsvRows(fh, columns, quote_text=quote_text, header=header).write_all(rows)


def csv_row(fact: Fact, path: str | None = None) -> list[Any]:
    """The cells of a fact's typed row (``laborfacts.tabular``)."""
    return csv_cells(fact_row(fact, path), CSV_FIELDS)


def write_csv(
    facts: Iterable[Fact], fh: IO[str], header: bool = True, path: str | None = None
) -> int:
    """A header, then one typed row per fact (``laborfacts.tabular``); returns the rows."""
    rows = (fact_row(fact, path) for fact in facts)
    return write_rows(fh, CSV_COLUMNS, rows, header=header)


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


class CsvWriter:
    """Facts as CSV rows, the header written before the first."""

    def __init__(self, fh: IO[str]) -> None:
        self.rows = CsvRows(fh, CSV_COLUMNS)

    def part(self, part: Part) -> None:
        self.rows.write_cells(csv_row(fact, part.path) for fact in part.facts)

    def write(self, document: Document) -> None:
        self.rows.write_cells(csv_row(fact, document.path) for fact in document.facts)

    def close(self) -> None:
        """Nothing to finish: the header is written up front."""
