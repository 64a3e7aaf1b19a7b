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
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from spacy.attrs import FLAG19, IDX, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.vocab import Vocab

from laborfacts.rules import RuleSet
from laborfacts.rules.dateforms import leading_words

_DIGITS = re.compile(r"\d[\d,.]*")  # one anchor per number, "1,234.5" included


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


@dataclass(frozen=True)
class AnchorWords:
    """The words and patterns the anchors are found by, derived from one RuleSet."""

    quantity: frozenset[str]  # the words of every number phrase and time unit
    date: frozenset[str]  # month names (with a period: spaCy keeps "Dec."), "year", "month"
    quantity_hashes: np.ndarray
    date_hashes: np.ndarray
    # digits that may be part of a date: a four-digit year, or a day of one or
    # two digits before a slash or a month name ("5/3/2024", "5th of March")
    date_digits: re.Pattern[str]
    # words that may open a date before its digits ("early 2024", "FY 2023")
    digit_prefix: frozenset[str]
    # words that may open a date one word before a month name, "year" or "month"
    word_prefix: frozenset[str]
    # the first words of date forms that none of the above reaches ("Q3 2024"):
    # a match of this is an anchor of its own; None when every form is reached
    extra: re.Pattern[str] | None


def anchor_words(rules: RuleSet) -> AnchorWords:
    """The anchor words of ``rules``, built once per rule set."""
    return _anchor_words(rules.fingerprint, rules)


@lru_cache(maxsize=8)
def _anchor_words(fingerprint: str, rules: RuleSet) -> AnchorWords:
    num = rules.lexicon("numbers")
    groups = ("units", "tens", "scales", "vague", "fractions", "phrases")
    quantity = _words(*(num[g] for g in groups), sorted(rules.units()["durations"]))
    d = rules.dates()
    months = list(d.months)
    date = _words(months, [m + "." for m in months], d.units)
    word_prefix = d.prepositions | frozenset(d.relative)
    digit_prefix = d.year_prefix_words | frozenset(months)
    # a form may start with a word these reach (from a month name, "year" or
    # "month", or the digits after it), or a digit; any other word is an anchor
    reached = date | word_prefix | digit_prefix | d.year_phrase_words | {""}
    extra = sorted(
        {w for f in d.forms for w in leading_words(f.pattern) or ()} - reached,
        key=lambda w: (-len(w), w),
    )
    abbreviations = "|".join(dict.fromkeys(re.escape(n[:3]) for n in d.month_names))
    return AnchorWords(
        quantity=frozenset(quantity),
        date=frozenset(date),
        quantity_hashes=np.array(sorted(get_string_id(w) for w in quantity), dtype="uint64"),
        date_hashes=np.array(sorted(get_string_id(w) for w in date), dtype="uint64"),
        date_digits=re.compile(
            r"\d{4}(?!\d)|\d{1,2}(?!\d)(?:/|(?:st|nd|rd|th)?[\s\u00a0]+(?:of[\s\u00a0]+)?"
            rf"(?:{abbreviations}))"
        ),
        digit_prefix=digit_prefix,
        word_prefix=word_prefix,
        extra=re.compile(rf"(?i)\b(?:{'|'.join(map(re.escape, extra))})") if extra else None,
    )


class AnchorFlags:
    """Two lexeme flags on a vocabulary: "may start a quantity", "may start a date".

    spaCy computes a flag once per lexeme, so reading them for a Doc is one
    array copy. The words are those of ``rules`` (the package's by default).
    """

    def __init__(self, vocab: Vocab, rules: RuleSet | None = None):
        self.vocab = vocab
        self.words = words = anchor_words(rules or RuleSet.default())
        self.quantity = vocab.add_flag(lambda s: s.lower() in words.quantity, _free_flag(vocab))
        self.date = vocab.add_flag(lambda s: s.lower() in words.date, _free_flag(vocab))


def _free_flag(vocab: Vocab) -> int:
    """The first flag bit after spaCy's own (``FLAG19`` on): a vocabulary
    without spaCy's lexical attributes has their bits free too, and a token's
    ``is_alpha`` must not read an anchor flag."""
    taken = vocab.lex_attr_getters  # type: ignore[attr-defined]  # not in spaCy's stubs
    return next(i for i in range(FLAG19, 64) if i not in taken)


def anchor_offsets(
    doc: Doc, text: str, flags: AnchorFlags | None = None, words: AnchorWords | None = None
) -> tuple[list[int], list[int]]:
    """Sorted character offsets where a quantity (first) or a date (second) may start.

    ``words`` defaults to those of ``flags``, else to the package's rules."""
    if words is None:
        words = flags.words if flags is not None else anchor_words(RuleSet.default())
    digits = [m.start() for m in _DIGITS.finditer(text)]
    match_digits = words.date_digits.match
    # "FY23": a two-digit year glued to its prefix
    date_digits = [
        a for a in digits if match_digits(text, a) is not None or (a > 0 and text[a - 1].isalpha())
    ]
    extra = [] if words.extra is None else [m.start() for m in words.extra.finditer(text)]
    if not len(doc):
        return digits, sorted(date_digits + extra) if extra else date_digits
    if flags is not None:
        arr = doc.to_array([IDX, flags.quantity, flags.date])
        idx = arr[:, 0]
        q_words = idx[arr[:, 1] != 0].tolist()
        d_words = idx[arr[:, 2] != 0].tolist()
    else:
        arr = doc.to_array([IDX, LOWER])
        idx, lower = arr[:, 0], arr[:, 1].astype("uint64")
        q_words = idx[np.isin(lower, words.quantity_hashes)].tolist()
        d_words = idx[np.isin(lower, words.date_hashes)].tolist()
    return sorted(digits + q_words), sorted(date_digits + d_words + extra)


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
    rx: re.Pattern[str],
    text: str,
    anchors: list[int] | None,
    words: AnchorWords | None = None,
    lookback: int = 32,
) -> Iterator[re.Match[str]]:
    """Matches of ``rx`` that start at an anchor or at one of the few words just
    before it ("early 2024", "in March", "the end of 2025"), longest reach first."""
    if words is None:
        words = anchor_words(RuleSet.default())
    digit_prefix, word_prefix = words.digit_prefix, words.word_prefix

    def starts(a: int, last: int) -> list[int]:
        lo = max(last, a - lookback)
        if text[a : a + 1].isdigit():
            if _word_before_at(text, lo, a)[0] not in digit_prefix:
                return [a]  # most numbers have no date words before them
            return [w.start() for w in _WORD_STARTS.finditer(text, lo, a)] + [a]
        # a month name, "year" or "month": only the word just before may open
        # the date ("in March", "last year")
        word, at = _word_before_at(text, lo, a)
        return [at, a] if word in word_prefix else [a]

    return _scan(rx, text, anchors, starts, cover=True)
