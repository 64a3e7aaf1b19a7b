"""Subject and time from the article around a figure, where its sentence is silent.

A scope stack, read in text order: the document (title, lede), the paragraph,
the sentence. A figure whose sentence names no one takes the entity its
paragraph, or else the article, is about; a figure whose sentence gives no
date takes the date its sentence lists in order ("7% and 5% in 2026 and 2027,
respectively"), a weekday or season the sentence names, the date an earlier
sentence of its paragraph set ("On Feb. 11 workers voted. Turnout was 88%."),
or a data year the article states once ("The figures are for 2025").

Every choice says where it came from (``Source``), and the record carries it
in its ``context`` so a reader can check it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date, timedelta
from enum import StrEnum

from laborfacts.pipeline.entities import (
    Entity,
    EntityKind,
    EntityMention,
    LabelRule,
    Via,
    vocabulary,
)
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


def paragraph_of(starts: list[int], offset: int) -> int:
    return bisect_right(starts, offset) - 1


# -- subject -----------------------------------------------------------------

_FIRST_PERSON = re.compile(
    r"(?<![\w’'-])(?:I|I['’](?:m|ve|d|ll)|[Mm]y|[Mm]e|[Ww]e|[Oo]ur)(?![\w’'-])"
)
_SAID_NAME = re.compile(r"\b(?:said|says|recalled|added|explained)[ \u00a0]+$")


def join_group(entity: Entity, group: str) -> str:
    """ "St. Brendan" + "nurses" → "St. Brendan nurses", at most five words."""
    if entity.kind is EntityKind.UNION and group.split()[-1].lower() == "members":
        return entity.name  # a union's members are the union
    if group[:1].isupper() or entity.short.split()[-1].lower() in group.lower():
        return " ".join(group.split()[-5:])
    if entity.kind is EntityKind.PERSON:
        return entity.name
    words = group.split()
    short = entity.short.split()
    while len(short) + len(words) > 5 and len(words) > 1:
        words = words[1:]  # drop the group's modifiers first
    return " ".join((short + words)[:5])


def speaker(ents: list[EntityMention], main_person: Entity | None) -> Entity | None:
    """Who says "I": a person the sentence attributes it to, else the article's
    main person (an interview)."""
    people = [e for e in ents if e.entity.kind is EntityKind.PERSON]
    return people[-1].entity if people else main_person


def pick_entity(
    m: Mention, ents: list[EntityMention], text: str, sent_lo: int, main_person: Entity | None
) -> EntityMention | None:
    """The entity of the figure's own sentence: the nearest one before it (a
    possessive only when nothing else precedes), else the first after it; "I"
    before the figure is the speaker."""
    usable = [
        e for e in ents
        if e.entity.kind not in _NEVER and not _place(text, e)
    ]  # fmt: skip
    # an agency that reports or rules on a figure is seldom what it is about
    if any(e.entity.kind is not EntityKind.AGENCY for e in usable):
        usable = [e for e in usable if e.entity.kind is not EntityKind.AGENCY]
    before = [e for e in usable if e.end <= m.start]
    plain = [e for e in before if not e.possessive]
    if plain:
        chosen: EntityMention | None = plain[-1]
    elif before:
        chosen = before[-1]
    else:
        after = [e for e in usable if e.start >= m.end]
        chosen = after[0] if after else None
    fp = None
    for fm in _FIRST_PERSON.finditer(text, sent_lo, m.start):
        fp = fm
    if fp is not None and (chosen is None or chosen.end <= fp.start() or chosen.start >= m.end):
        who = speaker(ents, main_person)
        if who is not None:
            return EntityMention(fp.start(), fp.end(), who, False, Via.REFERENCE)
    return chosen


_NEVER = frozenset({EntityKind.LAW, EntityKind.PLACE})
_PLACE_BEFORE = re.compile(r"\b(?:in|near|outside|across|off|from)[ \u00a0]+$", re.IGNORECASE)


def _place(text: str, e: EntityMention) -> bool:
    if e.via is Via.REFERENCE or e.entity.kind in (EntityKind.ORG, EntityKind.UNION):
        return False
    return _PLACE_BEFORE.search(text, max(0, e.start - 8), e.start) is not None


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


def is_present(text: str, lo: int, hi: int) -> bool:
    """Does the sentence tell of now ("has 5,000 members", "is worth")? Such
    a figure is not tied to a date an earlier sentence set."""
    cues = vocabulary().present_cues
    return any(w in cues for w in _WORD.findall(text[lo:hi].lower()))


def is_future(text: str, lo: int, hi: int) -> bool:
    """Does the clause in [lo, hi) tell of the future?"""
    window = text[lo:hi].lower()
    for cue in vocabulary().future_cues:
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


def future_before(text: str, at: int, lo: int) -> bool:
    """Is the clause that leads up to offset ``at`` (not before ``lo``) in the
    future tense? "will return to work Thursday after … voting that closed
    March 3": Thursday is ahead, March 3 is past."""
    start = max(lo, at - 120)
    for m in _CLAUSE_OPEN.finditer(text, start, at):
        start = m.end()
    return is_future(text, start, at)


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
    text: str, m: Mention, sent: tuple[int, int], published: date | None
) -> str | None:
    """A weekday or "this summer" in the figure's sentence."""
    if published is None:
        return None
    lo, hi = sent
    wd = _WEEKDAY.search(text, lo, hi)
    if wd is not None:
        return resolve_weekday(wd.group("d"), published, future_before(text, wd.start(), lo))
    if _SEASON.search(text, lo, hi):
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


def time_scopes(
    text: str,
    dates: list[Mention],
    sents: list[tuple[int, int]],
    paras: list[int],
    title: tuple[int, int] | None,
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
    cues = vocabulary().scope_cues
    out: list[Scope] = []
    for d in dates:
        if not isinstance(d.value, str) or len(d.value) != 4:
            continue
        before = text[max(0, d.start - 24) : d.start]
        if any(before.lower().rstrip().endswith(c) for c in cues):
            out.append((d.start, section_end(d.start), d.value, Source.SCOPE))
            continue
        if title is not None and title[0] <= d.start < title[1]:
            out.append((title[1], len(text), d.value, Source.TITLE))
            continue
        head = next((h for h in heads if h[0] <= d.start < h[1]), None)
        if head is not None:
            out.append((head[1], section_end(head[1]), d.value, Source.HEADING))
            continue
        i = bisect_right(sent_starts, d.start) - 1
        if i >= 0 and _OPENING_YEAR.fullmatch(text, sent_starts[i], d.start):
            if text.startswith(",", d.end):
                para_end = (
                    paras[bisect_right(paras, d.start)]
                    if bisect_right(paras, d.start) < len(paras)
                    else len(text)
                )
                out.append((d.end, para_end, d.value, Source.SCOPE))
    return out


def scoped_time(scopes: list[Scope], at: int) -> tuple[str, Source] | None:
    """The year of the innermost scope over offset ``at``, and where it was stated."""
    best: Scope | None = None
    for scope in scopes:
        if scope[0] <= at < scope[1] and (best is None or scope[0] >= best[0]):
            best = scope
    return (best[2], best[3]) if best is not None else None


# -- topic -------------------------------------------------------------------

# The generic type of each kind of quantity: a figure still of this type after
# classification had no cue of its own.
GENERIC_TYPES = {"percent": "percentage", "money": "money", "count": "count", "bare": "count"}
_LIST_GAP = re.compile(
    r"(?![^.;:!?]*\b(?:while|whereas|but|although|though)\b)"
    r"[^.;:!?]{0,40}?(?:,[ \u00a0]*(?:and[ \u00a0]+|then[ \u00a0]+)?|[ \u00a0]+and[ \u00a0]+|[ \u00a0]+to[ \u00a0]+)[^.;:!?]{0,8}$"
)


def _generic(m: Mention) -> bool:
    return m.type == GENERIC_TYPES.get(m.kind) and m.metric is None


def _adopt(m: Mention, model: Mention, rule: str) -> None:
    m.type, m.metric, m.rule = model.type, model.metric, rule
    if m.direction == "level" and model.unit == m.unit:
        m.direction = model.direction  # the items of a list of raises are raises


def share_topics(
    text: str, mentions: list[Mention], sents: list[tuple[int, int]], paras: list[int]
) -> dict[int, Mention]:
    """Give a figure with no cue of its own the type of the figures it stands
    with: the items of a list ("raises of 7%, 6% and 5%"), and the figures
    of the sentence before it in its paragraph ("The union asked for raises
    of 7%. The company offered 3%.").

    Returns, for a list that answers a list of the sentence before item by
    item ("raises of 7%, 6% and 5% in 2026, 2027 and 2028. The hospital
    offered 3.5%, 3% and 2.5% over the same three years"), the item each
    figure answers (by ``id``), whose time it then shares."""
    answers: dict[int, Mention] = {}
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.kind != "date":
            by_sentence.setdefault(m.sentence, []).append(m)
    # items of a list, both ways from a typed item
    for figures in by_sentence.values():
        for a, b in zip(figures, figures[1:], strict=False):
            if a.kind != b.kind or not _LIST_GAP.match(text, a.end, b.start):
                continue
            if _generic(b) and not _generic(a):
                _adopt(b, a, "topic.list")
        for a, b in reversed(list(zip(figures, figures[1:], strict=False))):
            if a.kind == b.kind and _generic(a) and not _generic(b):
                if _LIST_GAP.match(text, a.end, b.start):
                    _adopt(a, b, "topic.list")
    # the sentence before, in the same paragraph
    for index in sorted(by_sentence):
        prev = by_sentence.get(index - 1)
        if not prev or index - 1 >= len(sents) or index >= len(sents):
            continue
        if paragraph_of(paras, sents[index - 1][0]) != paragraph_of(paras, sents[index][0]):
            continue
        here = [m for m in by_sentence[index] if _generic(m) and m.kind == "percent"]
        models = [p for p in prev if p.kind == "percent" and not _generic(p)]
        if len(models) > 1 and len(here) >= len(models):
            for m, item in zip(here, models, strict=False):
                _adopt(m, item, "topic.paragraph")
                answers[id(m)] = item
            here = here[len(models) :]
        if models:
            for m in here:  # the rest take the sentence's topic
                _adopt(m, models[-1], "topic.paragraph")
    return answers


# -- label-value lines ---------------------------------------------------------

# "Number of void ballots ........ 2", "Turnout: 63%", "Eligible voters   212"
_LABEL_LINE = re.compile(
    r"(?m)^[ \t•*-]*(?P<label>[A-Za-z][^\n]*?)(?:[ \t]*(?:\.{2,}|…+|:)[ \t]*|[ \t]{3,}|\t+)$"
)


def _label_rule(label: str) -> LabelRule | None:
    low = label.lower()
    words = set(re.findall(r"[a-z]+", low))
    for rule in vocabulary().label_rules:
        if not any(stem in low for stem in rule.needs):
            continue
        if any((w in words) if " " not in w else (w in low) for w in rule.words):
            return rule
    return None


def read_labels(text: str, mentions: list[Mention]) -> None:
    """A figure that closes a label-value line takes the type its label names,
    over what the words around it suggested (SPEC: such lists are main
    facts, typed and timed from their labels and their heading)."""
    for m in mentions:
        if m.kind == "date":
            continue
        line_end = text.find("\n", m.end)
        line_end = len(text) if line_end < 0 else line_end
        if text[m.end : line_end].strip(" \t.;,"):
            continue  # the figure does not close its line
        line_start = text.rfind("\n", 0, m.start) + 1
        head = _LABEL_LINE.match(text, line_start, m.start)
        if head is None:
            continue
        rule = _label_rule(head.group("label"))
        if rule is None or (rule.metric == "turnout_pct") != (m.kind == "percent"):
            continue
        m.type, m.metric, m.rule = str(rule.type), rule.metric, rule.id
        if rule.item is not None and m.item is None:
            m.item = rule.item
