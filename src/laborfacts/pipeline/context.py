"""Who a figure is about (subject), when (time), and who says so (attribution),
read from the sentence that holds it and then from the article around it.

The stage's rules (``context.json``, the ``cues`` and ``aliases`` lexicons)
are compiled once per rule set (:func:`compile_context`); the article is read
in a few passes of its own: its names, its groups of people, its entities,
its paragraphs and time scopes, each found once and sliced per sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc

from laborfacts.pipeline.attribution import Attribution
from laborfacts.pipeline.component import RuleComponent
from laborfacts.pipeline.discourse import (
    _RESPECTIVELY,
    Source,
    blank_paragraphs,
    headings,
    may_hold,
    paragraph_of,
    paragraphs,
    time_scopes,
)
from laborfacts.pipeline.entities import (
    ContextVocabulary,
    Entity,
    EntityKind,
    EntityMention,
    warm,
)
from laborfacts.pipeline.extensions import text_of
from laborfacts.pipeline.groups import ArticleGroups, GroupPattern, as_group
from laborfacts.pipeline.headline import (
    document_subject,
    lede_span,
    main_group,
    title_case,
    title_group,
)
from laborfacts.pipeline.inventory import Inventory
from laborfacts.pipeline.mentions import Mention
from laborfacts.pipeline.names import _NAME, _NAME_SCAN, Names, numbered
from laborfacts.pipeline.numbers import number_words
from laborfacts.pipeline.respective import respective_subjects
from laborfacts.pipeline.sentence_entity import FirstPerson, usable_entities
from laborfacts.pipeline.subject_of import SentenceContext, find_subject
from laborfacts.pipeline.subjects import Subjects, compile_subjects
from laborfacts.pipeline.timing import _REACH, Window, figure_time
from laborfacts.pipeline.topics import read_captions, read_labels, share_topics
from laborfacts.rules import RuleSet

__all__ = ["_NAME", "ContextFinder", "ContextRules", "Names", "compile_context"]


@dataclass(frozen=True)
class ContextRules:
    """Everything the stage derives from a rule set, compiled once."""

    vocab: ContextVocabulary
    groups: GroupPattern
    attribution: Attribution
    subjects: Subjects  # the alias lexicon, for who reads the stage's subjects
    org_tail: frozenset[str]  # "… Workers Union" stays whole
    vote_words: re.Pattern[str]  # a sentence about a vote (``rules/metrics.json``)
    hedges: frozenset[str]  # words that hedge a figure as approx (``rules/qualifiers.json``)
    scales: dict[str, float]  # "thousand" → 1000 (``rules/numbers.json``), for a label's scale note
    periods: dict[str, str]  # "weekly" → week (``rules/units.json`` per_before), for a label's pay
    said: frozenset[
        str
    ]  # "said Tevita Rice": a person (``rules/cues.json`` inverted_speaker_verbs)


_COMPILED: dict[str, ContextRules] = {}


def compile_context(rules: RuleSet) -> ContextRules:
    """The stage's compiled rules, once per rule set content."""
    compiled = _COMPILED.get(rules.fingerprint)
    if compiled is None:
        vocab: ContextVocabulary = rules.context()
        compiled = ContextRules(
            vocab=vocab,
            groups=GroupPattern.compile(
                vocab.group_nouns, vocab.group_modifiers, vocab.group_stop_words
            ),
            attribution=Attribution.compile(rules.lexicon("cues")),
            subjects=compile_subjects(rules.lexicon("aliases")),
            org_tail=vocab.org_words | vocab.union_words,
            vote_words=rules.metrics().vote_context,
            hedges=frozenset(rules.lexicon("qualifiers")["approx"]),
            scales=number_words(rules).scales,
            periods=dict(rules.lexicon("units")["per_before"]),
            said=frozenset(rules.lexicon("cues")["inverted_speaker_verbs"]),
        )
        _COMPILED[rules.fingerprint] = compiled
    return compiled


def groups_within(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """The groups of people named in [lo, hi) by the default rules."""
    pattern = compile_context(RuleSet.default()).groups
    found = (as_group(text, m, pattern) for m in pattern.finditer(text, lo, hi))
    return [g for g in found if g is not None]


def find_attribution(text: str, sent: tuple[int, int]) -> str | None:
    """Who the sentence says its figures come from, by the default rules."""
    return compile_context(RuleSet.default()).attribution.find(text, sent)


class ContextFinder(RuleComponent):
    """Component: fills ``subject``, ``time`` and ``attribution`` of mentions,
    from the figure's sentence first and then from the article around it
    (``discourse``), and notes where each came from."""

    compiled: ContextRules

    def compile(self, rules: RuleSet) -> None:
        self.compiled = compile_context(rules)
        warm()

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[Mention] = doc._.lf_mentions or []
        if mentions:
            _Article(doc, mentions, self.compiled).run()
        return doc


class _Article:
    """One article as the stage reads it: found once, sliced per figure."""

    def __init__(self, doc: Doc, mentions: list[Mention], rules: ContextRules):
        self.rules, self.vocab = rules, rules.vocab
        self.text = text = text_of(doc)
        self.mentions = mentions
        self.sents = sents = doc._.lf_sentences or [(0, len(text))]
        names = Names(text, sents, self.vocab)
        title = doc._.lf_title
        title_end = text.find(title) + len(title) if title and title_case(title) else 0
        spans = [(m.start, m.end) for m in mentions if m.kind != "date"]
        found = numbered(text, names.within(0, names.scanned, rules.org_tail), doc._.lf_nonfacts)
        self.inventory = Inventory(text, found, max(0, title_end), spans, self.vocab, rules.said)
        head_end = sents[min(2, len(sents) - 1)][1]
        self.main, self.main_source, self.main_person = document_subject(
            text, sents, self.inventory, title, head_end
        )
        self.published = _parse_published(doc._.lf_published)
        self.paras = paragraphs(text)
        read_labels(
            text, mentions, self.vocab, self.rules.hedges, self.rules.scales, self.rules.periods
        )
        read_captions(text, mentions, self.vocab)
        v = self.vocab
        self.answers = share_topics(text, mentions, sents, self.paras, v.rate_words, v.rate_openers)
        self.groups = ArticleGroups(text, rules.groups, min(len(text), _NAME_SCAN))
        title_span = None
        if title:
            at = text.find(title)
            title_span = (at, at + len(title)) if at >= 0 else None
        self.title_span = title_span
        self.doc_group = main_group(self.groups, title_span)
        # a headline that opens with a group of workers makes them the article's subject
        by_title = None
        for line in _headlines(text, title_span, self.paras):
            by_title = by_title or title_group(text, line, self.groups, self.main)
        if by_title is not None:
            self.main, self.main_source = by_title, Source.TITLE
        # dates and quantities by sentence, so each figure looks at its own only
        self.dates: dict[int, list[Mention]] = {}
        self.figures: dict[int, list[Mention]] = {}
        for m in mentions:
            (self.dates if m.kind == "date" else self.figures).setdefault(m.sentence, []).append(m)
        self.all_dates = [m for m in mentions if m.kind == "date"]
        self._vote_time: tuple[str, int] | None = None  # a dated vote, and its paragraph
        self.blocks = blank_paragraphs(text)  # list items and rows are no paragraph of their own
        self._election = self._election_date()
        # the day a news lede names ("said Wednesday") times the story's past-tense figures
        lede = lede_span(text, sents, title)
        self.lede_time = (
            Window(text, lede[0], lede[1], self.published, self.vocab).said_time if lede else None
        )
        self.scopes = time_scopes(text, self.all_dates, sents, self.paras, title_span, self.vocab)

    def run(self) -> None:
        text, sents = self.text, self.sents
        attributions: dict[int, str | None] = {}
        contexts: dict[int, SentenceContext] = {}
        # figures of one sentence mostly share their window: its entities and
        # what it says of time are read once
        windows: dict[tuple[int, int], tuple[Window, list[EntityMention], list[EntityMention]]] = {}
        first_person = FirstPerson(text)
        respective: dict[int, dict[int, str]] = {}
        attribution = self.rules.attribution.in_text(text)
        # by sentence, where its first figure with a subject ends: a date after
        # that takes the figure's subject (``_date_subjects``), not one of its own
        timed_by: dict[int, int] = {}
        for m in self.mentions:
            full = sents[m.sentence] if m.sentence < len(sents) else (0, len(text))
            # a "sentence" may be a long table: look no further than _REACH around
            sent = (max(full[0], m.start - _REACH), min(full[1], m.end + _REACH))
            if full[1] - full[0] <= 2 * _REACH:
                ctx = contexts.get(m.sentence)
                if ctx is None:
                    ctx = contexts[m.sentence] = SentenceContext(self.groups, *full)
            else:
                ctx = SentenceContext(self.groups, *sent)
            known = windows.get(sent)
            if known is None:
                ents = self.inventory.within(*sent)
                window = Window(text, *sent, self.published, self.vocab)
                known = windows[sent] = (window, ents, usable_entities(ents, text))
            window, ents, usable = known
            para = paragraph_of(self.paras, m.start)
            self._time(m, window, para)
            if m.kind != "date" or timed_by.get(m.sentence, m.start + 1) > m.start:
                fallback = self._fallback(self.paras[para], m.start)
                m.subject, m.subject_from = find_subject(
                    m, ctx, ents, usable, first_person.last(ctx.lo, m.start), fallback, text,
                    self.main_person, self.doc_group, self.vocab, self.inventory.lower_words,
                )  # fmt: skip
            if m.sentence not in respective:
                respective[m.sentence] = self._respective(m.sentence, full, ctx)
            listed = respective[m.sentence].get(id(m))
            if listed is not None:
                m.subject, m.subject_from = listed, Source.LIST
            if m.row is not None:
                m.subject, m.subject_from = self._row_subject(m, m.row), Source.LIST
            if m.sentence not in attributions:
                attributions[m.sentence] = attribution.find(text, sent)
            m.attribution = attributions[m.sentence]
            if m.subject and m.kind != "date" and not self._of_phrase(m):
                timed_by[m.sentence] = min(timed_by.get(m.sentence, m.end), m.end)
        self._date_subjects()
        self._compared_subjects()
        self._headline_times()

    def _row_subject(self, m: Mention, row: str) -> str:
        """A table row is its label's; pay and injuries in a row are those of
        the workers its caption, or else the article, names ("Dublin" under
        "Median hourly pay of couriers" → "Dublin couriers")."""
        if m.type not in self.vocab.group_types:
            return row
        named = self.groups.within(*m.caption) if m.caption is not None else []
        group = named[0][2] if named else self.doc_group
        if not group or group.split()[-1].lower() in row.lower():
            return row
        return " ".join((row.split() + group.split()[-2:])[-5:])

    def _headline_times(self) -> None:
        """A headline's figure told again in the body ("… where trailers hit 121
        degrees" … "a loader's phone app logged 121 degrees") has the body's time."""
        if self.title_span is None:
            return
        head = [m for m in self.mentions if m.start < self.title_span[1] and m.kind != "date"]
        for m in head:
            if m.time is not None:
                continue
            again = next(
                (b for b in self.mentions
                 if b.start >= self.title_span[1] and b.kind == m.kind and b.unit == m.unit
                 and b.value == m.value and b.time is not None),
                None,
            )  # fmt: skip
            if again is not None:
                m.time, m.time_from = again.time, again.time_from

    def _date_subjects(self) -> None:
        """A date that times a figure of its sentence ("$41.7 million in back
        wages in fiscal 2024") is about what the last figure before it is about."""
        for d in self.all_dates:
            figs = [
                f for f in self.figures.get(d.sentence, []) if f.subject and not self._of_phrase(f)
            ]
            before = [f for f in figs if f.end <= d.start]
            timed = before[-1] if before else None
            if timed is not None:
                d.subject, d.subject_from = timed.subject, timed.subject_from

    def _compared_subjects(self) -> None:
        """A figure right after "up from" or "down from" is the earlier level
        of the figure before it, and about the same ("The line runs at 140
        birds a minute, up from 120 in 2022")."""
        for figures in self.figures.values():
            for before, m in zip(figures, figures[1:], strict=False):
                if before.subject and _UP_FROM.search(self.text, max(0, m.start - 12), m.start):
                    m.subject, m.subject_from = before.subject, before.subject_from

    def _of_phrase(self, f: Mention) -> bool:
        """Is ``f`` a length of time of a thing ("nine weeks of talks")? A date
        in its sentence is not about that thing."""
        return f.kind == "duration" and _OF_AFTER.match(self.text, f.end) is not None

    def _respective(
        self, index: int, sent: tuple[int, int], ctx: SentenceContext
    ) -> dict[int, str]:
        """Subjects by position in a "respectively" sentence (``respective``)."""
        figures = self.figures.get(index, [])
        if len(figures) < 2 or not (
            may_hold(self.text, *sent, _RESPECTIVELY_WORD)
            and _RESPECTIVELY.search(self.text, *sent)
        ):
            return {}
        labor = bool(figures) and figures[0].type in self.vocab.join_types
        group = next((g for _, _, g in ctx.groups), None) if labor else None
        return respective_subjects(self.text, sent, figures, self.inventory.within(*sent), group)

    def _time(self, m: Mention, window: Window, para: int) -> None:
        answered = self.answers.get(id(m))
        if answered is not None and answered.time_from == Source.LIST:
            m.time, m.time_from = answered.time, Source.LIST
        elif m.kind != "date":
            m.time, m.time_from = figure_time(
                self.text, m, window, self.dates.get(m.sentence, []),
                self.figures.get(m.sentence, []), self.all_dates,
                self.paras[max(0, para - 1) : para + 1], self.scopes,
            )  # fmt: skip
            if m.type == "union_vote":
                self._tally_time(m)
            if m.time is None and self.lede_time is not None and not window.present:
                m.time, m.time_from = self.lede_time, Source.DOCUMENT
        elif m is self._election or (
            isinstance(m.value, str)
            and len(m.value) >= 7
            and self.rules.vote_words.search(self.text, window.lo, window.hi)
        ):
            # the date of an election ("Date of election: March 12, 2026") times
            # the tallies below it, as a dated tally does
            self._vote_time = (str(m.value), paragraph_of(self.blocks, m.start))

    def _tally_time(self, m: Mention) -> None:
        """A tally block under a dated vote ("The vote was 412 to 268" … then
        "Void ballots .... 6") is that vote's: a vote figure with no time of
        its own takes the last dated vote's, a few paragraphs on at most; one
        before any (the headline's, the lede's) takes the article's election date."""
        block = paragraph_of(self.blocks, m.start)
        if m.time is not None:
            self._vote_time = (m.time, block)
        elif self._vote_time is not None and block - self._vote_time[1] <= _TALLY_PARAGRAPHS:
            m.time, m.time_from = self._vote_time[0], Source.PARAGRAPH
        elif self._vote_time is None and self._election is not None:
            m.time, m.time_from = str(self._election.value), Source.SCOPE

    def _election_date(self) -> Mention | None:
        """The first day stated with an election's words, else the first month:
        a vote is held on a day ("ratified on Jan. 10" over "a strike vote in November")."""
        found = [
            d
            for d in self.all_dates
            if isinstance(d.value, str)
            and len(d.value) >= 7
            and d.sentence < len(self.sents)
            and self.rules.vote_words.search(self.text, *self.sents[d.sentence])
        ]
        days = [d for d in found if len(str(d.value)) == 10]
        chosen = days or found
        return chosen[0] if chosen else None

    def _fallback(self, para_start: int, at: int) -> tuple[Entity, Source] | None:
        """The entity the paragraph is about so far, else the article's."""
        earlier = self.inventory.last_named(para_start, at, _NOT_FALLBACK)
        if earlier is not None:
            return earlier, Source.PARAGRAPH
        return (self.main, self.main_source) if self.main is not None else None


def _headlines(text: str, title: tuple[int, int] | None, paras: list[int]) -> list[tuple[int, int]]:
    """The title, then the heading lines of the article's first paragraphs:
    under a masthead ("THE LOCAL 1416 VOICE") the headline is one of these."""
    stop = paras[_HEAD_PARAGRAPHS] if len(paras) > _HEAD_PARAGRAPHS else len(text)
    lines = [h for h in headings(text, paras) if h[0] < stop and h != title]
    return ([title] if title is not None else []) + lines


_RESPECTIVELY_WORD = ("respectively",)
_HEAD_PARAGRAPHS = 4  # a title, a masthead line, a dateline, the headline


# how many paragraphs (a heading is one) a tally block may stand below its vote
_TALLY_PARAGRAPHS = 4
_UP_FROM = re.compile(r"\b(?:up|down)[ \u00a0]+from[ \u00a0]+$", re.IGNORECASE)
_OF_AFTER = re.compile(r"[ \u00a0]+of[ \u00a0]+[a-z]")
_NOT_FALLBACK = frozenset({EntityKind.NAME, EntityKind.AGENCY, EntityKind.LAW, EntityKind.PLACE})


def _parse_published(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
