"""Range readers: "3,500 to 4,400", "between $234 billion and $254 billion",
"15-20%", "11 or 12 hours", "maybe five, six pounds"; a descending pair
("voted 19-8", "2,654 to 2,131") is read the same way and marked, for the
classifier to read as a tally or two levels."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from laborfacts.pipeline.country import Country
from laborfacts.pipeline.mentions import Flag, Kind
from laborfacts.pipeline.quantities.measures import duration_after, measure_after, percent_after
from laborfacts.pipeline.quantities.money import money_after
from laborfacts.pipeline.quantities.numbers import Num, read_core, scale_after
from laborfacts.pipeline.quantities.text import SPACES, WS, Reader, Reading

if TYPE_CHECKING:
    from laborfacts.pipeline.quantities.grammar import QuantityGrammar

# "10- to 12-hour shifts": a suspended hyphen before the word
_SEP = re.compile(
    rf"{WS}*(?:[-–]{WS}+(?=to|or|and))?(?P<sep>to|and|-|–|—|through|or|,){WS}*", re.IGNORECASE
)
_SEP_STARTS = ("to", "To", "and", "-", "–", "—", "through", "or", ",")
_DASHES = ("-", "–", "—")


@dataclass(frozen=True)
class RangeGrammar:
    or_unit: re.Pattern[str]  # "11 or 12 hours", "12 or 13 miles" are ranges; "5 or 6" alone is not


def compile_ranges(units: list[str]) -> RangeGrammar:
    """``units``: the duration and measure words after which "11 or 12" is a range."""
    words = "|".join(sorted(map(re.escape, units), key=len, reverse=True))
    return RangeGrammar(
        or_unit=re.compile(rf"[\w.,]*(?:(?:{WS}*|-)(?:%|percent|{words}))", re.IGNORECASE)
    )


def _number_after_sep(
    g: QuantityGrammar, text: str, e: int, n: int
) -> tuple[re.Match[str], Num] | None:
    """The separator after ``e`` and the digits or words after it (with their own
    currency sign, if any: "$234 billion and $254 billion")."""
    sep = _SEP.match(text, e, min(n, e + 12))
    if sep is None:
        return None
    start2 = sep.end()
    cm = g.money.sign_at.match(text, start2)
    if cm:
        start2 = cm.end()
    m2 = g.numbers.core.match(text, start2)
    if m2 is None or m2.lastgroup not in ("digits", "words"):
        return None
    core2 = read_core(g.numbers, m2)
    if core2 is None:
        return None
    core2.signed = cm is not None
    return sep, core2


def _fits(g: QuantityGrammar, text: str, r: Reading, sep: re.Match[str], core2: Num) -> bool:
    """May the second number close a range with the reading?"""
    word = sep.group("sep").lower()
    if core2.signed != (r.kind == Kind.MONEY):
        return False  # "11 percent to $612 billion": two quantities, not a range
    if word == "and" and not r.between:
        return False
    if word == "to" and r.change_left and not _range_of_change(g, text, r, core2):
        r.change_to = True  # "rose $2 to $19": a change and a level
        return False
    if word == "or" and not g.ranges.or_unit.match(text[sep.end() :][:40]):
        return False
    v = r.value
    # "maybe five, six pounds" is a range; "5, 6 and 7" a list
    return word != "," or (r.qualifier == "approx" and v < core2.value <= 2 * v)


def _range_of_change(g: QuantityGrammar, text: str, r: Reading, core2: Num) -> bool:
    """ "rose 3 to 4 percent": a bare first number and a close second share
    are a range of the change, not a change and the level it reached."""
    if r.kind != Kind.BARE or not 0 < r.value < core2.value <= 3 * r.value:
        return False
    return percent_after(g.measures, text, core2.end, min(len(text), core2.end + 16)) is not None


def _second_unit(
    g: QuantityGrammar, text: str, e2: int, n: int, country: Country, r: Reading
) -> tuple[Kind, int, float]:
    """The unit after the second number of a bare range ("15 to 20 percent"):
    its kind, its end, and the factor on both values."""
    if r.kind != Kind.BARE:
        return r.kind, e2, 1.0
    money = money_after(g.money, text, e2, n, country, False)
    if money is not None and money[3] != Reader.MONEY_SUBUNIT:
        r.unit = money[0]  # "20 to 25 dollars an hour"
        return Kind.MONEY, money[1], money[2]
    pm = percent_after(g.measures, text, e2, n)
    if pm is not None:
        return Kind.PERCENT, pm.end(), 1.0
    ms = measure_after(g.measures, text, e2, min(n, e2 + 24), country)
    if ms is not None:
        r.unit, r.metric = ms[0], g.measures.metric_of[ms[0]]
        return Kind.MEASURE, ms[1], 1.0
    dm = duration_after(g.measures, text, e2, n)
    if dm is not None:
        r.unit = dm[0]
        return Kind.DURATION, dm[2], dm[1]
    return r.kind, e2, 1.0


def _close(
    g: QuantityGrammar, text: str, n: int, core: Num, core2: Num, anchor: int, r: Reading,
    country: Country, sep: str,
) -> None:  # fmt: skip
    v2 = core2.value
    f2, e2 = scale_after(g.numbers, text, core2.end, n)
    factor_first = r.value / core.value if core.value else 1.0
    if f2 != 1.0:
        v2 *= f2
        if factor_first == 1.0 and anchor == core.end and core.value <= core2.value:
            # "3 to 4 million": the scale applies to both; not "$41,000 to
            # $1.2 million" or "$500 to $2 million", where the first is the smaller as written
            r.value *= f2
    elif factor_first != 1.0:
        v2 *= factor_first
    kind2, e2_unit, factor = _second_unit(g, text, e2, n, country, r)
    v2 *= factor
    r.value *= factor
    if kind2 != r.kind:
        r.kind = kind2
        if kind2 == Kind.PERCENT:
            r.unit = "percent"
    if v2 <= r.value:
        r.flags.add(Flag.DESCENDING)  # "voted 19-8", "2,654 to 2,131": a tally
    r.low, r.high = r.value, v2
    r.end = max(r.end, e2_unit)
    r.second = (core2.start, e2_unit)
    r.ranged = True
    r.flags.add(Flag.RANGE)
    if r.between:
        r.flags.add(Flag.BETWEEN)
    if sep in _DASHES:
        r.flags.add(Flag.HYPHEN)
    r.read(
        Reader.RANGE_BETWEEN
        if r.between
        else Reader.RANGE_HYPHEN
        if sep in _DASHES
        else Reader.RANGE_TO
    )


def read_range(
    g: QuantityGrammar, text: str, n: int, core: Num, r: Reading, country: Country
) -> None:
    """A second number after the first closes a range (see the module docstring)."""
    if core.vague or core.fraction or r.from_left:
        return
    e = core.end
    # the separator follows the first number (before its unit when the unit is shared)
    for anchor in (e, r.end) if e != r.end else (e,):
        if not text[anchor : anchor + 12].lstrip(SPACES).startswith(_SEP_STARTS):
            continue  # no "to", "and", "-", "or" next: no second number
        got = _number_after_sep(g, text, anchor, n)
        if got is None or not _fits(g, text, r, *got):
            continue
        sep, core2 = got
        _close(g, text, n, core, core2, anchor, r, country, sep.group("sep").lower())
        return
