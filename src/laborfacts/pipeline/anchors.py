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
from collections.abc import Callable, Iterator

import numpy as np
from spacy.attrs import IDX, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.vocab import Vocab

from laborfacts.pipeline.numbers import FRACTIONS, PHRASES, SCALES, TENS, UNITS, VAGUE
from laborfacts.rules import units

_DIGITS = re.compile(r"\d[\d,.]*")  # one anchor per number, "1,234.5" included
_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
# every duration word of the units lexicon ("workweeks", "fortnight", "hrs")
_TIME_UNITS = sorted(units()["durations"])


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
# spaCy keeps the period of "Dec." and "Sept." in the token
_DATE_WORDS = _words(_MONTHS, [m + "." for m in _MONTHS], ["year", "month"])
_QUANTITY_HASHES = np.array(sorted(get_string_id(w) for w in _QUANTITY_WORDS), dtype="uint64")
_DATE_HASHES = np.array(sorted(get_string_id(w) for w in _DATE_WORDS), dtype="uint64")


class AnchorFlags:
    """Two lexeme flags on a vocabulary: "may start a quantity", "may start a date".

    spaCy computes a flag once per lexeme, so reading them for a Doc is one
    array copy.
    """

    def __init__(self, vocab: Vocab):
        self.quantity = vocab.add_flag(lambda s: s.lower() in _QUANTITY_WORDS)
        self.date = vocab.add_flag(lambda s: s.lower() in _DATE_WORDS)


# Digits that may be part of a date: a four-digit year, or a day of one or two
# digits before a slash or a month name ("5/3/2024", "5th of March"). Most
# numbers are neither, and the date grammar is not tried at them at all.
_DATE_DIGITS = re.compile(
    r"\d{4}(?!\d)|\d{1,2}(?!\d)(?:/|(?:st|nd|rd|th)?[\s\u00a0]+(?:of[\s\u00a0]+)?"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec))"
)


def _may_be_date(text: str, a: int) -> bool:
    # "FY23": a two-digit year glued to its prefix
    return _DATE_DIGITS.match(text, a) is not None or (a > 0 and text[a - 1].isalpha())


def anchor_offsets(
    doc: Doc, text: str, flags: AnchorFlags | None = None
) -> tuple[list[int], list[int]]:
    """Sorted character offsets where a quantity (first) or a date (second) may start."""
    digits = [m.start() for m in _DIGITS.finditer(text)]
    date_digits = [a for a in digits if _may_be_date(text, a)]
    if not len(doc):
        return digits, date_digits
    if flags is not None:
        arr = doc.to_array([IDX, flags.quantity, flags.date])
        idx = arr[:, 0]
        q_words = idx[arr[:, 1] != 0].tolist()
        d_words = idx[arr[:, 2] != 0].tolist()
    else:
        arr = doc.to_array([IDX, LOWER])
        idx, lower = arr[:, 0], arr[:, 1].astype("uint64")
        q_words = idx[np.isin(lower, _QUANTITY_HASHES)].tolist()
        d_words = idx[np.isin(lower, _DATE_HASHES)].tolist()
    return sorted(digits + q_words), sorted(date_digits + d_words)


def _scan(
    rx: re.Pattern[str],
    text: str,
    anchors: list[int] | None,
    starts: Callable[[int, int], list[int]],
    cover: bool,
) -> Iterator[re.Match[str]]:
    """Matches of ``rx`` near anchors, in order, never overlapping: for each
    anchor not inside the last match, the first of ``starts(anchor, last)``
    where ``rx`` matches (and, with ``cover``, reaches past the anchor).
    Without anchors, the whole text is scanned."""
    if anchors is None:
        yield from rx.finditer(text)
        return
    last = 0
    for a in anchors:
        if a < last:
            continue
        for st in starts(a, last):
            m = rx.match(text, st)
            if m is not None and m.end() > (a if cover else st) and m.start() >= last:
                yield m
                last = m.end()
                break


def at_anchors(
    rx: re.Pattern[str],
    text: str,
    anchors: list[int] | None,
    digit_rx: re.Pattern[str] | None = None,
) -> Iterator[re.Match[str]]:
    """Matches of ``rx`` that start at an anchor, or at an "a "/"an " just before
    it ("a third", "nearly a month"), in order and never overlapping.

    ``digit_rx``, when given, is tried instead of ``rx`` at anchors that are
    digits: the part of the grammar that can start with one.
    """
    if anchors is None:
        yield from rx.finditer(text)
        return
    first_rx = digit_rx or rx
    last = 0
    for a in anchors:
        if a < last:
            continue
        m = (first_rx if text[a : a + 1].isdigit() else rx).match(text, a)
        if m is not None and m.end() > a:
            yield m
            last = m.end()
            continue
        # "a" of "nearly a month" ends before its anchor "month"
        for st in (a - 2, a - 3):
            if st >= last and text[st:a].lower() in ("a ", "an "):
                m = rx.match(text, st)
                if m is not None and m.end() > st:
                    yield m
                    last = m.end()
                break


# words that may open a date before its digits: "early 2024", "the end of 2025",
# "spring of 2020", "mid-2024", "FY 2023", "Dec. 5"
_DATE_PREFIX_WORDS = frozenset(
    "early mid late end start beginning middle half spring summer fall autumn winter fiscal fy "
    "of".split()
    + _MONTHS
    + "january february march april june july august september october november december".split()
)


# words that may open a date one word before a month name, "year" or "month"
_WORD_ANCHOR_PREFIX = frozenset(
    "in since until by last this early late mid during through from to of next every each "
    "between and or".split()
)


def _word_before_at(text: str, lo: int, a: int) -> tuple[str, int]:
    """The lower-cased word just before offset ``a`` (not looking before ``lo``),
    and where it starts."""
    left = text[lo:a].rstrip(" \t\u00a0-.,")
    i = len(left)
    while i > 0 and left[i - 1].isalpha():
        i -= 1
    return left[i:].lower(), lo + i


_WORD_STARTS = re.compile(r"(?<![\w’'-])[\w]")


def near_anchors(
    rx: re.Pattern[str], text: str, anchors: list[int] | None, lookback: int = 32
) -> Iterator[re.Match[str]]:
    """Matches of ``rx`` that start at an anchor or at one of the few words just
    before it ("early 2024", "in March", "the end of 2025"), longest reach first."""

    def starts(a: int, last: int) -> list[int]:
        lo = max(last, a - lookback)
        if text[a : a + 1].isdigit():
            if _word_before_at(text, lo, a)[0] not in _DATE_PREFIX_WORDS:
                return [a]  # most numbers have no date words before them
            return [w.start() for w in _WORD_STARTS.finditer(text, lo, a)] + [a]
        # a month name, "year" or "month": only the word just before may open
        # the date ("in March", "last year")
        word, at = _word_before_at(text, lo, a)
        return [at, a] if word in _WORD_ANCHOR_PREFIX else [a]

    return _scan(rx, text, anchors, starts, cover=True)
