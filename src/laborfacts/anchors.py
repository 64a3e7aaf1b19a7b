"""Where to look: the few places in a text where a number or a date can start.

Scanning a whole article with the quantity and date grammars costs about as
much as tokenizing it, because their alternations of words are tried at every
character. Digits are found by a regex that the engine scans in C, and number
words, month names and time units by their lexeme ids on the spaCy Doc (one
vectorised lookup); the grammars then run only in small windows around these
anchors. With no Doc (plain text), the whole text is one window.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np
from spacy.attrs import IDX, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc

from laborfacts.numbers import FRACTIONS, PHRASES, SCALES, TENS, UNITS, VAGUE

_DIGITS = re.compile(r"\d+")
_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
_TIME_UNITS = "year years month months week weeks day days decade decades hour hours minute minutes fortnight century".split()


def _words(*groups: object) -> set[str]:
    out: set[str] = set()
    for g in groups:
        for phrase in g:  # type: ignore[attr-defined]
            out.update(
                w
                for w in re.split(r"[\s-]+", str(phrase).lower())
                if w and w not in ("a", "an", "of")
            )
    return out


_QUANTITY_WORDS = _words(
    UNITS,
    TENS,
    SCALES,
    VAGUE,
    FRACTIONS,
    PHRASES,
    _TIME_UNITS,
    ["thirds", "quarters", "fifths", "tenths", "half"],
)
_DATE_WORDS = _words(_MONTHS, ["year", "month"])
_QUANTITY_HASHES = np.array(sorted(get_string_id(w) for w in _QUANTITY_WORDS), dtype="uint64")
_DATE_HASHES = np.array(sorted(get_string_id(w) for w in _DATE_WORDS), dtype="uint64")


def anchor_offsets(doc: Doc, text: str) -> tuple[list[int], list[int]]:
    """Sorted character offsets where a quantity (first) or a date (second) may start."""
    digits = [m.start() for m in _DIGITS.finditer(text)]
    if not len(doc):
        return digits, digits
    arr = doc.to_array([IDX, LOWER])
    idx, lower = arr[:, 0], arr[:, 1].astype("uint64")
    q_words = idx[np.isin(lower, _QUANTITY_HASHES)].tolist()
    d_words = idx[np.isin(lower, _DATE_HASHES)].tolist()
    return sorted(digits + q_words), sorted(digits + d_words)


def at_anchors(
    rx: re.Pattern[str], text: str, anchors: list[int] | None
) -> Iterator[re.Match[str]]:
    """Matches of ``rx`` that start at an anchor, or at an "a "/"an " just before
    it ("a third", "nearly a month"), in order, never overlapping."""
    if anchors is None:
        yield from rx.finditer(text)
        return
    last = 0
    for a in anchors:
        if a < last:
            continue
        m = rx.match(text, a)
        if m is None and a >= 2 and text[a - 2 : a].lower() == "a ":
            m = rx.match(text, a - 2)
        if m is None and a >= 3 and text[a - 3 : a].lower() == "an ":
            m = rx.match(text, a - 3)
        if m is None or m.end() == m.start() or m.start() < last:
            continue
        yield m
        last = m.end()


_WORD_STARTS = re.compile(r"(?<![\w’'-])[\w]")


def near_anchors(
    rx: re.Pattern[str], text: str, anchors: list[int] | None, lookback: int = 32
) -> Iterator[re.Match[str]]:
    """Matches of ``rx`` that start at an anchor or at one of the few words just
    before it ("early 2024", "in March", "the end of 2025"), longest reach first,
    in order, never overlapping."""
    if anchors is None:
        yield from rx.finditer(text)
        return
    last = 0
    for a in anchors:
        if a < last:
            continue
        lo = max(last, a - lookback)
        starts = [w.start() for w in _WORD_STARTS.finditer(text, lo, a)]
        starts.append(a)
        for st in starts:
            m = rx.match(text, st)
            if m is not None and m.end() > a:
                yield m
                last = m.end()
                break


def windowed(
    rx: re.Pattern[str], text: str, anchors: list[int] | None, before: int, after: int
) -> Iterator[re.Match[str]]:
    """Matches of ``rx`` that start near an anchor, in order, never overlapping.

    Each window search is confirmed by an unbounded match at the same start, so
    lookaheads see the real text beyond the window.
    """
    if anchors is None:
        yield from rx.finditer(text)
        return
    last = 0
    for a in anchors:
        if a < last:
            continue
        m = rx.search(text, max(last, a - before), a + after)
        if m is None:
            continue
        full = rx.match(text, m.start())
        if full is None or full.end() == full.start():
            continue
        yield full
        last = full.end()
