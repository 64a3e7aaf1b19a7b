"""Unit readers: what a number's neighbours make of it — a scale ("1.6
million"), a share ("two-thirds reported", "one in five"), a percent, a
currency, a measure or a duration after it, and the noun it counts."""

from __future__ import annotations

import re

from laborfacts.pipeline.country import Country
from laborfacts.pipeline.mentions import Flag, Kind, Mention
from laborfacts.pipeline.quantities.grammar import QuantityGrammar
from laborfacts.pipeline.quantities.hedges import hedge_before
from laborfacts.pipeline.quantities.items import counted_in_words, find_item
from laborfacts.pipeline.quantities.measures import duration_after, measure_after, percent_after
from laborfacts.pipeline.quantities.money import money_after
from laborfacts.pipeline.quantities.numbers import Num, scale_after, scaled
from laborfacts.pipeline.quantities.text import WS, Reader, Reading

_OF_SCALE = re.compile(
    r"[\s\u00a0-]+of[\s\u00a0-]+an?[\s\u00a0-]+(?P<sc>million|billion|thousand|hundred)\b"
)
_OF_THE = re.compile(rf"{WS}+(?:of|the)\b")
_BY_END = re.compile(rf"\bby{WS}+$", re.IGNORECASE)
_OF = re.compile(rf"{WS}+of{WS}+")


def read_scale(g: QuantityGrammar, text: str, n: int, country: Country, r: Reading) -> None:
    """A scale word or a glued abbreviation after the number: "1.6 million", "$5bn"."""
    e = r.end
    factor, e2 = scale_after(g.numbers, text, e, n)
    if factor == 1.0:
        return
    # "m" alone is ambiguous (metres, minutes); only after money, or
    # before a measure or a currency ("4.1m tonnes", "25m USD")
    if (
        text[e:e2].strip().lower() in ("m", "b", "k")
        and r.kind != Kind.MONEY
        and measure_after(g.measures, text, e2, min(n, e2 + 24), country) is None
        and g.money.right.match(text, e2, min(n, e2 + 20)) is None
    ):
        factor, e2 = 1.0, e
    else:
        r.read(Reader.SCALE_WORD)
    r.value = scaled(r.value, factor)
    r.end = e2


def read_share(
    g: QuantityGrammar, text: str, core: Num, left: str, r: Reading
) -> Mention | None | bool:
    """A fraction or "one in five" is a percent; "a quarter of a million" a count
    and "a half-hour" a duration. False: the fraction is no quantity at all."""
    r.kind, r.unit = Kind.PERCENT, "percent"
    r.read(core.reader)
    if not core.fraction or core.one_in:
        return None
    s, e = core.start, core.end
    hh = g.measures.half_hour.match(text, s)
    if hh is not None:
        # "half-hour break": a duration of 0.5 of the unit
        return Mention(
            start=s, end=hh.end(), kind=Kind.DURATION, value=r.value / 100.0,
            unit=hh.group("dur").lower(), core_start=s, core_end=hh.end(), confidence=0.8,
            reader=Reader.DURATION_HALF,
        )  # fmt: skip
    after = text[e : e + 30].lower()
    of_scale = _OF_SCALE.match(after)
    if of_scale is not None:
        # "a quarter of a million": a count, not a share
        factor = g.numbers.words.scale_of(of_scale.group("sc")) or 1.0
        r.value = round(r.value / 100.0 * factor, 6)
        r.end = e + of_scale.end()
        core.fraction = False
        r.kind, r.unit = Kind.BARE, "count"
        r.reader = Reader.SCALE_FRACTION_OF  # no share after all
        return None
    # "half" is a share only when it is a share of something
    if (
        not _OF_THE.match(after)
        and g.share_verb.match(after) is None
        and hedge_before(g.hedges, left) is None
        and not _BY_END.search(left)
    ):
        return False
    return None


def read_unit_after(
    g: QuantityGrammar, text: str, n: int, country: Country, core: Num, r: Reading
) -> None:
    """The unit word after a bare number: percent, currency, measure, duration."""
    end = r.end
    pm = percent_after(g.measures, text, end, n)
    if pm is not None:
        r.kind, r.unit, r.end = Kind.PERCENT, "percent", pm.end()
        if "point" in pm.group("pct").lower():
            r.metric = "percentage_points"
        r.read(Reader.PERCENT_WORD)
        return
    money = money_after(g.money, text, end, n, country, core.words)
    if money is not None:
        r.kind, r.unit, r.end = Kind.MONEY, money[0], money[1]
        if money[2] != 1.0:
            r.value = scaled(r.value, money[2])
        r.read(money[3])
        return
    ms = measure_after(g.measures, text, end, min(n, end + 24), country)
    if ms is not None:
        r.kind, r.unit, r.end = Kind.MEASURE, ms[0], ms[1]
        r.metric = g.measures.metric_of[ms[0]]
        r.read(ms[2])
        return
    dm = duration_after(g.measures, text, end, n)
    if dm is not None:
        r.kind, r.unit, r.end = Kind.DURATION, dm[0], dm[2]
        r.value *= dm[1]
        r.read(Reader.DURATION_UNIT)


def read_items(g: QuantityGrammar, text: str, n: int, core: Num, r: Reading) -> bool:
    """The counted noun after a count; False when a number word counts nothing
    (a manner of speaking: "one day", "the two of them")."""
    if r.kind != Kind.BARE:
        return True
    end = r.end
    words_only = core.words and not core.vague
    item, group, _ = find_item(g.items, text, end, min(n, end + 60), 3 if words_only else 5)
    reader = Reader.COUNT_ITEM
    if words_only and item is None:
        item, group = counted_in_words(g.items, text, end, n, r.value)
        reader = Reader.COUNT_IN_WORDS
    if item is not None:
        r.kind, r.item, r.group = Kind.COUNT, item, group
        r.read(reader)
    elif words_only:
        if not (r.qualifier == "approx" and r.value >= 2):
            return False  # unless hedged: "there's maybe twenty"
        r.kind = Kind.COUNT  # hedged: "maybe four are still there"
        r.read(Reader.COUNT_IN_WORDS)
    # "one picker's tracker", "one loader, …": a person, not a count
    return not (words_only and r.value == 1 and r.qualifier == "exact")


def read_vague(g: QuantityGrammar, text: str, n: int, r: Reading) -> None:
    """ "thousands of percent", "millions of workers": a vague amount of what follows."""
    r.flags.add(Flag.VAGUE)
    if r.kind != Kind.BARE:
        return
    end = r.end
    r.kind = Kind.COUNT
    of_item = _OF.match(text[end : end + 5])
    if of_item is None:
        return
    pm = g.measures.percent_right.match(text, end + of_item.end(), min(n, end + 30))
    if pm is not None:
        r.kind, r.unit, r.end = Kind.PERCENT, "percent", pm.end()
        r.read(Reader.PERCENT_VAGUE_OF)
        return
    r.item, r.group, _ = find_item(g.items, text, end + of_item.end() - 1, min(n, end + 60))
    if r.item is not None:
        r.read(Reader.COUNT_VAGUE_OF)
