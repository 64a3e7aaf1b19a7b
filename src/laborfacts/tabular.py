"""Typed rows of facts, for the column stores (CSV, SQLite, Parquet, DataFrames).

The SPEC record puts a date fact's ISO string in ``value``, which makes that
column text in every tool that infers one type per column. A row here keeps
``value``, ``low`` and ``high`` numeric and moves a date fact's ISO string to a
``date`` column of its own; ``path`` names the file the fact was read from.
Every column store is built from ``ROW_COLUMNS`` and ``fact_row``, so they all
have the same columns of the same types.
"""

from __future__ import annotations

from typing import Any

from laborfacts.models import FACT_FIELDS, FLAT_FIELDS, Fact, FactContext, flat_record

# Column name -> one of "str", "float", "int": the type every store gives it.
_NUMERIC = {"value": "float", "low": "float", "high": "float", "confidence": "float"}
_INTEGRAL = {"start": "int", "end": "int"}
PATH_COLUMN = "path"
ROW_COLUMNS: dict[str, str] = {
    **{name: _NUMERIC.get(name, _INTEGRAL.get(name, "str")) for name in FLAT_FIELDS},
    "date": "str",
    PATH_COLUMN: "str",
}


def fact_row(fact: Fact, path: str | None = None) -> dict[str, Any]:
    """One fact as a typed row (see the module docstring)."""
    row: dict[str, Any] = flat_record(fact)
    value = row["value"]
    if isinstance(value, str):  # a date fact: its ISO string goes to ``date``
        row["value"], row["date"] = None, value
    else:
        row["value"] = None if value is None else float(value)
        row["date"] = None
    for name in ("low", "high"):
        if row[name] is not None:
            row[name] = float(row[name])
    row[PATH_COLUMN] = path
    return row


def row_fact(row: dict[str, Any], *, trusted: bool = False) -> Fact:
    """The SPEC record back from a typed row (the inverse of ``fact_row``).

    A date fact gets its ISO string back in ``value``; ``date`` and ``path``
    are dropped, and so are columns the record does not have. ``trusted``
    (a row with every field, as a store holds) checks it with
    ``Fact.trusted``, the same checks at a fraction of the cost.
    """
    data = {name: row.get(name) for name in FACT_FIELDS if name in row}
    if row.get("date") is not None:
        data["value"] = row["date"]
    subject_from, time_from = row.get("subject_from") or None, row.get("time_from") or None
    context = None
    if subject_from or time_from:
        context = FactContext(subject=subject_from, time=time_from)
    data["context"] = context if trusted else (context and context.model_dump())
    if trusted:
        return Fact.trusted(data)
    if data.get("confidence") is None:
        data.pop("confidence", None)
    return Fact.model_validate(data)
