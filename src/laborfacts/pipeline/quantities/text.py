"""What every quantity reader shares: the reader ids, the reading being built,
and small helpers on the text around a number."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from laborfacts.pipeline.mentions import Kind

WS = r"[ \t\u00a0\u202f]"  # spaces inside a line, including non-breaking ones
SPACES = " \t\u00a0\u202f"
SPACE_HYPHEN = " \t\u00a0\u202f-"


class Reader(StrEnum):
    """The id of each reader: the part of the grammar that read a quantity."""

    NUMBER_DIGITS = "number.digits"
    NUMBER_WORDS = "number.words"
    NUMBER_VAGUE = "number.vague"  # "hundreds of", "dozens"
    NUMBER_PHRASE = "number.phrase"  # "a dozen", "a couple"
    NUMBER_A_UNIT = "number.a_unit"  # "nearly a month"
    SCALE_WORD = "scale.word"  # "1.6 million", "$1.6m"
    SCALE_FRACTION_OF = "scale.fraction_of"  # "a quarter of a million"
    MONEY_PREFIX_SIGN = "money.prefix_sign"  # "$23", "RM120"
    MONEY_PREFIX_CODE = "money.prefix_code"  # "JPY 500", "USD25m"
    MONEY_SUFFIX_SIGN = "money.suffix_sign"  # "15 €", "120zł"
    MONEY_SUFFIX_WORD = "money.suffix_word"  # "500 yen", "20 francs"
    MONEY_SUFFIX_CODE = "money.suffix_code"  # "25m USD"
    MONEY_SUBUNIT = "money.subunit"  # "50p", "99 cents"
    PERCENT_WORD = "percent.word"  # "40 percent", "40 pc", "15%"
    PERCENT_FRACTION = "percent.fraction"  # "two-thirds reported"
    PERCENT_ONE_IN = "percent.one_in"  # "one in five"
    PERCENT_VAGUE_OF = "percent.vague_of"  # "thousands of percent"
    MEASURE_UNIT = "measure.unit"  # "118 degrees", "50-lb"
    MEASURE_GLUED = "measure.glued"  # "38C"
    DURATION_UNIT = "duration.unit"  # "12 hours", "27-year"
    DURATION_HALF = "duration.half"  # "half-hour"
    COUNT_ITEM = "count.item"  # "340,000 UPS workers"
    COUNT_IN_WORDS = "count.in_words"  # "three of the drivers", hedged "maybe twenty"
    COUNT_VAGUE_OF = "count.vague_of"  # "thousands of workers"
    COUNT_RATIO = "count.ratio"  # "one nurse for every six patients"
    HEDGE_BEFORE = "hedge.before"  # "about", "more than", "up to"
    HEDGE_SUB = "hedge.sub_prefix"  # "sub-300"
    SIGN_NEGATIVE = "sign.negative"  # "-2.7%", "minus 5"
    RANGE_TO = "range.to"  # "3,500 to 4,400", "11 or 12 hours"
    RANGE_BETWEEN = "range.between"  # "between 9 and 11"
    RANGE_HYPHEN = "range.hyphen"  # "15-20%"
    RATE_PER_AFTER = "rate.per_after"  # "$23 an hour", "annually"
    RATE_PER_BEFORE = "rate.per_before"  # "an hourly wage of $23"
    RATE_PER_BASE = "rate.per_base"  # "6.9 injuries per 100 workers"
    CHANGE_BY = "change.by"  # "declined by 240,000"
    CHANGE_VERB = "change.verb"  # "up 5%", "fell 3%"
    CHANGE_ROSE_TO = "change.rose_to"  # "rose $2 to $19": the $2 is a change
    CHANGE_NOUN = "change.noun"  # "a 50p rise"
    ELIDED_UNIT = "elided.unit"  # "five years instead of seven": the seven are years
    CHANGE_FEWER_MORE = "change.fewer_more"  # "20 more stops"
    CHANGE_SIGN = "change.sign"  # "-2.7%": the sign states a fall


# A mention's reader is the reader of the highest rank that read part of it:
# a change or a rate says more about a figure than the number it is made of.
_RANK = {"number": 0, "scale": 1, "money": 2, "percent": 2, "measure": 2, "duration": 2,
         "count": 2, "elided": 2, "hedge": 3, "sign": 3, "range": 4, "rate": 5, "change": 6}  # fmt: skip
RANK: dict[Reader, int] = {r: _RANK[r.value.split(".", 1)[0]] for r in Reader}


@dataclass(slots=True)
class Reading:
    """A quantity while its readers fill it in."""

    start: int
    end: int
    value: float
    kind: Kind = Kind.BARE
    unit: str = "count"
    qualifier: str = "exact"
    direction: str = "level"
    per: str | None = None
    metric: str | None = None
    flags: set[str] = field(default_factory=set)
    low: float | None = None
    high: float | None = None
    second: tuple[int, int] = (-1, -1)
    negative: bool = False
    between: bool = False  # "between" opens it
    from_left: bool = False  # "from" before it: "from X to Y" are two levels
    change_left: bool = False  # a change verb before it: "rose $2 to $19"
    change_to: bool = False  # "A to B" after a change verb: A is the change
    ranged: bool = False
    item: str | None = None
    group: str | None = None
    absorbed: tuple[int, int] | None = None
    reader: Reader | None = None

    def read(self, reader: Reader) -> None:
        """Record that ``reader`` read part of the quantity (see ``RANK``)."""
        if self.reader is None or RANK[reader] >= RANK[self.reader]:
            self.reader = reader


def norm(phrase: str) -> str:
    """A phrase as a lexicon key: lower case, one space for spaces and hyphens."""
    return " ".join(phrase.lower().replace("-", " ").split())


def first_after(text: str, pos: int) -> str:
    """The first character after ``pos`` that is no space inside a line."""
    return text[pos : pos + 12].lstrip(SPACES)[:1]


def last_word(left: str) -> str:
    """The word that ends ``left`` (empty when it ends in a space)."""
    if not left or left[-1].isspace():
        return ""
    return left.rsplit(None, 1)[-1].lstrip("\"'“‘(—–-[")


def first_letters(words: Iterable[str]) -> frozenset[str]:
    """Both cases of the first character of each word: a cheap test before a pattern."""
    return frozenset(c for w in words for c in (w[0].lower(), w[0].upper()))


def overlaps(taken: list[tuple[int, int]], s: int, e: int) -> bool:
    """Does [s, e) overlap a span already taken? ``taken`` is sorted and disjoint."""
    i = bisect_left(taken, (s, -1))
    # only the span before ``s`` and the first from it can overlap [s, e)
    if i:
        a, b = taken[i - 1]
        if a < e and s < b:
            return True
    if i < len(taken):
        a, b = taken[i]
        return a < e and s < b
    return False
