"""Sentence boundaries from the raw text, robust to the way articles are scraped.

Paragraphs split by a blank line are joined again when the first does not end
a sentence and the next starts in lower case (a page break mid-sentence). A
line without closing punctuation followed by a capitalised line is a heading
and stands alone. Inside a paragraph, ``. ! ?`` end a sentence unless they
close a known abbreviation or an initial.
"""

from __future__ import annotations

import re
from bisect import bisect_right

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc

from laborfacts.pipeline.extensions import text_of

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_TERMINAL_MARKS = ".!?:;…"
_CLOSERS = "\"'”’)]*_"


def _ends_terminal(block: str) -> bool:
    """Does ``block`` end with closing punctuation (then quotes, brackets, spaces)?"""
    tail = block.rstrip().rstrip(_CLOSERS)
    return bool(tail) and tail[-1] in _TERMINAL_MARKS


_LOWER_START = re.compile(r"""^\s*["'“‘(*_]*[a-z]""")
_BOUNDARY = re.compile(r"""[.!?…]+["'”’)\]*_]*\s+(?=["'“‘(*_\[]*[A-Z0-9$£€])""")
_ABBREV = frozenset(
    """mr mrs ms dr prof sr jr st mt ft inc corp co ltd llc no nos vs etc e.g i.e approx
    dept gov sen rep gen col lt sgt capt jan feb mar apr jun jul aug sep sept oct nov dec
    u.s u.k u.n fig figs est pp p vol ave blvd rd""".split()
)


_DAYS = (
    "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
    "May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|"
    "Sept|Sep|Oct|Nov|Dec"
)
_CLOCK_THEN_DAY = re.compile(rf"\b[ap]\.m\.\s+(?:{_DAYS})\b")


def _ends_abbreviation(text: str, dot: int) -> bool:
    """Is the period at ``dot`` the end of an abbreviation or an initial?"""
    i = dot
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
    word = text[i:dot].lower()
    if not word:
        return False
    if len(word) == 1 and text[i].isupper():  # an initial: "William Z. Foster"
        return True
    return word.rstrip(".") in _ABBREV


def paragraph_blocks(text: str) -> list[tuple[int, int]]:
    """Blocks of text that may hold several sentences but never span two."""
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text) if m.end() > m.start()]
    blocks: list[tuple[int, int]] = []
    cur_start: int | None = None
    cur_end = 0
    pending_break = False  # a blank line separates current block from the next line
    for start, end in lines:
        line = text[start:end]
        if not line.strip():
            if cur_start is not None:
                pending_break = True
            continue
        if cur_start is None:
            cur_start, cur_end = start, end
            pending_break = False
            continue
        terminal = _ends_terminal(text[cur_start:cur_end])
        continues = not terminal and _LOWER_START.match(line) is not None
        if not pending_break and not terminal and not continues:
            # A single line break after text without closing punctuation, followed
            # by a capital: a heading, a list item or a byline line.
            continues = False
        elif not pending_break:
            continues = continues or bool(_LOWER_START.match(line))
        if continues:
            cur_end = end
        else:
            blocks.append((cur_start, cur_end))
            cur_start, cur_end = start, end
        pending_break = False
    if cur_start is not None:
        blocks.append((cur_start, cur_end))
    return blocks


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Character bounds (start, end) of sentences, whitespace trimmed, in order."""
    out: list[tuple[int, int]] = []
    for b_start, b_end in paragraph_blocks(text):
        block = text[b_start:b_end]
        last = 0
        for m in _BOUNDARY.finditer(block):
            dot = m.start()
            if block[dot] == "." and _ends_abbreviation(block, dot):
                continue
            if _CLOCK_THEN_DAY.search(block, max(0, dot - 4), m.end() + 12):
                continue  # "at 7 a.m. Monday": the clock time runs on into its day
            out.append((b_start + last, b_start + m.end()))
            last = m.end()
        out.append((b_start + last, b_end))
    trimmed = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed


class SentenceIndex:
    """Find the sentence holding a character offset in O(log n)."""

    def __init__(self, bounds: list[tuple[int, int]]):
        self.bounds = bounds
        self._starts = [s for s, _ in bounds]

    def index_of(self, offset: int) -> int:
        i = bisect_right(self._starts, offset) - 1
        return max(i, 0)

    def span_of(self, offset: int) -> tuple[int, int]:
        if not self.bounds:
            return (0, 0)
        return self.bounds[self.index_of(offset)]


class SentenceSplitter:
    """Component: sets ``doc._.lf_sentences`` and (with ``sent_starts``)
    ``token.is_sent_start``."""

    def __init__(self, sent_starts: bool = True) -> None:
        self.sent_starts = sent_starts

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        bounds = sentence_bounds(text)
        doc._.lf_sentences = bounds
        if self.sent_starts and len(doc):
            # One array in, one array out: setting Token.is_sent_start one token
            # at a time rescans the whole Doc on every call.
            idx = doc.to_array([IDX]).ravel()
            starts = numpy.full(len(doc), -1, dtype="int64")
            starts[0] = 1
            where = idx.searchsorted([s for s, _ in bounds[1:]])
            starts[where[where < len(doc)]] = 1
            doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))  # type: ignore[arg-type]
        return doc
