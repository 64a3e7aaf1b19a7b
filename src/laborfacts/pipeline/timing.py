"""The time of one figure: from its own sentence first ("$11.6 billion in
2019"), then from its paragraph, the paragraph before, a tally's vote and the
scopes the article sets (``discourse``). See the README's "Subject and time"."""

from __future__ import annotations

import re
from datetime import date
from functools import cached_property

from laborfacts.pipeline.dates import LINKED_DATES
from laborfacts.pipeline.discourse import (
    _WORD,
    Scope,
    Source,
    future_before,
    is_present,
    list_time,
    scoped_start,
    scoped_time,
    sentence_time,
    year_before,
)
from laborfacts.pipeline.entities import ContextVocabulary
from laborfacts.pipeline.mentions import Mention

# -- the time of one figure ------------------------------------------------------

_CLAUSE_BREAK = re.compile(r"[;:()—–]|,\s+(?:and|but|while|whereas)\b")
_ASIDE_OPEN = re.compile(
    r"(?:,\s*(?:which|who|where|when|after|since|founded|opened)\b|\()[^,()]*$"
)
_ASIDE_CLOSE = re.compile(r"[^,()]*[,)]")
_REACH = 400  # characters around a figure that its context may come from
_BETWEEN_FROM = re.compile(r"\b(?:between|from)\b", re.IGNORECASE)


def find_time(
    text: str,
    m: Mention,
    sent: tuple[int, int],
    dates: list[Mention],
    quantities: list[tuple[int, int]],
    vocab: ContextVocabulary,
) -> str | None:
    """The date the sentence ties the figure to: one right after it in the same
    clause ("$11.6 billion in 2019"), else the nearest one before it."""
    # ``dates`` and ``quantities`` are those of the figure's own sentence
    in_sent = [d for d in dates if d.value is not None and abs(d.start - m.start) < _REACH]
    if not in_sent:
        return None
    following = [d for d in in_sent if d.start >= m.end]
    for i, d in enumerate(following):
        gap = text[m.end : d.start]
        if len(gap) > 70 or _CLAUSE_BREAK.search(gap) or "," in gap:
            break
        if any(m.end <= qs < d.start for qs, _ in quantities if abs(qs - m.end) < _REACH):
            break
        if _BETWEEN_FROM.search(gap) and i + 1 < len(following):
            nxt = following[i + 1]
            if LINKED_DATES.fullmatch(text, d.end, nxt.start):
                return span_year(text, nxt, following)
        if _compares(gap, d, vocab):
            break  # "down 3% from fiscal 2024": the date of what it is compared with
        return span_year(text, d, in_sent)
    preceding = [d for d in in_sent if d.end <= m.start]
    if preceding and compared(text, preceding[-1], sent[0], vocab):
        # "In fiscal 2025 … down 3% from fiscal 2024, and profit of $480 million"
        preceding = [d for d in preceding if not compared(text, d, sent[0], vocab)]
        preceding = [d for d in preceding if not _in_aside(text, d, sent[0], m.start)]
        if not preceding:
            return None
    if not preceding:
        # a tally whose date closes the sentence: "voted 212 to 97 in voting that closed March 3"
        # … not the date of a figure it is compared with: "31 hours, up from 27 hours in 2023"
        if (
            following
            and not _CLAUSE_BREAK.search(text, m.end, following[0].start)
            and vocab.comparison_cues.isdisjoint(
                _WORD.findall(text[m.end : following[0].start].lower())
            )
        ):
            return span_year(text, following[0], in_sent)
        return None
    if preceding:
        d = preceding[-1]
        if _in_aside(text, d, sent[0], m.start):
            return None  # "The plant, which opened in 1987, employs 4,200": an aside
        return span_year(text, d, in_sent)
    return None


_SINCE = re.compile(r"\bsince[ \u00a0]+$", re.IGNORECASE)


def _compares(gap: str, d: Mention, vocab: ContextVocabulary) -> bool:
    """Does ``gap``, between a figure and date ``d``, tie the date to a figure
    compared with ("down 3% from fiscal 2024", "up from 27 hours in 2023")?
    "from" before a day starts a period instead ("rise to $32.34 from July 1")."""
    cues = vocab.comparison_cues.intersection(_WORD.findall(gap.lower()))
    return bool(cues) and (cues != {"from"} or len(str(d.value)) == 4)


_MORE_DAYS = re.compile(r"[ \u00a0]*(?:and|to|through|[–—-])[ \u00a0]*\d{1,2}\b(?![.,]\d)")


def span_year(text: str, d: Mention, dates: list[Mention]) -> str:
    """The time a date gives a figure: its own, or its year when it closes a
    span of dates ("fielded between March and June 2024": 2024) or opens one
    that runs to now ("since May 1"); its month when more days of it follow
    ("March 12 and 13")."""
    value = str(d.value)
    if _SINCE.search(text, max(0, d.start - 8), d.start):
        return value[:4]  # "23 people treated since May 1": this year's count
    if len(value) == 10 and _MORE_DAYS.match(text, d.end):
        return value[:7]  # "a vote held March 12 and 13": that month's
    for e in dates:
        linked = (e.end <= d.start and LINKED_DATES.fullmatch(text, e.end, d.start)) or (
            d.end <= e.start and LINKED_DATES.fullmatch(text, d.end, e.start)
        )  # "between May and August 2024": either end of the span
        if linked and str(e.value)[:4] == value[:4]:
            return value[:4]
    return value


def _in_aside(text: str, d: Mention, lo: int, at: int) -> bool:
    """Does date ``d`` stand in an aside closed before offset ``at``?"""
    return bool(
        _ASIDE_OPEN.search(text, max(lo, d.start - 80), d.start)
        and _ASIDE_CLOSE.match(text, d.end, at)
    )


def compared(text: str, d: Mention, lo: int, vocab: ContextVocabulary) -> bool:
    """Is ``d`` the date of what a figure is compared with: a comparison cue
    among the few words before it ("from fiscal 2024", "than in the same
    period of 2024", "compared with 2023")?"""
    words = _WORD.findall(text[max(lo, d.start - 40) : d.start].lower())[-6:]
    return not vocab.comparison_cues.isdisjoint(words)


class Window:
    """The stretch of sentence a figure's context is read from; what it says
    of time is read once for every figure that shares it."""

    def __init__(
        self, text: str, lo: int, hi: int, published: date | None, vocab: ContextVocabulary
    ):
        self.text, self.lo, self.hi, self.published, self.vocab = text, lo, hi, published, vocab
        self._past: dict[tuple[int, int], list[Mention]] = {}

    @cached_property
    def said_time(self) -> str | None:
        return sentence_time(self.text, None, (self.lo, self.hi), self.published, self.vocab)

    @cached_property
    def present(self) -> bool:
        return is_present(self.text, self.lo, self.hi, self.vocab)

    def past_dates(self, dates: list[Mention], lo: int, hi: int) -> list[Mention]:
        """The article's ``dates`` in [lo, hi) that no future tense leads up to:
        read once for the figures of the window, which ask for the same."""
        found = self._past.get((lo, hi))
        if found is None:
            found = self._past[(lo, hi)] = [
                d for d in dates if lo <= d.start < hi and d.value is not None
                and not future_before(self.text, d.start, lo, self.vocab)
            ]  # fmt: skip
        return found


def figure_time(
    text: str,
    m: Mention,
    window: Window,
    dates: list[Mention],
    same: list[Mention],
    all_dates: list[Mention],
    para_starts: list[int],
    scopes: list[Scope],
) -> tuple[str | None, Source | None]:
    """The figure's time: see the README's "Subject and time"; ``para_starts``
    are the starts of the previous paragraph and of the figure's own."""
    sent = (window.lo, window.hi)
    para_start = para_starts[-1]
    listed = list_time(text, m, same, [d for d in dates if d.value is not None])
    if listed is not None:
        return listed, Source.LIST
    found = find_time(text, m, sent, dates, [(q.start, q.end) for q in same], window.vocab)
    if found is not None:
        return year_before(text, m, found) or found, Source.SENTENCE
    found = window.said_time
    if found is not None:
        return found, Source.SENTENCE
    scoped = scoped_time(scopes, m.start)
    if (
        scoped is not None
        and scoped[1] is Source.SCOPE
        and para_start <= scoped_start(scopes, m.start)
    ):
        return scoped  # "In fiscal 2025, …" governs its paragraph over the dates it compares with
    earlier = [d for d in all_dates if para_start <= d.start < sent[0] and d.value is not None]
    # "… down from $552 million in 2023." then "Profit was …": the compared date times nothing
    earlier = [d for d in earlier if not compared(text, d, para_start, window.vocab)]
    if earlier and not window.present:
        return span_year(text, earlier[-1], earlier), Source.PARAGRAPH
    if m.type == "union_vote" and len(para_starts) == 2:
        # the election's date carries to the tallies of the next paragraph
        before = [
            d for d in all_dates if para_starts[0] <= d.start < para_start and d.value is not None
        ]  # fmt: skip
        if before:
            return span_year(text, before[-1], before), Source.PARAGRAPH
    if scoped is not None:
        return scoped
    if len(para_starts) == 2 and not window.present:
        # news paragraphs are short: a dated paragraph's time carries to the
        # next one, when both tell of the past
        before = window.past_dates(all_dates, para_starts[0], para_start)
        if before:
            return span_year(text, before[-1], before), Source.PARAGRAPH
    return None, None
