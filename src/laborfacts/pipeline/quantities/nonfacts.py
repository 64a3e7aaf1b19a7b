"""Non-fact readers: numbers that are no quantity — names and codes with a
number ("JFK8", "Local 2865", "COVID-19", from ``rules/codes.json``), phones
and ids ("1-800-555-0199"), clock times, ordinals, section numbers, ages, and
the patterns and idioms of ``rules/nonfacts.json`` ("S&P 500", "© 2024",
"on the one hand")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from laborfacts.pipeline.quantities.text import WS, last_word
from laborfacts.rules import first_chars, first_guard

DIGIT_CHAIN = re.compile(r"\(?\d+\)?(?:[-.\u2011][0-9]+){2,}")
LIST_NUMBER = re.compile(r"\d{1,2}[.)][ \t]+[A-Z]")
CODE_LIST = re.compile(r"(?:[ \t]*(?:,|and|&|-|–|to)[ \t]*\d+[A-Za-z]?\b)+")
_SLASH_RATE = re.compile(
    r"/(?:hr|hour|h|day|wk|week|mo|month|yr|year|shift|annum)\b", re.IGNORECASE
)
_CLOCK_WORDS = (
    rf"(?:[ap]\.m\.|[ap]\.m\b|[ap]m\b|o['’]clock"
    rf"|(?:in{WS}+the{WS}+(?:morning|evening|afternoon)|at{WS}+night|tonight)\b)"
)
_CLOCK_RIGHT = re.compile(
    rf"(?:{WS}*(?:or|to|-|–){WS}*\d{{1,2}}(?::\d\d)?)?{WS}*{first_guard(_CLOCK_WORDS)}{_CLOCK_WORDS}",
    re.IGNORECASE,
)
_ORDINAL_RIGHT = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)
# a match starts at the number or at one of the few words or brackets before it
# ("Reading time: 4", "S&P/ASX 200", "(312) 555-0148", "on the one hand")
_NONFACT_BEFORE = 32
_NONFACT_WORDS_BEFORE = 4
_WORD_OR_BRACKET = re.compile(r"(?<!\S)\S|[(\[+©]|(?<=[(\[])\w")

_NONE = re.compile("")  # "no entry in the table", apart from a None pattern


class _ByFirst:
    """The entries of one kind, as one pattern per character a match starts
    with: at a position, only the entries that can start there are tried, in
    their order (so the match is the one the whole alternation finds).

    Characters whose entries are the same share one pattern, compiled at load:
    a handful of patterns, never one per character met in a text."""

    def __init__(self, entries: list[dict[str, Any]]) -> None:
        firsts = [first_chars(e["re"]) for e in entries]
        compiled: dict[tuple[int, ...], re.Pattern[str] | None] = {}

        def pattern(own: tuple[int, ...]) -> re.Pattern[str] | None:
            if own not in compiled:
                alt = "|".join(f"(?:{entries[i]['re']})" for i in own)
                compiled[own] = re.compile(alt) if own else None
            return compiled[own]

        anywhere = tuple(i for i, got in enumerate(firsts) if got is None)
        digit = tuple(i for i, got in enumerate(firsts) if got is None or got[1])
        chars = {c for got in firsts if got is not None for c in got[0]}
        # a character of no entry's set: the entries that start anywhere, and
        # those that start with a digit when it is one
        self.other = pattern(anywhere)
        self.digit = pattern(digit)
        self.by_char: dict[str, re.Pattern[str] | None] = {
            c: pattern(
                tuple(
                    i
                    for i, got in enumerate(firsts)
                    if got is None or c in got[0] or (got[1] and c.isdigit())
                )
            )
            for c in sorted(chars)
        }

    def at(self, c: str) -> re.Pattern[str] | None:
        """The pattern of the entries that can start with ``c`` (None: no entry)."""
        rx = self.by_char.get(c, _NONE)
        if rx is _NONE:
            return self.digit if c.isdigit() else self.other
        return rx


@dataclass(frozen=True)
class NonfactGrammar:
    entries: tuple[dict[str, Any], ...]
    any_rx: re.Pattern[str]  # every entry, for a scan of the whole text
    digits: _ByFirst  # the patterns, which hold digits
    words: _ByFirst  # the idioms, which hold number words
    code_words_any: frozenset[str]
    code_words_cap: frozenset[str]


def _alt(entries: list[dict[str, Any]]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{e['re']})" for e in entries))


def compile_nonfacts(nonfacts: dict[str, Any], codes: dict[str, Any]) -> NonfactGrammar:
    patterns, idioms = nonfacts["patterns"], nonfacts["idioms"]
    return NonfactGrammar(
        entries=tuple(patterns + idioms),
        any_rx=_alt(patterns + idioms),
        digits=_ByFirst(patterns),
        words=_ByFirst(idioms),
        code_words_any=frozenset(w.lower() for w in codes["any_case"]),
        code_words_cap=frozenset(codes["capitalized"]),
    )


def _match_near(g: NonfactGrammar, text: str, a: int, lo: int) -> re.Match[str] | None:
    """The first entry that matches from a word start in [lo, a] and covers ``a``."""
    entries = g.digits if text[a : a + 1].isdigit() else g.words
    by_char = entries.by_char  # ``_ByFirst.at``, inline: it runs for every word start
    starts = [w.start() for w in _WORD_OR_BRACKET.finditer(text, lo, a)]
    for st in (*starts[-_NONFACT_WORDS_BEFORE:], a):
        c = text[st]
        rx = by_char.get(c, _NONE)
        if rx is _NONE:
            rx = entries.digit if c.isdigit() else entries.other
        if rx is None:
            continue  # no entry starts with this character
        m = rx.match(text, st)
        if m is not None and m.end() > a:
            return m
    return None


def nonfact_spans(
    g: NonfactGrammar, text: str, anchors: list[int] | None = None
) -> list[tuple[int, int]]:
    """Sorted, disjoint spans of ``text`` that hold no fact (see ``nonfacts.json``).

    With ``anchors`` (where numbers may start), the patterns are tried only at
    the few word starts just before each anchor, not at every character;
    ``tests/test_quantity_data.py`` holds both ways equal over the corpora."""
    if anchors is None:
        return [m.span() for m in g.any_rx.finditer(text) if m.end() > m.start()]
    spans: list[tuple[int, int]] = []
    last = 0
    for a in anchors:
        if a < last:
            continue
        m = _match_near(g, text, a, max(last, a - _NONFACT_BEFORE))
        if m is not None:
            spans.append(m.span())
            last = m.end()
    return spans


def nonfact_rule(g: NonfactGrammar, text: str) -> str | None:
    """The id of the first non-fact entry that matches ``text``, if any."""
    for e in g.entries:
        if re.search(e["re"], text):
            return str(e["id"])
    return None


def is_code(g: NonfactGrammar, text: str, s: int, e: int) -> bool:
    """A number inside a name or code: JFK8, Local 2865, COVID-19, 3D, 401(k)."""
    if s > 0 and (text[s - 1].isalpha() or text[s - 1] in "_#/"):
        return True
    if s > 1 and text[s - 1] == "[" and text[s - 2] == "\x1b":
        return True  # a terminal escape sequence, "\x1b[31m"
    if s > 1 and text[s - 1] in "-." and text[s - 2].isalpha():
        return True
    if e < len(text) and text[e].isalpha():
        # "10k", "50p", "5bn", "1.6m" are scales or subunits, handled by the caller
        return False
    if e < len(text) and text[e] in "(/" and not _SLASH_RATE.match(text, e):
        return True
    w = last_word(text[max(0, s - 30) : s].rstrip(" \t\u00a0#"))
    return bool(w) and (w.lower() in g.code_words_any or w in g.code_words_cap)


# the characters a clock or an ordinal can go on with after the number
_CLOCK_NEXT = frozenset(" \t\u00a0\u202foO-–tTaApPiI")
_ORDINAL_NEXT = frozenset("sSnNrRtT")


def is_clock_or_ordinal(text: str, s: int, e: int, n: int) -> bool:
    """ "10:30", "9 a.m.", "5 o'clock", "21st", "at 10:30" (its minutes)."""
    nxt = text[e : e + 1]
    if nxt == ":" and e + 1 < n and text[e + 1].isdigit():
        return True
    if nxt in _CLOCK_NEXT and nxt and _CLOCK_RIGHT.match(text, e, min(n, e + 20)):
        return True
    if nxt in _ORDINAL_NEXT and nxt and _ORDINAL_RIGHT.match(text, e, min(n, e + 3)):
        return True
    return s > 1 and text[s - 1] == ":" and text[s - 2].isdigit()
