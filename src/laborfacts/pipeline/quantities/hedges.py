"""Hedge readers: the qualifier phrase before a number ("about", "more than",
"up to", from ``rules/qualifiers.json``), "between" and "from" before it, and
the age phrases that make a number no fact ("aged 16 to 24")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from laborfacts.pipeline.mentions import Kind
from laborfacts.pipeline.quantities.text import WS, Reader, Reading, last_word
from laborfacts.rules import LexiconError, first_guard

_DURING = re.compile(r"\b(?:for|of|after|than|in)\s+$")


@dataclass(frozen=True)
class HedgeGrammar:
    qualifier_of: dict[str, str]  # hedge phrase (lower case) → qualifier
    reversed: re.Pattern[str]
    last_words: frozenset[str]  # the last words of the hedges, and "between"
    between_left: re.Pattern[str]
    from_left: re.Pattern[str]
    range_from_left: re.Pattern[str]
    age_last: frozenset[str]
    age_left: re.Pattern[str]
    age_range: re.Pattern[str]
    age_appositive: re.Pattern[str]
    reached_after: frozenset[str] = frozenset()  # "goes up to £12.71": a level, no bound
    cap_frame: re.Pattern[str] | None = None  # "cap assignments at …": at most


def compile_hedges(qualifiers: dict[str, Any], digits: str, words: str) -> HedgeGrammar:
    reached_after = frozenset(w.lower() for w in qualifiers.get("reached_after", ()))
    frames = "|".join(map(re.escape, qualifiers.get("at_most_frames", ()))) or "(?!)"
    qualifier_of = {
        p.lower(): q
        for q, phrases in qualifiers.items()
        if q not in ("reached_after", "at_most_frames")
        for p in phrases
    }
    if any(p.endswith("*") or p.startswith("re:") for p in qualifier_of):
        raise LexiconError("rules/qualifiers.json: hedge phrases must be plain words")
    # A hedge phrase, its spaces and an optional "between" that end the text before
    # a number, matched backwards on the reversed text and anchored at its start:
    # one attempt instead of a search that tries every position of the window
    # (tests/test_fast_paths.py holds it equal to that search).
    phrases = "|".join(
        r"[\s\u00a0-]+".join(re.escape(w[::-1]) for w in reversed(p.split(" ")))
        for p in sorted(qualifier_of, key=len, reverse=True)
    )
    return HedgeGrammar(
        qualifier_of=qualifier_of,
        reached_after=reached_after,
        cap_frame=re.compile(
            rf"\b(?:{frames})\b(?:{WS}+[\w’'-]+){{0,3}}?{WS}+(?:at|to){WS}+$", re.IGNORECASE
        ),
        # "\n?" because "$" also matches before a newline that ends the text
        reversed=re.compile(
            rf"\n?{WS}+(?P<btw>neewteb{WS}+)?{first_guard(phrases)}(?P<hedge>(?:{phrases}))"
            r"(?=$|[\s(\"“‘'—–-])",
            re.IGNORECASE,
        ),
        last_words=frozenset({p.split()[-1] for p in qualifier_of} | {"between"}),
        between_left=re.compile(rf"\bbetween{WS}+$", re.IGNORECASE),
        from_left=re.compile(rf"\bfrom{WS}+$", re.IGNORECASE),
        range_from_left=re.compile(
            rf"\b(?:rang(?:e|es|ed|ing)|var(?:y|ies|ied|ying)|anywhere|spans?|spanning){WS}+from{WS}+$",
            re.IGNORECASE,
        ),
        age_last=frozenset({"age", "aged", "ages", "group", "of"}),
        age_left=re.compile(
            rf"\b(?:aged?|ages|age{WS}+group|between{WS}+the{WS}+ages{WS}+of){WS}+$",
            re.IGNORECASE,
        ),
        age_range=re.compile(
            rf"(?:{digits}|{words}){WS}*(?:to|-|–|and|through){WS}*(?:{digits}|{words})",
            re.IGNORECASE,
        ),
        age_appositive=re.compile(r"\b[A-Z][a-z’'-]+,[ \u00a0]$"),
    )


def hedge_before(g: HedgeGrammar, left: str) -> tuple[str, int, bool] | None:
    """The hedge phrase ending ``left`` (before spaces and an optional "between"),
    as a search for it finds it: (phrase, its start, whether "between" follows)."""
    rm = g.reversed.match(left[::-1])
    if rm is None:
        return None
    n = len(left)
    return left[n - rm.end("hedge") : n - rm.start("hedge")], n - rm.end("hedge"), bool(rm["btw"])


def is_hedged(g: HedgeGrammar, left: str, left_word: str) -> bool:
    """Does a hedge end ``left`` (whose last word is ``left_word``)?"""
    return left_word in g.last_words and hedge_before(g, left) is not None


def after_age_word(g: HedgeGrammar, left: str, left_word: str) -> bool:
    """ "aged 34", "between the ages of 16": a number after these is an age."""
    return left_word in g.age_last and g.age_left.search(left) is not None


def capped(g: HedgeGrammar, left: str, left_word: str) -> bool:
    """Does ``left`` end in a cap's frame ("cap assignments at", "limits shifts to")?"""
    return (
        left_word in ("at", "to")
        and g.cap_frame is not None
        and g.cap_frame.search(left) is not None
    )


def read_left(g: HedgeGrammar, text: str, r: Reading) -> tuple[str, str]:
    """The hedge and the range words before the reading (which it extends to
    cover a hedge or "between"); returns the text before it and its last word."""
    left = text[max(0, r.start - 40) : r.start]
    word = last_word(left.rstrip()).lower()
    hb = hedge_before(g, left) if word in g.last_words else None
    if (
        hb is not None
        and r.kind == Kind.DURATION
        and hb[0].lower() in ("over", "under")
        and not _DURING.search(left[: hb[1]])
    ):
        hb = None  # "raises pay by 25% over four years": over is "during" here
    if (
        hb is not None
        and hb[0].lower() == "up to"
        and last_word(left[: hb[1]].rstrip()).lower() in g.reached_after
    ):
        hb = None  # "the floor goes up to £12.71": where it goes
    if hb is None and r.qualifier == "exact" and capped(g, left, word):
        r.qualifier = "at_most"  # "limits shifts to 10 hours"
        r.read(Reader.HEDGE_BEFORE)
    if hb is not None:
        q = g.qualifier_of.get(" ".join(hb[0].lower().split()))
        if q:
            r.qualifier = q
            r.start -= len(left) - hb[1]
            r.between = hb[2]
            r.read(Reader.HEDGE_BEFORE)
    bm = g.between_left.search(left) if not r.between and word == "between" else None
    if bm is not None:
        r.between = True
        r.start -= len(left) - bm.start()
    # "from X to Y" is two levels, except after "range": "ranges from $18 to $24"
    r.from_left = (
        word == "from"
        and g.from_left.search(left) is not None
        and g.range_from_left.search(left) is None
    )
    return left, word
