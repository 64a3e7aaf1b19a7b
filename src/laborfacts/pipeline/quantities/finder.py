"""The quantity stage: one scan for number cores, each read by the readers of
the grammar, left and right of it, so the work per document is linear in its
length."""

from __future__ import annotations

import re
from bisect import insort

from spacy.tokens import Doc

from laborfacts.pipeline.anchors import at_anchors
from laborfacts.pipeline.component import RuleComponent
from laborfacts.pipeline.country import Country, decide
from laborfacts.pipeline.extensions import text_of
from laborfacts.pipeline.mentions import Flag, Kind, Mention
from laborfacts.pipeline.quantities import nonfacts
from laborfacts.pipeline.quantities.changes import after_change_verb, read_direction, read_sign
from laborfacts.pipeline.quantities.elided import read_elided
from laborfacts.pipeline.quantities.grammar import QuantityGrammar, quantity_grammar
from laborfacts.pipeline.quantities.hedges import after_age_word, capped, is_hedged, read_left
from laborfacts.pipeline.quantities.items import read_ratio
from laborfacts.pipeline.quantities.money import currency_before
from laborfacts.pipeline.quantities.numbers import Num, read_core
from laborfacts.pipeline.quantities.ranges import read_range
from laborfacts.pipeline.quantities.rates import read_base, read_rate, share_rates
from laborfacts.pipeline.quantities.text import WS, Reader, Reading, last_word, overlaps
from laborfacts.pipeline.quantities.units import (
    read_items,
    read_scale,
    read_share,
    read_unit_after,
    read_vague,
)
from laborfacts.rules import RuleSet

_MINUS = frozenset("-\u2212\u2012\u2010\u2011\ufe63\uff0d")
_BEFORE_MINUS = frozenset(" \t\n\r\u00a0([:=/")
_SIGN_WORD_LEFT = re.compile(rf"\b(?:minus|negative){WS}+$", re.IGNORECASE)
_CAPITAL_WORD_END = re.compile(r"[A-Z][\w’'-]*[ \u00a0]$")


def grammar_of(rules: RuleSet | QuantityGrammar | None) -> QuantityGrammar:
    """The grammar of ``rules``: a grammar as it is, a rule set's compiled, or the default."""
    return rules if isinstance(rules, QuantityGrammar) else quantity_grammar(rules)


def _not_a_fact(
    g: QuantityGrammar, text: str, core: Num, left: str, left_word: str, n: int, guarded: bool
) -> bool:
    """A number that is part of something else: a code, a clock time, an ordinal,
    an age, a capitalised number word in a name. ``guarded``: a currency or
    "sub-" before the number, which a code never has."""
    s, e = core.start, core.end
    if after_age_word(g.hedges, left, left_word):
        return True
    if core.words:
        # a capitalised number word inside a name: "the Big Five"
        return text[s].isupper() and _CAPITAL_WORD_END.search(left[-30:]) is not None
    if not guarded and nonfacts.is_code(g.nonfacts, text, s, e):
        return True
    if nonfacts.is_clock_or_ordinal(text, s, e, n):
        return True
    return (
        text[e : e + 1] == ","
        and left.endswith((", ", ",\u00a0"))
        and core.value < 120
        and g.hedges.age_appositive.search(left) is not None
    )  # "Jones, 34, has worked…": an age


def _read_sign(text: str, left: str, left_word: str, r: Reading) -> None:
    """A minus sign or word before the number: "-2.7%", "minus 5", "negative 3%"."""
    start = r.start
    if start > 0 and text[start - 1] in _MINUS and (start < 2 or text[start - 2] in _BEFORE_MINUS):
        r.negative, r.start = True, start - 1
    elif left_word in ("minus", "negative") and left.rstrip() != left:
        mw = _SIGN_WORD_LEFT.search(text, max(0, start - 12), start)
        if mw is not None:
            r.negative, r.start = True, mw.start()
    if r.negative:
        r.read(Reader.SIGN_NEGATIVE)


def _start(g: QuantityGrammar, text: str, core: Num, n: int, country: Country) -> Reading | None:
    """The reading of a core with what stands right before it, or None: no fact."""
    s, e = core.start, core.end
    # Left-context patterns are anchored at the slice end; short slices keep
    # their search cheap (the longest hedge is under 35 characters).
    left = text[max(0, s - 36) : s]
    # a currency before the number, glued or spaced ("RM120", "JPY 500"): read
    # first, since letters glued to a number otherwise make it a code
    cur = currency_before(g.money, left, s, country)
    sub_prefix = left[-4:].lower() == "sub-" and (len(left) < 5 or not left[-5].isalpha())
    left_word = last_word(left.rstrip()).lower()
    if _not_a_fact(g, text, core, left, left_word, n, cur is not None or sub_prefix):
        return None
    if text[s:e].lower() in ("a", "an") and not is_hedged(g.hedges, left, left_word):
        return None  # "a month" is a quantity only when hedged: "nearly a month"
    r = Reading(start=s, end=e, value=core.value, reader=core.reader)
    if cur is not None:
        r.start, r.kind, r.unit = cur[1], Kind.MONEY, cur[0]
        r.read(cur[2])
    if sub_prefix:
        r.start, r.qualifier = s - 4, "less_than"  # "sub-300": below 300
        r.read(Reader.HEDGE_SUB)
    _read_sign(text, left, left_word, r)
    return r


def _read_units(
    g: QuantityGrammar, text: str, core: Num, n: int, country: Country, r: Reading
) -> Mention | None | bool:
    """Scale, share and the unit after the number (see ``units``)."""
    if core.fraction or core.one_in:
        got = read_share(g, text, core, text[max(0, core.start - 36) : core.start], r)
        if got is not None:
            return got
    elif not core.vague:
        read_scale(g, text, n, country, r)
    if r.kind == Kind.BARE and not core.fraction:
        read_unit_after(g, text, n, country, core, r)
    return None


def _settle(text: str, core: Num, r: Reading) -> tuple[float | None, float | None, float | None]:
    """The value, low and high the reading's shape gives, with its sign."""
    value = r.value
    low, high = r.low, r.high
    val: float | None = None
    if r.ranged:
        if Flag.DESCENDING not in r.flags and r.qualifier == "exact":
            r.qualifier = "range"
    elif core.vague:
        low, high, r.qualifier = value, None, "at_least"
    elif r.qualifier in ("more_than", "at_least"):
        low = value
    elif r.qualifier in ("less_than", "at_most"):
        high = value
    else:
        val = value
    if not r.negative:
        return val, low, high
    if r.ranged and low is not None and high is not None:
        # "-5 to -2": the second number carries its own sign, if any
        low = -low
        if r.second[0] > 0 and text[r.second[0] - 1] in _MINUS:
            high = -high
        if low > high:
            low, high = high, low
    else:
        val, low, high = (None if v is None else -v for v in (val, low, high))
    read_sign(r)
    r.flags.add(Flag.NEGATIVE)
    return val, low, high


def read_quantity(
    g: QuantityGrammar, text: str, core: Num, n: int, country: Country
) -> Mention | None:
    """The quantity around the number ``core``, or None when it is no fact."""
    s, e = core.start, core.end
    r = _start(g, text, core, n, country)
    if r is None:
        return None
    if core.value == 1 and text[s : s + 1] in "1oO":
        ratio = read_ratio(g.items, text, s, n)
        if ratio is not None:
            left = text[max(0, s - 40) : s]
            if capped(g.hedges, left, last_word(left.rstrip()).lower()):
                # "cap assignments at one nurse for every four patients"
                cap = ratio.value if isinstance(ratio.value, float | int) else None
                ratio.qualifier, ratio.high, ratio.value = "at_most", cap, None
            return ratio
    got = _read_units(g, text, core, n, country, r)
    if got is not None:
        return got if isinstance(got, Mention) else None
    left, word = read_left(g.hedges, text, r)
    r.change_left = after_change_verb(g.changes, left, word)
    read_range(g, text, n, core, r, country)
    if not read_items(g, text, n, core, r):
        return None
    if core.vague:
        if text[s - 1 : s] == "(" and text[e : e + 1] == ")":
            return None  # "Union members (thousands) ..... 2,184": a scale note, not a fact
        read_vague(g, text, n, r)
    read_base(g.items, text, n, r)
    read_rate(g.rates, g.items, text, n, r)
    read_direction(g.changes, text, n, r)
    val, low, high = _settle(text, core, r)
    if r.kind == Kind.BARE and core.words:
        return None
    if not core.words and r.end == e and e < n and text[e].isalpha():
        return None  # digits glued to letters that are no unit: "the 1950s", "3D"
    return Mention(
        start=r.start, end=r.end, kind=r.kind, value=val, low=low, high=high,
        qualifier=r.qualifier, direction=r.direction, unit=r.unit, per=r.per, item=r.item,
        item_group=r.group, metric=r.metric, core_start=s, core_end=e,
        core2_start=r.second[0], core2_end=r.second[1], vague=core.vague, flags=r.flags,
        absorbed=r.absorbed, reader=r.reader,
        confidence=0.5 if core.vague else (0.7 if core.words else 0.85),
    )  # fmt: skip


def _skip(text: str, m: re.Match[str], core: Num) -> int | None:
    """Where the scan goes on when the core is a phone number, an id or a
    section number (None: it is none of these)."""
    s = m.start()
    after = text[m.end() : m.end() + 1]
    # a chain goes on with "-", "." or ")"
    if not core.words and after in ("-", ".", "\u2011", ")"):
        chain = nonfacts.DIGIT_CHAIN.match(text, s)
        if chain is not None:
            return chain.end()  # a phone number or an id: 1-800-555-0199
    if not core.words and (s == 0 or text[s - 1] in "\n\r") and nonfacts.LIST_NUMBER.match(text, s):
        return m.end()  # "1. Union membership": a section number
    return None


def _skip_rejected(g: QuantityGrammar, text: str, m: re.Match[str], core: Num) -> int:
    """Where the scan goes on after a core that is no fact: past a list of codes
    ("pages 12 and 19") or an age bracket ("aged 16 to 24")."""
    s = m.start()
    if not core.words and nonfacts.is_code(g.nonfacts, text, s, m.end()):
        cl = nonfacts.CODE_LIST.match(text, m.end())
        return m.end() if cl is None else cl.end()
    ar = g.hedges.age_range.match(text, s)
    if ar is not None and g.hedges.age_left.search(text, max(0, s - 40), s):
        return ar.end()
    return m.end()


def find_quantities(
    text: str,
    taken: list[tuple[int, int]],
    anchors: list[int] | None = None,
    country: Country | None = None,
    blocked: list[tuple[int, int]] | None = None,
    rules: RuleSet | QuantityGrammar | None = None,
) -> list[Mention]:
    """Quantity mentions outside the ``taken`` spans (dates, the byline) and the
    ``blocked`` ones (non-facts; found here when not given). Bare "$" and
    "degrees" are those of ``country`` (decided from the text when not given).
    ``rules``: a rule set or its grammar (the package's by default)."""
    g = grammar_of(rules)
    out: list[Mention] = []
    n = len(text)
    pos = 0
    country = country or decide(text, g.rules)
    blocked = nonfacts.nonfact_spans(g.nonfacts, text) if blocked is None else blocked
    for m in at_anchors(g.numbers.core, text, anchors, g.numbers.core_digit):
        if m.start() < pos:
            continue
        pos = m.end()
        if overlaps(taken, m.start(), m.end()) or overlaps(blocked, m.start(), m.end()):
            continue
        core = read_core(g.numbers, m)
        if core is None:
            continue
        skip = _skip(text, m, core)
        if skip is not None:
            pos = skip
            continue
        mention = read_quantity(g, text, core, n, country)
        if mention is None or mention.kind == Kind.BARE:
            elided = read_elided(g.elided, text, core, out[-1] if out else None)
            mention = elided or mention
        if mention is None:
            pos = _skip_rejected(g, text, m, core)
            continue
        out.append(mention)
        pos = max(pos, mention.end)
        insort(taken, (mention.start, mention.end))
        if mention.absorbed is not None and not overlaps(taken, *mention.absorbed):
            insort(taken, mention.absorbed)  # "per 100 workers" is the rate's base, not a fact
    share_rates(text, out)
    return out


def nonfact_spans(
    text: str, anchors: list[int] | None = None, rules: RuleSet | QuantityGrammar | None = None
) -> list[tuple[int, int]]:
    """Sorted, disjoint spans of ``text`` that hold no fact (see ``nonfacts.nonfact_spans``)."""
    return nonfacts.nonfact_spans(grammar_of(rules).nonfacts, text, anchors)


def nonfact_rule(text: str, rules: RuleSet | QuantityGrammar | None = None) -> str | None:
    """The id of the first non-fact entry that matches ``text``, if any."""
    return nonfacts.nonfact_rule(grammar_of(rules).nonfacts, text)


class QuantityFinder(RuleComponent):
    """Component: adds quantity mentions to ``doc._.lf_mentions``."""

    grammar: QuantityGrammar

    def compile(self, rules: RuleSet) -> None:
        self.grammar = quantity_grammar(rules)

    def __call__(self, doc: Doc) -> Doc:
        g = self.grammar
        ext = doc._
        text = text_of(doc)
        blocked = nonfacts.nonfact_spans(g.nonfacts, text, ext.lf_anchors)
        ext.lf_nonfacts = blocked
        # a date inside a name or a marker ("© 2024") is no fact either
        mentions: list[Mention] = [
            m for m in ext.lf_mentions or [] if not overlaps(blocked, m.start, m.end)
        ]
        taken = sorted((m.start, m.end) for m in mentions)
        taken.extend(ext.lf_byline_spans or [])
        taken.sort()
        found = find_quantities(text, taken, ext.lf_anchors, decide(text, g.rules), blocked, g)
        mentions.extend(found)
        mentions.sort(key=lambda x: (x.start, x.end))
        ext.lf_mentions = mentions
        return doc
