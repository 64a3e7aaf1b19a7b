"""The working record of a quantity or date while the pipeline fills it in."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """What a mention's number measures, before classification gives it a type.

    Members equal their strings, so stages that compare with ``"money"`` work."""

    DATE = "date"
    PERCENT = "percent"
    MONEY = "money"
    COUNT = "count"
    DURATION = "duration"
    MEASURE = "measure"
    BARE = "bare"  # a number with nothing read around it yet


class Flag(StrEnum):
    """Shapes a quantity reader noticed, for the later stages."""

    RANGE = "range"
    BETWEEN = "between"
    HYPHEN = "hyphen"
    DESCENDING = "descending"  # "19-8", "6.9 to 6.4": a tally or two levels
    VAGUE = "vague"
    NEGATIVE = "negative"
    PER_BASE = "per_base"  # "per 100 workers"
    CHANGE_NOUN = "change_noun"  # "a 50p rise"
    RATIO = "ratio"  # "one nurse for every six patients"


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    kind: str  # a Kind (dates pass the plain string)
    value: float | str | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str = "exact"
    direction: str = "level"
    unit: str = "count"
    per: str | None = None
    item: str | None = None
    item_group: str | None = None
    type: str | None = None
    metric: str | None = None
    subject: str | None = None
    time: str | None = None
    attribution: str | None = None
    rule: str = ""  # the classification (or date) rule that typed it
    confidence: float = 0.8
    core_start: int = 0  # the number itself, for context windows
    core_end: int = 0
    core2_start: int = -1  # the second number of a range or tally
    core2_end: int = -1
    sentence: int = 0
    vague: bool = False
    flags: set[str] = field(default_factory=set)  # Flag members
    subject_from: str | None = None  # discourse.Source of the subject
    time_from: str | None = None
    absorbed: tuple[int, int] | None = None  # text the quantity owns but is not a fact
    reader: str | None = None  # the quantity reader (a quantities.Reader id) that read it
    row: str | None = None  # the label of the table row it closes, under a caption
    caption: tuple[int, int] | None = None  # that caption's line
