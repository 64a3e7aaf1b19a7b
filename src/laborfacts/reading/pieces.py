"""Long texts in pieces, cut at paragraph, line or sentence boundaries."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

# Longer texts are processed in pieces: spaCy refuses texts above
# Language.max_length (1,000,000), and memory and time per text grow faster
# than its length (measured: 100,000 characters take ~0.5 s and ~20 MB).
PIECE_CHARS = 100_000
# Set to force smaller pieces (tests compare a run in tiny pieces with a whole one).
PIECE_CHARS_ENV = "LABORFACTS_PIECE_CHARS"
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
# The end of a sentence: a stop, closing quotes or brackets, space, and what
# may start the next one.
_SENTENCE_END = re.compile(r"[.!?][\"')\]\u201d\u2019]*\s+(?=[A-Z0-9\"'(\[\u201c\u2018])")


def piece_chars_default() -> int:
    """PIECE_CHARS, or the size ``LABORFACTS_PIECE_CHARS`` asks for."""
    raw = os.environ.get(PIECE_CHARS_ENV, "")
    return max(1, int(raw)) if raw.isdigit() else PIECE_CHARS


def cut_point(text: str, limit: int) -> int:
    """Where to end a piece of ``text`` no longer than ``limit`` characters.

    After the last blank line within the limit; else after the last sentence
    end; else after the last line break; else after the last whitespace; else
    a hard cut at ``limit``. Pieces are processed with some text of
    their neighbours around them (see ``api``), so a cut inside a sentence
    loses nothing; these choices keep such cuts rare.
    """
    if len(text) <= limit:
        return len(text)
    window = text[:limit]
    last = None
    for last in _BLANK_LINE.finditer(window):  # noqa: B007 - only the last match is wanted
        pass
    if last is not None:
        return last.end()
    end = None
    for end in _SENTENCE_END.finditer(window):  # noqa: B007 - only the last match is wanted
        pass
    if end is not None:
        return end.end()
    i = window.rfind("\n")
    if i > 0:
        return i + 1
    for i in range(limit - 1, 0, -1):
        if window[i].isspace():
            return i + 1
    return limit


def iter_pieces(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """``(start, piece)`` pairs covering ``text``, each at most ``limit`` characters."""
    if len(text) <= limit:
        yield 0, text
        return
    start = 0
    while start < len(text):
        cut = cut_point(text[start : start + limit + 1], limit)
        yield start, text[start : start + cut]
        start += cut
