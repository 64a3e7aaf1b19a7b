"""Calendar references: the publication date near the top, and every date fact.

A day or month without a year is resolved against the publication date, to
the most recent such date not after it; "this year" and "last year" too.
Without a publication date they stay unresolved (value None) or, for the
relative phrases, are not facts.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from spacy.tokens import Doc

from laborfacts.pipeline.anchors import AnchorFlags, anchor_offsets, near_anchors
from laborfacts.pipeline.component import RuleComponent
from laborfacts.pipeline.discourse import future_before
from laborfacts.pipeline.extensions import text_of
from laborfacts.pipeline.mentions import Mention
from laborfacts.rules import RuleSet

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_YEAR = r"(?:1[89]\d\d|20\d\d|2100)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
# Whitespace that does not cross a blank line: no date spans two paragraphs.
_WS = r"(?:(?!\n[^\S\n]*\n)[\s\u00a0])+"
_WS_DASH = r"(?:(?!\n[^\S\n]*\n)[\s\u00a0-])+"
_NOT_NUM_AFTER = r"(?![\d,]\d|\.\d|[\w$%])"
_NOT_NUM_BEFORE = r"(?<![\w$£€.,/\\])"

# Each pattern: (id, regex). Named groups: y (year), m (month name), mn (month
# number), d (day), y2 (a second year of "2020–21"). Order matters: longest first.
_PATTERNS: list[tuple[str, str]] = [
    # an ISO date, or the date of an ISO datetime ("2026-04-29T14:05:00Z")
    ("date.iso", rf"{_NOT_NUM_BEFORE}(?P<y>{_YEAR})-(?P<mn>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?:\b|(?=T\d\d:\d\d))"),
    ("date.mdy", rf"\b(?P<m>{_MONTH}){_WS}(?P<d>{_DAY}),?{_WS}(?P<y>{_YEAR}){_NOT_NUM_AFTER}"),
    ("date.dmy", rf"{_NOT_NUM_BEFORE}(?P<d>{_DAY}){_WS}(?:of{_WS})?(?P<m>{_MONTH}),?{_WS}(?P<y>{_YEAR}){_NOT_NUM_AFTER}"),
    ("date.numeric", rf"{_NOT_NUM_BEFORE}(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/(?P<y>{_YEAR}|\d\d)\b(?!/)"),
    ("date.month_year", rf"\b(?P<m>{_MONTH}),?{_WS}(?:of{_WS})?(?P<y>{_YEAR}){_NOT_NUM_AFTER}"),
    ("date.month_day", rf"\b(?P<m>{_MONTH}){_WS}(?P<d>{_DAY})(?![\d,:.]\d|\w)"),
    ("date.day_month", rf"{_NOT_NUM_BEFORE}(?P<d>{_DAY}){_WS}(?:of{_WS})?(?P<m>{_MONTH})\b"),
    ("date.year_range", rf"{_NOT_NUM_BEFORE}(?P<y>{_YEAR})[–—-](?P<y2>\d\d){_NOT_NUM_AFTER}"),
    (
        "date.year",
        rf"(?:\b(?:early|mid|late|the{_WS}end{_WS}of|the{_WS}start{_WS}of|the{_WS}beginning{_WS}of|the{_WS}middle{_WS}of|the{_WS}first{_WS}half{_WS}of|the{_WS}second{_WS}half{_WS}of){_WS_DASH}|mid-)?"
        rf"(?:\b(?:spring|summer|fall|autumn|winter|fiscal|FY)(?:{_WS}of)?{_WS})?"
        rf"{_NOT_NUM_BEFORE}(?P<y>{_YEAR}){_NOT_NUM_AFTER}",
    ),
    ("date.fiscal", rf"\bFY(?P<y>{_YEAR}|\d\d)\b"),
    ("date.month_rel_year", rf"\b(?P<m>(?:January|February|March|April|May|June|July|August|September|October|November|December)),?{_WS}(?:of{_WS})?(?P<rel>this|last|next){_WS}year\b"),
    ("date.month", rf"\b(?i:in|since|until|by|last|this|early|late|mid|during|through|from|to|of|next|every|each|between|and|or){_WS}(?P<m>(?:January|February|March|April|May|June|July|August|September|October|November|December))\b(?!,?{_WS}(?:of{_WS})?\d)"),
    ("date.relative", rf"\b(?P<rel>[Tt]his|[Ll]ast|[Nn]ext){_WS}(?P<unit>year|month)\b"),
]  # fmt: skip
# The combined scanner drops the inner group names (they repeat across
# alternatives); the pattern that fired is re-matched for its groups.
_FULL_DATE_IDS = frozenset({"date.iso", "date.mdy", "date.dmy", "date.numeric"})


def _scanner(ids: frozenset[str] | None = None) -> re.Pattern[str]:
    return re.compile(
        "|".join(
            f"(?P<p{i}>{re.sub(r'[(][?]P<[a-z0-9]+>', '(?:', rx)})"
            for i, (pid, rx) in enumerate(_PATTERNS)
            if ids is None or pid in ids
        )
    )


DATE_RE = _scanner()
# Bylines hold full dates only; a scanner of those alone reads the header faster.
_FULL_DATE_RE = _scanner(_FULL_DATE_IDS)
_GROUP_OF = {f"p{i}": (pid, re.compile(rx)) for i, (pid, rx) in enumerate(_PATTERNS)}

# A four-digit year followed by these is a count, not a date ("2000 workers").
_COUNT_AFTER = re.compile(
    r"[\s\u00a0]*(?:%|percent|per\s?cent|million|billion|thousand|hundred|more|fewer|"
    r"workers|employees|drivers|members|people|jobs|votes|ballots|packages|stops|"
    r"staff|nurses|teachers|miners|hours|days|minutes|dollars|euros|pounds|of\s+(?:the|them|whom))\b",
    re.IGNORECASE,
)
_MASTHEAD_SEPARATORS = ("•", "|", "·")
_BYLINE_NOISE = re.compile(
    r"(?i)\b(?:published|updated|posted|on|by|date|last|modified|am|pm|a\.m\.|p\.m\.|"
    r"edt|est|gmt|utc|bst|pdt|pst|cet|at|\d{1,2}:\d{2})\b|[|•·:,–—\-/()\[\]*_]"
)


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _full_year(y: str) -> int:
    n = int(y)
    return n if len(y) == 4 else (2000 + n if n < 70 else 1900 + n)


def _parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        parts = [int(p) for p in value.split("-")]
        return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


class DateMatch:
    __slots__ = ("start", "end", "value", "rule", "full", "pieces")

    def __init__(self, start: int, end: int, value: str | None, rule: str, full: bool = False):
        self.start, self.end, self.value, self.rule, self.full = start, end, value, rule, full
        self.pieces: list[tuple[int, int, str | None]] = []


def _resolve_month_day(m: int, d: int | None, pub: date | None, future: bool = False) -> str | None:
    """The most recent such date not after ``pub``; in a sentence about the
    future, the next one on or after it (SPEC: "the contract expires July 31")."""
    if pub is None:
        return None
    y = pub.year
    if future:
        if (m, d or 31) < (pub.month, pub.day):
            y += 1
    elif (m, d or 0) > (pub.month, pub.day if d else 0):
        y -= 1
    if d is not None:
        if not _valid(y, m, d):
            return None
        return f"{y:04d}-{m:02d}-{d:02d}"
    return f"{y:04d}-{m:02d}"


_NOT_DIGIT = re.compile(r"\D")


def _future(text: str, start: int, end: int) -> bool:
    """Does the clause that leads up to the date tell of the future?"""
    line = text.rfind("\n", max(0, start - 300), start) + 1
    return future_before(text, start, max(line, start - 300))


def find_dates(
    text: str, published: date | None, anchors: list[int] | None = None, full_only: bool = False
) -> list[DateMatch]:
    """Every calendar reference in ``text``, resolved against ``published``
    (with ``full_only``, only those with day, month and year)."""
    out: list[DateMatch] = []
    for m in near_anchors(_FULL_DATE_RE if full_only else DATE_RE, text, anchors):
        gname = m.lastgroup
        if gname is None:
            continue
        rule, rx = _GROUP_OF[gname]
        # Group names repeat across alternatives, so re-match the one that fired.
        sub = rx.match(text, m.start())
        g = {k: v for k, v in (sub or m).groupdict().items() if v is not None}
        start, end = m.start(), m.end()
        if rule == "date.month" and sub is not None:
            start = sub.start("m")  # the preposition before it is not part of the date
        value: str | None
        if rule in ("date.iso", "date.mdy", "date.dmy"):
            y = int(g["y"])
            mo = int(g["mn"]) if "mn" in g else _month(g["m"])
            d = int(_NOT_DIGIT.sub("", g["d"]))
            if not _valid(y, mo, d):
                continue
            value = f"{y:04d}-{mo:02d}-{d:02d}"
        elif rule == "date.numeric":
            a, b, y = int(g["a"]), int(g["b"]), _full_year(g["y"])
            mo, d = (b, a) if a > 12 else (a, b)
            if not _valid(y, mo, d):
                continue
            value = f"{y:04d}-{mo:02d}-{d:02d}"
        elif rule == "date.month_year":
            value = f"{int(g['y']):04d}-{_month(g['m']):02d}"
        elif rule in ("date.month_day", "date.day_month"):
            d = int(_NOT_DIGIT.sub("", g["d"]))
            if not 1 <= d <= 31:
                continue
            value = _resolve_month_day(_month(g["m"]), d, published, _future(text, start, end))
        elif rule == "date.month_rel_year":
            if published is None:
                value = None
            else:
                shift = {"this": 0, "last": -1, "next": 1}[g["rel"].lower()]
                value = f"{published.year + shift:04d}-{_month(g['m']):02d}"
        elif rule == "date.month":
            value = _resolve_month_day(_month(g["m"]), None, published, _future(text, start, end))
        elif rule == "date.year_range":
            y1 = int(g["y"])
            y2 = (y1 // 100) * 100 + int(g["y2"])
            if y2 <= y1:
                continue
            dm = DateMatch(start, end, None, rule)
            dm.pieces = [(start, start + 4, str(y1)), (end - 2, end, str(y2))]
            out.append(dm)
            continue
        elif rule in ("date.year", "date.fiscal"):
            if rule == "date.year" and _COUNT_AFTER.match(text, end):
                continue
            value = str(_full_year(g["y"]))
        elif rule == "date.relative":
            if published is None:
                continue
            shift = {"this": 0, "last": -1, "next": 1}[g["rel"].lower()]
            if g["unit"] == "year":
                value = str(published.year + shift)
            else:
                mo = published.month + shift
                y = published.year + (mo - 1) // 12
                value = f"{y:04d}-{(mo - 1) % 12 + 1:02d}"
        else:  # pragma: no cover - every pattern is handled above
            continue
        out.append(DateMatch(start, end, value, rule, full=rule in _FULL_DATE_IDS))
    return out


def byline_dates(
    text: str, header_chars: int = 1500, anchors: list[int] | None = None
) -> list[tuple[str | None, tuple[int, int]]]:
    """Dates of the byline ("24 March 2026", "Updated April 30, 2026"): full dates
    on short lines near the top of the article. Metadata, never facts."""
    head = text[:header_chars]
    head_anchors = None if anchors is None else [a for a in anchors if a < header_chars]
    out = []
    for dm in find_dates(head, None, head_anchors, full_only=True):
        if not dm.full:
            continue
        line_start = head.rfind("\n", 0, dm.start) + 1
        line_end = head.find("\n", dm.end)
        line_end = len(head) if line_end < 0 else line_end
        # a masthead line "Paper name • Vol. 9 • 14 January 2026": only the
        # part between separators that holds the date counts
        line_start = max(
            [line_start] + [head.rfind(c, line_start, dm.start) + 1 for c in _MASTHEAD_SEPARATORS]
        )
        ends = [i for i in (head.find(c, dm.end, line_end) for c in _MASTHEAD_SEPARATORS) if i >= 0]
        line_end = min(ends, default=line_end)
        rest = head[line_start : dm.start] + " " + head[dm.end : line_end]
        rest = _BYLINE_NOISE.sub(" ", rest)
        ends_sentence = re.search(r"(?<!a\.m)(?<!p\.m)[.!?]\s*$", head[dm.end : line_end])
        if len(rest.split()) <= 6 and not ends_sentence:
            out.append((dm.value, (dm.start, dm.end)))
    return out


def find_title(text: str) -> str | None:
    """The first line, when it reads like a headline (short, at most one sentence)."""
    head = text[:4096]
    lines = head.splitlines()
    if len(head) < len(text) and len(lines) <= 10:
        lines = text.splitlines()  # the first ten lines run past the head
    for line in lines[:10]:
        s = line.strip().lstrip("#").strip()
        if s:
            if len(s) > 200 or len(re.findall(r"[.!?](?:\s|$)", s)) > 1:
                return None
            return s
    return None


class DateFinder(RuleComponent):
    """Component: publication date, title and date mentions."""

    def __init__(
        self,
        header_chars: int = 1500,
        flags: AnchorFlags | None = None,
        rules: str | Path | RuleSet | None = None,
    ):
        self.header_chars = header_chars
        self.flags = flags
        super().__init__(rules)

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        ext = doc._  # one accessor for the many reads and writes below
        q_anchors, d_anchors = anchor_offsets(doc, text, self.flags)
        ext.lf_anchors = q_anchors
        bylines = byline_dates(text, self.header_chars, d_anchors)
        if ext.lf_published is None and bylines:
            ext.lf_published = bylines[0][0]
        ext.lf_published_span = bylines[0][1] if bylines else None
        ext.lf_byline_spans = byline_spans = [span for _, span in bylines]
        ext.lf_title = find_title(text)
        pub = _parse_iso(ext.lf_published)
        mentions: list[Mention] = []
        for dm in find_dates(text, pub, d_anchors):
            if any(dm.start < e and s < dm.end for s, e in byline_spans):
                continue
            pieces = dm.pieces or [(dm.start, dm.end, dm.value)]
            for s, e, v in pieces:
                mentions.append(
                    Mention(
                        start=s, end=e, kind="date", value=v, unit="date", type="date",
                        rule=dm.rule, core_start=s, core_end=e,
                        confidence=0.9 if v is not None else 0.5,
                    )
                )  # fmt: skip
        ext.lf_mentions = mentions
        return doc
