"""The working record of a quantity or date while the pipeline fills it in."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    kind: str  # "date" | "percent" | "money" | "count" | "duration" | "bare"
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
    rule: str = ""
    confidence: float = 0.8
    core_start: int = 0  # the number itself, for context windows
    core_end: int = 0
    core2_start: int = -1  # the second number of a range or tally
    core2_end: int = -1
    sentence: int = 0
    vague: bool = False
    flags: set[str] = field(default_factory=set)
    subject_from: str | None = None  # discourse.Source of the subject
    time_from: str | None = None
    absorbed: tuple[int, int] | None = None  # text the quantity owns but is not a fact
