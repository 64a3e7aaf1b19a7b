"""Calendar references: the publication date near the top, and every date fact.

A day or month without a year is resolved against the publication date, to
the most recent such date not after it; "this year" and "last year" too.
Without a publication date they stay unresolved (value None) or, for the
relative phrases, are not facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc

from laborfacts.pipeline.anchors import (
    AnchorFlags,
    AnchorWords,
    anchor_offsets,
    anchor_words,
    near_anchors,
)
from laborfacts.pipeline.component import RuleComponent
from laborfacts.pipeline.discourse import future_before
from laborfacts.pipeline.extensions import text_of
from laborfacts.pipeline.mentions import Mention
from laborfacts.rules import RuleSet
from laborfacts.rules.dateforms import DateForm, DateRead, DateRules


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
    __slots__ = ("start", "end", "value", "rule", "full", "pieces", "yearless")

    def __init__(self, start: int, end: int, value: str | None, rule: str, full: bool = False):
        self.start, self.end, self.value, self.rule, self.full = start, end, value, rule, full
        self.pieces: list[tuple[int, int, str | None]] = []
        # the month (and day) of a date written without its year: "March", "May 3"
        self.yearless: tuple[str, ...] = ()


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


@dataclass(frozen=True)
class DateGrammar:
    """The date forms of one RuleSet, compiled."""

    rules: DateRules
    scanner: re.Pattern[str]  # every form, one alternative each
    full_scanner: re.Pattern[str]  # the forms of full dates: bylines hold only those
    forms: dict[str, tuple[DateForm, re.Pattern[str]]]  # scanner group → form
    count_after: re.Pattern[str]  # a year followed by these is a count ("2000 workers")
    byline_noise: re.Pattern[str]
    anchors: AnchorWords


def _scanner(forms: list[tuple[int, DateForm]]) -> re.Pattern[str]:
    # The combined scanner drops the inner group names (they repeat across
    # alternatives); the form that fired is re-matched for its groups.
    return re.compile(
        "|".join(f"(?P<p{i}>{re.sub(r'[(][?]P<[a-z0-9]+>', '(?:', f.pattern)})" for i, f in forms)
    )


def grammar(rules: RuleSet) -> DateGrammar:
    """The compiled date forms of ``rules``, built once per rule set."""
    return _grammar(rules.fingerprint, rules)


@lru_cache(maxsize=8)
def _grammar(fingerprint: str, rules: RuleSet) -> DateGrammar:
    d = rules.dates()
    forms = list(enumerate(d.forms))
    return DateGrammar(
        rules=d,
        scanner=_scanner(forms),
        full_scanner=_scanner([(i, f) for i, f in forms if f.full]),
        forms={f"p{i}": (f, re.compile(f.pattern)) for i, f in forms},
        count_after=re.compile(d.count_after, re.IGNORECASE),
        byline_noise=re.compile(d.byline_noise),
        anchors=anchor_words(rules),
    )


_SKIP = object()  # the form matched, but what it matched is no date


def _day_value(g: dict[str, str], months: dict[str, int]) -> str | object:
    """The ISO date of a full date, or _SKIP when there is no such day."""
    y = int(g["y"])
    mo = int(g["mn"]) if "mn" in g else months[g["m"].lower().rstrip(".")]
    d = int(_NOT_DIGIT.sub("", g["d"]))
    return f"{y:04d}-{mo:02d}-{d:02d}" if _valid(y, mo, d) else _SKIP


def _numeric_value(g: dict[str, str]) -> str | object:
    a, b, y = int(g["a"]), int(g["b"]), _full_year(g["y"])
    mo, d = (b, a) if a > 12 else (a, b)
    return f"{y:04d}-{mo:02d}-{d:02d}" if _valid(y, mo, d) else _SKIP


def _relative_value(g: dict[str, str], rules: DateRules, pub: date) -> str | object:
    shift = rules.relative.get(g["rel"].lower())
    unit = g["unit"].lower()
    if shift is None or unit not in ("year", "month"):
        return _SKIP
    if unit == "year":
        return str(pub.year + shift)
    mo = pub.month + shift
    return f"{pub.year + (mo - 1) // 12:04d}-{(mo - 1) % 12 + 1:02d}"


def _value(
    form: DateForm, g: dict[str, str], gr: DateGrammar, text: str, span: tuple[int, int],
    pub: date | None,
) -> str | None | object:  # fmt: skip
    """What the form's groups say, resolved against ``pub``; _SKIP for no date."""
    read, months = form.read, gr.rules.months
    if read is DateRead.FULL_DATE:
        return _day_value(g, months)
    if read is DateRead.NUMERIC:
        return _numeric_value(g)
    if read is DateRead.MONTH_YEAR:
        return f"{int(g['y']):04d}-{months[g['m'].lower().rstrip('.')]:02d}"
    if read is DateRead.MONTH_DAY:
        d = int(_NOT_DIGIT.sub("", g["d"]))
        if not 1 <= d <= 31:
            return _SKIP
        month = months[g["m"].lower().rstrip(".")]
        return _resolve_month_day(month, d, pub, _future(text, *span))
    if read is DateRead.MONTH_REL_YEAR:
        shift = gr.rules.relative.get(g["rel"].lower())
        if shift is None:
            return _SKIP
        month = months[g["m"].lower().rstrip(".")]
        return None if pub is None else f"{pub.year + shift:04d}-{month:02d}"
    if read is DateRead.MONTH:
        month = months[g["m"].lower().rstrip(".")]
        return _resolve_month_day(month, None, pub, _future(text, *span))
    if read is DateRead.YEAR:
        if form.not_before_count and gr.count_after.match(text, span[1]):
            return _SKIP
        return str(_full_year(g["y"]))
    if read is DateRead.RELATIVE:
        return _SKIP if pub is None else _relative_value(g, gr.rules, pub)
    return _SKIP  # pragma: no cover - YEAR_RANGE is read by find_dates


def find_dates(
    text: str,
    published: date | None,
    anchors: list[int] | None = None,
    full_only: bool = False,
    gr: DateGrammar | None = None,
) -> list[DateMatch]:
    """Every calendar reference in ``text``, resolved against ``published``
    (with ``full_only``, only those with day, month and year), by the date
    forms of ``gr`` (the package's by default)."""
    if gr is None:
        gr = grammar(RuleSet.default())
    out: list[DateMatch] = []
    scanner = gr.full_scanner if full_only else gr.scanner
    for m in near_anchors(scanner, text, anchors, gr.anchors):
        gname = m.lastgroup
        if gname is None:
            continue
        form, rx = gr.forms[gname]
        # Group names repeat across alternatives, so re-match the one that fired.
        sub = rx.match(text, m.start())
        g = {k: v for k, v in (sub or m).groupdict().items() if v is not None}
        start, end = m.start(), m.end()
        if form.starts_at is not None and sub is not None:
            start = sub.start(form.starts_at)
        if form.read is DateRead.YEAR_RANGE:
            y1 = int(g["y"])
            y2 = (y1 // 100) * 100 + int(g["y2"])
            if y2 > y1:
                dm = DateMatch(start, end, None, form.id)
                dm.pieces = [(start, start + 4, str(y1)), (end - 2, end, str(y2))]
                out.append(dm)
            continue
        value = _value(form, g, gr, text, (start, end), published)
        if value is not _SKIP:
            dm = DateMatch(start, end, value, form.id, full=form.full)  # type: ignore[arg-type]
            if form.read in (DateRead.MONTH, DateRead.MONTH_DAY):
                month = f"{gr.rules.months[g['m'].lower().rstrip('.')]:02d}"
                day = (f"{int(_NOT_DIGIT.sub('', g['d'])):02d}",) if "d" in g else ()
                dm.yearless = (month, *day)
            out.append(dm)
    _link_years(text, out)
    return out


# what joins the dates of a span: "between March and June 2024", "May 3 to June 9"
LINKED_DATES = re.compile(
    r"[\s\u00a0]*(?:and|to|through|until|till|-|–|—)[\s\u00a0]*", re.IGNORECASE
)


def _link_years(text: str, out: list[DateMatch]) -> None:
    """A yearless month or day linked to a dated one takes its year: "between
    March and June 2024" is March 2024, "from May 3 to June 9, 2025" May 3, 2025."""
    for d, e in zip(out, out[1:], strict=False):
        if d.yearless and isinstance(e.value, str) and LINKED_DATES.fullmatch(text, d.end, e.start):
            d.value = "-".join([e.value[:4], *d.yearless])


def byline_dates(
    text: str,
    header_chars: int = 1500,
    anchors: list[int] | None = None,
    gr: DateGrammar | None = None,
) -> list[tuple[str | None, tuple[int, int]]]:
    """Dates of the byline ("24 March 2026", "Updated April 30, 2026"): full dates
    on short lines near the top of the article. Metadata, never facts."""
    if gr is None:
        gr = grammar(RuleSet.default())
    separators = gr.rules.masthead_separators
    head = text[:header_chars]
    head_anchors = None if anchors is None else [a for a in anchors if a < header_chars]
    out = []
    for dm in find_dates(head, None, head_anchors, full_only=True, gr=gr):
        if not dm.full:
            continue
        line_start = head.rfind("\n", 0, dm.start) + 1
        line_end = head.find("\n", dm.end)
        line_end = len(head) if line_end < 0 else line_end
        # a masthead line "Paper name • Vol. 9 • 14 January 2026": only the
        # part between separators that holds the date counts
        line_start = max(
            [line_start] + [head.rfind(c, line_start, dm.start) + 1 for c in separators]
        )
        ends = [i for i in (head.find(c, dm.end, line_end) for c in separators) if i >= 0]
        line_end = min(ends, default=line_end)
        rest = head[line_start : dm.start] + " " + head[dm.end : line_end]
        rest = gr.byline_noise.sub(" ", rest)
        ends_sentence = re.search(r"(?<!a\.m)(?<!p\.m)[.!?]\s*$", head[dm.end : line_end])
        # "Date of election: March 12, 2026" labels a fact; bylines hold names
        labelled = any(len(w) > 3 and w.isalpha() and w.islower() for w in rest.split())
        if len(rest.split()) <= 6 and not ends_sentence and not labelled:
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

    def compile(self, rules: RuleSet) -> None:
        self.grammar = grammar(rules)
        if self.flags is not None and self.flags.words is not self.grammar.anchors:
            # new rules (from_disk): the lexeme flags of their words
            self.flags = AnchorFlags(self.flags.vocab, rules)

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        ext = doc._  # one accessor for the many reads and writes below
        gr = self.grammar
        q_anchors, d_anchors = anchor_offsets(doc, text, self.flags, gr.anchors)
        ext.lf_anchors = q_anchors
        bylines = byline_dates(text, self.header_chars, d_anchors, gr)
        if ext.lf_published is None and bylines:
            ext.lf_published = bylines[0][0]
        ext.lf_published_span = bylines[0][1] if bylines else None
        ext.lf_byline_spans = byline_spans = [span for _, span in bylines]
        ext.lf_title = find_title(text)
        pub = _parse_iso(ext.lf_published)
        mentions: list[Mention] = []
        for dm in find_dates(text, pub, d_anchors, gr=gr):
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
