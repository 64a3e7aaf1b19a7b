"""The elided-unit reader: a bare number right after a quantity and a word
such as "instead of" or "sometimes" is a second quantity of the same unit
("a third week of vacation after five years instead of seven", "ten-hour
shifts, sometimes eleven"). The words are ``elided_after`` in
``rules/units.json``."""

from __future__ import annotations

import re
from typing import Any

from laborfacts.pipeline.mentions import Kind, Mention
from laborfacts.pipeline.numbers import parse_digits
from laborfacts.pipeline.quantities.numbers import Num
from laborfacts.pipeline.quantities.text import Reader
from laborfacts.rules import phrase_regex

# a unit worth carrying: counts, bare numbers and dates carry none, and a
# share is followed by the count it stands for ("45%, or 1,200 of them")
_CARRIED = frozenset({Kind.DURATION, Kind.MEASURE, Kind.MONEY})
_OF = re.compile(r"[ \u00a0]+of\b", re.IGNORECASE)


def compile_elided(units: dict[str, Any]) -> re.Pattern[str]:
    """What may stand between the quantity and the bare number."""
    # up to four words may close the first quantity: "$18 an hour, or 19",
    # "61,400 hours of overtime in 2025, up from 38,900"
    return re.compile(
        rf"(?:[ \u00a0]+[\w-]+){{0,4}}[ \u00a0]*,?[ \u00a0]*"
        rf"{phrase_regex(units['elided_after'])}[ \u00a0]+",
        re.IGNORECASE,
    )


def read_elided(
    gap: re.Pattern[str], text: str, core: Num, before: Mention | None
) -> Mention | None:
    """The bare number ``core`` as a quantity of ``before``'s unit, when only
    an ``elided_after`` word stands between them; else None."""
    if before is None or before.kind not in _CARRIED or before.end > core.start:
        return None
    # (a number with a noun or unit of its own was read as such before this)
    if core.start - before.end > 40 or gap.fullmatch(text, before.end, core.start) is None:
        return None
    if _OF.match(text, core.end):
        return None  # "or 1,200 of the workers": a count of its own
    value = core.value
    first = parse_digits(text[before.core_start : before.core_end])
    if isinstance(before.value, float) and first:
        # the first one's scale too: "25 cents, or 30" is $0.30
        value = core.value * before.value / first
    return Mention(
        start=core.start, end=core.end, kind=before.kind, value=value, unit=before.unit,
        per=before.per, item=before.item, item_group=before.item_group,
        core_start=core.start, core_end=core.end, reader=Reader.ELIDED_UNIT, confidence=0.6,
    )  # fmt: skip
