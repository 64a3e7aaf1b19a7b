"""Values as a reader says them: "about 87%", "at least 22 USD per hour"."""

from __future__ import annotations

from laborfacts.models import Fact
from laborfacts.tabular import fact_row

_HEDGE = {
    "approx": "about ",
    "more_than": "more than ",
    "at_least": "at least ",
    "less_than": "less than ",
    "at_most": "at most ",
}
_UNIT = {"percent": "%"}


def _number(v: float | int) -> str:
    if isinstance(v, float) and not v.is_integer():
        return f"{v:,.6g}" if abs(v) < 1e6 else f"{v:,.2f}"
    return f"{int(v):,}"


def shown_value(fact: Fact) -> str:
    """The value with its hedge, unit and period: "about 87%", "at least 22 USD per hour"."""
    if isinstance(fact.value, str):
        return fact.value
    q = str(fact.qualifier)
    if fact.value is not None:
        amount = _HEDGE.get(q, "") + _number(fact.value)
    elif fact.low is not None and fact.high is not None:
        hedge = "about " if q == "approx" else ""
        amount = f"{hedge}{_number(fact.low)} to {_number(fact.high)}"
    elif fact.low is not None or fact.high is not None:
        bound = fact.low if fact.low is not None else fact.high
        assert bound is not None
        amount = _HEDGE.get(q, "") + _number(bound)
    else:
        return "(no value)"
    unit = str(fact.unit)
    if unit == "count":
        label = f" {fact.item}" if fact.item else ""
    else:
        label = _UNIT.get(unit, " " + unit)
    out = amount + label
    if fact.per:
        out += f" per {fact.per}"
    if str(fact.direction) != "level":
        out = f"{fact.direction} of {out}"
    return out


def _sort_key(fact: Fact) -> str:
    """What the value column sorts by: the number (a bound for a range), or the date.

    Dates sort after every number: "~" follows digits and "-" (the page sorts
    cells that both read as numbers by value, others as text).
    """
    row = fact_row(fact)
    for name in ("value", "low", "high"):
        if row[name] is not None:
            return repr(row[name])
    return "~" + row["date"] if row["date"] else ""
