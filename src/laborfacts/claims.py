"""Claims (SPEC section 6): a fact placed in a frame, with the interval of
values it allows and the time it speaks of; two claims' status. See ``diff``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from laborfacts.models import Fact

DEFAULT_TOLERANCE = 0.10
NOT_CLAIMS = frozenset({"date", "time_of_day"})
INF = float("inf")
# Floating-point slack on approx bounds, so "exactly 10% apart" agrees.
_SLACK = 1e-9
_YEAR = re.compile(r"^(\d{4})")


class Status(StrEnum):
    agree = "agree"
    conflict = "conflict"
    changed = "changed"
    only = "only"


# Precedence when summarising several pairs, and display order.
STATUS_ORDER = (Status.conflict, Status.changed, Status.agree, Status.only)


@dataclass(frozen=True)
class Interval:
    """A closed, open or half-open interval of values; infinite ends are open."""

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    # An open end sits just inside its bound: (v, 0) is v itself, (v, +1) just
    # above, (v, -1) just below, so "ends before" is a tuple comparison.
    @property
    def low_pos(self) -> tuple[float, int]:
        return (self.low, 1 if self.low_open else 0)

    @property
    def high_pos(self) -> tuple[float, int]:
        return (self.high, -1 if self.high_open else 0)

    def intersects(self, other: Interval) -> bool:
        return not (self.high_pos < other.low_pos or other.high_pos < self.low_pos)


def interval_of(fact: Fact, tolerance: float = DEFAULT_TOLERANCE) -> Interval | None:
    """The values a fact allows, from its value fields and qualifier; None if it has none."""
    if fact.type in NOT_CLAIMS or isinstance(fact.value, str):
        return None
    q = str(fact.qualifier)
    value = fact.value if isinstance(fact.value, (int, float)) else None
    low, high = fact.low, fact.high

    def first(*vals: float | None) -> float | None:
        return next((float(v) for v in vals if v is not None), None)

    if q == "more_than" or q == "at_least":
        bound = first(low, value, high)
        return None if bound is None else Interval(bound, INF, q == "more_than", True)
    if q == "less_than" or q == "at_most":
        bound = first(high, value, low)
        return None if bound is None else Interval(-INF, bound, True, q == "less_than")
    if value is not None:
        a = b = float(value)
    elif low is not None or high is not None:
        a = first(low, high) or 0.0
        b = first(high, low) or 0.0
    else:
        return None
    if q == "approx":
        a -= abs(a) * tolerance * (1 + _SLACK)
        b += abs(b) * tolerance * (1 + _SLACK)
    return Interval(min(a, b), max(a, b))


def year_of(time: str | None) -> int | None:
    m = _YEAR.match(time or "")
    return int(m.group(1)) if m else None


@dataclass(frozen=True)
class Frame:
    """What a claim is about; claims of one frame are comparable."""

    type: str
    subject: str | None
    metric: str | None
    per: str | None
    unit: str
    direction: str
    item: str | None

    def label(self) -> str:
        """A short reading: 'turnover_rate/annual_turnover · Amazon · percent/year'."""
        kind = f"{self.type}/{self.metric}" if self.metric else self.type
        unit = self.unit + (f"/{self.per}" if self.per else "")
        if self.item:
            unit += f" {self.item}"
        if self.direction != "level":
            unit += f" ({self.direction})"
        return f"{kind} · {self.subject or '(no subject)'} · {unit}"

    def record(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "metric": self.metric,
            "subject": self.subject,
            "per": self.per,
            "unit": self.unit,
            "direction": self.direction,
            "item": self.item,
        }


@dataclass(eq=False)
class Claim:
    """One fact of one document, placed in its frame."""

    doc: str
    fact: Fact
    interval: Interval
    subject: str | None
    time: str | None
    time_source: str | None  # "fact", "published" or None
    frame: Frame | None = None
    status: Status = Status.only

    @property
    def year(self) -> int | None:
        return year_of(self.time)


def pair_status(a: Claim, b: Claim) -> Status:
    """The SPEC's status of two comparable claims from different documents."""
    if a.interval.intersects(b.interval):
        return Status.agree
    ya, yb = a.year, b.year
    if ya is not None and yb is not None and ya != yb:
        return Status.changed
    return Status.conflict


def worst(statuses: Iterable[Status]) -> Status:
    seen = set(statuses)
    return next((s for s in STATUS_ORDER if s in seen), Status.only)


def claim_of(
    doc_id: str, fact: Fact, subject: str | None, published: str | None, tolerance: float
) -> Claim | None:
    """A fact as a claim, with its normalized ``subject``; None if it is no claim."""
    iv = interval_of(fact, tolerance)
    if iv is None:
        return None
    if fact.time:
        time, source = fact.time, "fact"
    elif published:
        time, source = published, "published"
    else:
        time, source = None, None
    return Claim(doc_id, fact, iv, subject, time, source)
