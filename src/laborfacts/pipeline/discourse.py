"""Paragraphs, headings and the scopes that set a time for what follows them.

A scope stack, read in text order: the document (title, lede), a heading or
table caption, a data year stated once ("The figures are for 2025"), a survey's
fieldwork, a sentence that opens with a year, the paragraph, the sentence.
The time of one figure is read against these in ``timing``; tense cues (a
sentence of the present, of the future) are read here too.

Every choice says where it came from (``Source``), and the record carries it
in its ``context`` so a reader can check it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum
from functools import cache

from laborfacts.pipeline.entities import ContextVocabulary, vocabulary
from laborfacts.pipeline.mentions import Mention


class Source(StrEnum):
    """Where a subject or a time was read."""

    SENTENCE = "sentence"
    REFERENCE = "reference"  # a description, pronoun or "I" resolved to its entity
    LIST = "list"  # its place in a list ("respectively")
    PARAGRAPH = "paragraph"
    SCOPE = "scope"  # a data year stated once for what follows
    HEADING = "heading"
    TITLE = "title"
    DOCUMENT = "document"


# a blank line, or a line opening a list item, starts a paragraph
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n|\n(?=[ \t]*(?:[•*▪‣◦-]|\d{1,2}[.)])[ \t])")


def paragraphs(text: str) -> list[int]:
    """Start offsets of the paragraphs (blank-line separated)."""
    return [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]


_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")


def blank_paragraphs(text: str) -> list[int]:
    """Start offsets of the blocks between blank lines: a list or a block of
    rows is one."""
    return [0] + [m.end() for m in _BLANK_LINE.finditer(text)]


def paragraph_of(starts: list[int], offset: int) -> int:
    return bisect_right(starts, offset) - 1


# -- time --------------------------------------------------------------------

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(?P<d>" + "|".join(w.capitalize() for w in _WEEKDAYS) + r")\b")
_SEASON = re.compile(r"\bthis[ \u00a0]+(?:summer|spring|fall|autumn|winter|season|year)\b", re.I)
_YEAR_EARLIER = re.compile(
    r"[\s,]*(?:a|one|the)[ \u00a0]+(?:year[ \u00a0]+(?:earlier|before)|previous[ \u00a0]+year|prior[ \u00a0]+year)",
    re.I,
)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)


_WORD = re.compile(r"[a-z]+")


def is_present(text: str, lo: int, hi: int, vocab: ContextVocabulary | None = None) -> bool:
    """Does the sentence tell of now ("has 5,000 members", "is worth")? Such
    a figure is not tied to a date an earlier sentence set."""
    cues = (vocab or vocabulary()).present_cues
    return not cues.isdisjoint(_WORD.findall(text[lo:hi].lower()))


def is_future(text: str, lo: int, hi: int, vocab: ContextVocabulary | None = None) -> bool:
    """Does the clause in [lo, hi) tell of the future?"""
    window = text[lo:hi].lower()
    for cue in (vocab or vocabulary()).future_cues:
        i = window.find(cue)
        while i >= 0:
            j = i + len(cue)
            if (i == 0 or not window[i - 1].isalnum()) and (
                j >= len(window) or not window[j].isalnum()
            ):
                return True
            i = window.find(cue, j)
    return False


_CLAUSE_OPEN = re.compile(r"[,;:(—–]|\b(?:that|which|who|after|before|when|while|since|and|but)\b")


def future_before(text: str, at: int, lo: int, vocab: ContextVocabulary | None = None) -> bool:
    """Is the clause that leads up to offset ``at`` (not before ``lo``) in the
    future tense? "will return to work Thursday after … voting that closed
    March 3": Thursday is ahead, March 3 is past."""
    start = max(lo, at - 120)
    for m in _CLAUSE_OPEN.finditer(text, start, at):
        start = m.end()
    return is_future(text, start, at, vocab)


def resolve_weekday(name: str, published: date, future: bool) -> str:
    """The nearest such weekday: on or after the publication date in the
    future tense, on or before it otherwise."""
    target = _WEEKDAYS.index(name.lower())
    delta = (target - published.weekday()) % 7
    day = (
        published + timedelta(days=delta)
        if future
        else published - timedelta(days=(published.weekday() - target) % 7)
    )
    return day.isoformat()


def sentence_time(
    text: str,
    m: Mention | None,
    sent: tuple[int, int],
    published: date | None,
    vocab: ContextVocabulary | None = None,
) -> str | None:
    """A weekday or "this summer" in the figure's sentence."""
    if published is None:
        return None
    lo, hi = sent
    # every weekday's name holds "day", and every season's cue "this"
    wd = _WEEKDAY.search(text, lo, hi) if text.find("day", lo, hi) >= 0 else None
    if wd is not None:
        return resolve_weekday(wd.group("d"), published, future_before(text, wd.start(), lo, vocab))
    if may_hold(text, lo, hi, ("this",)) and _SEASON.search(text, lo, hi):
        return str(published.year)
    return None


def list_time(text: str, m: Mention, same: list[Mention], dates: list[Mention]) -> str | None:
    """ "raises of 7%, 6% and 5% in 2026, 2027 and 2028, respectively": the
    figure's place among its kind in the sentence picks its date."""
    if len(dates) < 2 or not any(_RESPECTIVELY.search(text, d.end, d.end + 20) for d in dates):
        return None
    figures = [q for q in same if q.kind == m.kind and q.end <= dates[0].start]
    if len(figures) != len(dates) or m not in figures:
        return None
    return str(dates[figures.index(m)].value)


def year_before(text: str, m: Mention, time: str | None) -> str | None:
    """ "$51.2 million a year earlier" in a sentence about fiscal 2024 → 2023."""
    if time is None or not _YEAR_EARLIER.match(text, m.end, m.end + 40):
        return None
    try:
        return str(int(time[:4]) - 1)
    except ValueError:
        return None


_HEADING_LINE = re.compile(r"(?m)^(?P<line>[^\n]{2,90})$")
_OPENING_YEAR = re.compile(
    r"(?:In|For|During|Through|Throughout|Over)[ \u00a0]+(?:(?:fiscal|calendar|the)[ \u00a0]+)?"
    r"(?:(?:year|FY)[ \u00a0]+)?$"
)


def headings(text: str, paras: list[int]) -> list[tuple[int, int]]:
    """(start, end) of heading lines: a short paragraph of one line with no
    closing punctuation ("Pay by region, 2025", "What members won")."""
    out = []
    for start in paras:
        m = _HEADING_LINE.match(text, start)
        if m is None:
            continue
        line = m.group("line").strip()
        nxt = text[m.end() : m.end() + 2]
        if line and line[-1] not in '.!?,;"”’' and (nxt.startswith("\n") or not nxt):
            out.append((m.start(), m.end()))
    return out


Scope = tuple[int, int, str, Source]  # start, end, year, where it was stated


@cache
def scope_cue(cues: tuple[str, ...], fillers: frozenset[str]) -> re.Pattern[str]:
    """One pattern for every scope cue, ending where its year starts; filler
    words may stand between the cue's words and after it ("The figures below
    are for fiscal 2025", "All data refer to the 2024 school year")."""
    fill = "|".join(sorted(map(re.escape, fillers), key=len, reverse=True)) or "(?!)"
    fills = rf"(?:[\s\u00a0]+(?:{fill})\b)*"
    alts = (rf"{fills}[\s\u00a0]+".join(map(re.escape, c.split())) for c in cues)
    return re.compile(rf"\b(?:{'|'.join(alts)}){fills}[\s\u00a0]*$", re.I)


@cache
def first_words(phrases: Iterable[str]) -> tuple[str, ...]:
    """The first words of phrases, lower case: a pattern on the phrases
    cannot match where none of these occurs."""
    return tuple(sorted({p.split()[0].lower() for p in phrases if p.split()}))


def may_hold(text: str, lo: int, hi: int, words: tuple[str, ...]) -> bool:
    """Can a case-insensitive pattern that needs one of ``words`` match in
    [lo, hi)? A substring test spares the pattern; text that is not ASCII is
    left to it (``re.I`` matches a few other letters with ASCII ones: "ſ", "K")."""
    window = text[lo:hi]
    if not words or not window.isascii():
        return True
    low = window.lower()
    return any(w in low for w in words)


def alternatives(words: Iterable[str]) -> str:
    """One regex alternation of phrases, longest first; spaces match any run of spaces."""
    escaped = (re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return "|".join(sorted(escaped, key=len, reverse=True)) or "(?!)"


@cache
def fieldwork_cue(nouns: frozenset[str], verbs: frozenset[str]) -> re.Pattern[str]:
    """A survey noun, then within a few words a fieldwork verb."""
    pair = rf"\b(?:{alternatives(nouns)})\b(?:\W+\w+){{0,12}}?\W+(?:{alternatives(verbs)})\b"
    label = (
        rf"\b(?:{alternatives(nouns)})(?:[ \t]+(?:dates?|period))?[ \t]*:"  # "Fieldwork: May 2024"
    )
    return re.compile(rf"{pair}|{label}", re.I)


def _dated_headings(
    text: str, heads: list[tuple[int, int]], dates: list[Mention]
) -> dict[int, tuple[int, int]]:
    """Headings that are a day or a month and nothing else ("Friday, April
    17"), below the article's first body paragraph: by the date's start, the
    stretch each governs, up to the next one."""
    body = _first_body(text)
    starts = [h[0] for h in heads]
    found: list[tuple[int, int]] = []  # (date start, heading end)
    for d in dates:
        if not isinstance(d.value, str) or len(d.value) < 7 or d.start < body:
            continue
        head = heading_at(heads, starts, d.start)
        if head is not None and len(text[head[0] : head[1]].strip()) - (d.end - d.start) <= 12:
            found.append((d.start, head[1]))
    out = {}
    for k, (start, end) in enumerate(found):
        stop = found[k + 1][0] if k + 1 < len(found) else len(text)
        out[start] = (end, stop)
    return out


def heading_at(heads: list[tuple[int, int]], starts: list[int], at: int) -> tuple[int, int] | None:
    """The heading holding offset ``at`` (``starts``: the headings' starts)."""
    i = bisect_right(starts, at) - 1
    return heads[i] if i >= 0 and at < heads[i][1] else None


def _first_body(text: str) -> int:
    """Where the first line of twenty words or more ends."""
    at = 0
    while at < len(text):
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        if text.count(" ", at, end) >= 20:
            return end
        at = end + 1
    return len(text)


def time_scopes(
    text: str,
    dates: list[Mention],
    sents: list[tuple[int, int]],
    paras: list[int],
    title: tuple[int, int] | None,
    vocab: ContextVocabulary | None = None,
) -> list[Scope]:
    """Where a year governs the figures that follow it: a data year stated
    once ("The figures are for 2025"), a sentence that opens with one ("In
    fiscal 2024, …", for the rest of its paragraph), a heading or a table
    caption with a year (until the next heading), the title."""
    heads = headings(text, paras)
    head_starts = [h[0] for h in heads]

    def section_end(at: int) -> int:
        i = bisect_right(head_starts, at)
        return head_starts[i] if i < len(head_starts) else len(text)

    sent_starts = [lo for lo, _ in sents]
    v = vocab or vocabulary()
    cue = scope_cue(v.scope_cues, v.scope_fillers)
    out: list[Scope] = []
    dated = _dated_headings(text, heads, dates)
    fielded: dict[int, bool] = {}  # by sentence: the dates of one share its answer
    for d in dates:
        if not isinstance(d.value, str):
            continue
        i = bisect_right(sent_starts, d.start) - 1
        if i >= 0 and i not in fielded:
            fielded[i] = _fieldwork_in(text, sents[i], v)
        if i >= 0 and fielded[i]:
            # when a survey was fielded dates its results, wherever the article gives them
            out.append((0, len(text), d.value[:4], Source.SCOPE))
            continue
        day_head = dated.get(d.start)
        if day_head is not None:
            # a live page's "Friday, April 17": until the next such heading
            out.append((day_head[0], day_head[1], d.value, Source.HEADING))
            continue
        if len(d.value) != 4:
            continue
        lo = max(0, d.start - 80)
        if may_hold(text, lo, d.start, first_words(v.scope_cues)) and cue.search(text, lo, d.start):
            # "All figures refer to 2025" holds until a later year-scope overrides it
            out.append((d.start, len(text), d.value, Source.SCOPE))
            continue
        if title is not None and title[0] <= d.start < title[1]:
            out.append((title[1], len(text), d.value, Source.TITLE))
            continue
        head = heading_at(heads, head_starts, d.start)
        if head is None:
            head = _caption_line(text, d.start)
        if head is not None:
            out.append((head[1], section_end(head[1]), d.value, Source.HEADING))
            continue
        if i >= 0 and _OPENING_YEAR.fullmatch(text, sent_starts[i], d.start):
            if text.startswith(",", d.end):
                para_end = (
                    paras[bisect_right(paras, d.start)]
                    if bisect_right(paras, d.start) < len(paras)
                    else len(text)
                )
                out.append((d.end, para_end, d.value, Source.SCOPE))
    return out


def _fieldwork_in(text: str, sent: tuple[int, int], v: ContextVocabulary) -> bool:
    """Does the sentence say when a survey was fielded (``fieldwork_cue``)?"""
    lo, hi = sent
    if not may_hold(text, lo, hi, first_words(v.fieldwork_nouns)):
        return False
    return fieldwork_cue(v.fieldwork_nouns, v.fieldwork_verbs).search(text, lo, hi) is not None


_CAPTION = re.compile(
    r"[ \t]*(?:Table|Figure|Chart|Exhibit|Fig\.)[ \u00a0]+[0-9A-Z]{1,3}\b[^\n]{0,200}"
)


def _caption_line(text: str, at: int) -> tuple[int, int] | None:
    """The line holding offset ``at`` when it is a table's or figure's
    caption ("Table 2. Median net hourly pay …, 2025"), however long."""
    lo = text.rfind("\n", 0, at) + 1
    cm = _CAPTION.match(text, lo)
    if cm is None or cm.end() <= at or text[cm.end() : cm.end() + 1] not in ("\n", ""):
        return None
    return lo, cm.end()


def scoped_start(scopes: list[Scope], at: int) -> int:
    """Where the innermost scope over offset ``at`` starts (-1: none)."""
    return max((s[0] for s in scopes if s[0] <= at < s[1]), default=-1)


def scoped_time(scopes: list[Scope], at: int) -> tuple[str, Source] | None:
    """The year of the innermost scope over offset ``at``, and where it was stated."""
    best: Scope | None = None
    for scope in scopes:
        if scope[0] <= at < scope[1] and (best is None or scope[0] >= best[0]):
            best = scope
    return (best[2], best[3]) if best is not None else None
