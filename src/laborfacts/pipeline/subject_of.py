"""Who a figure is about: the entity of its sentence, joined with the group of
people the sentence names ("St. Brendan nurses"); else the paragraph's or the
article's entity (see ``discourse`` for the scope stack)."""

from __future__ import annotations

import re
from dataclasses import replace

from laborfacts.pipeline.clauses import RELATIVE, ClauseSubject, clause_subject
from laborfacts.pipeline.discourse import Source
from laborfacts.pipeline.entities import (
    ContextVocabulary,
    Entity,
    EntityKind,
    EntityMention,
    Via,
    written_lower,
)
from laborfacts.pipeline.groups import ArticleGroups, Group
from laborfacts.pipeline.mentions import Mention
from laborfacts.pipeline.phrases import benchmark, bracketed, counted_group, fronted, share_of
from laborfacts.pipeline.sentence_entity import (
    _NEVER,
    pick_entity,
)


def join_group(entity: Entity, group: str) -> str:
    """ "St. Brendan" + "nurses" → "St. Brendan nurses", at most five words."""
    if entity.kind is EntityKind.UNION and group.split()[-1].lower() == "members":
        return entity.name  # a union's members are the union
    if entity.kind is EntityKind.GROUP and group.lower() in entity.name.lower():
        return entity.name  # the headline's "Vancouver dockworkers" are these dockworkers
    if group[:1].isupper() or entity.short.split()[-1].lower() in group.lower():
        return " ".join(group.split()[-5:])
    if entity.kind is EntityKind.PERSON:
        return entity.name
    words = group.split()
    short = entity.short.split()
    while len(short) + len(words) > 5 and len(words) > 1:
        words = words[1:]  # drop the group's modifiers first
    return " ".join((short + words)[:5])


# up to five lower-case words (no punctuation) between a word and a date
_WORDS_BEFORE_DATE = re.compile(r"(?<![A-Za-z])([A-Za-z]+)((?:[ \u00a0]+[a-z]+){0,5})[ \u00a0]+$")


def event_before(text: str, lo: int, at: int, nouns: frozenset[str]) -> str | None:
    """The event a date belongs to, when one of ``nouns`` opens the few words
    before it: "the agency contract will expire Nov. 22" → "contract"."""
    if not nouns:
        return None
    window = text[max(lo, at - 60) : at]
    wm = _WORDS_BEFORE_DATE.search(window)
    if wm is None:
        return None
    words = [wm.group(1), *wm.group(2).split()]
    for w in reversed(words):
        low = w.lower()
        if low in nouns or (low.endswith("s") and low[:-1] in nouns):
            return low
    return None


_CLAUSE_BREAK = frozenset(",;:()—–")


def _nearest_group(m: Mention, groups: list[tuple[int, int, str]], text: str) -> str | None:
    """The group of people nearest the figure, one in its own clause first
    ("for government workers the rate stood at 32.5%, and for private-sector
    workers …": the government workers')."""
    best: tuple[int, str] | None = None
    for g_start, g_end, group in groups:
        lo, hi = (g_end, m.start) if g_end <= m.start else (m.end, g_start)
        d = max(0, hi - lo)
        if any(ch in _CLAUSE_BREAK for ch in text[lo:hi]):
            d += 10_000  # across a comma or a dash: another clause's group
        if best is None or d < best[0]:
            best = (d, group)
    return best[1] if best else None


class SentenceContext:
    """The groups of people of one sentence (or of the window around a figure
    in a very long one), found when a labor figure first asks and shared by
    every figure in it."""

    def __init__(self, groups: ArticleGroups, lo: int, hi: int):
        self._article, self.lo, self._hi = groups, lo, hi
        self._groups: list[Group] | None = None

    @property
    def groups(self) -> list[Group]:
        if self._groups is None:
            self._groups = self._article.within(self.lo, self._hi)
        return self._groups


def _own_words(m: Mention, text: str, lo: int, vocab: ContextVocabulary, own: bool) -> str | None:
    """Words of the figure's sentence that say whose it is before any entity:
    "Among drivers, …", "the federal minimum wage of $7.25", "400 U.S. workers"."""
    found = bracketed(text, m, lo, vocab) or fronted(text, m, lo, vocab)
    found = found or benchmark(text, m, lo, vocab)
    if found is None and not own:
        found = counted_group(text, m)
    return found


def _from_clause(
    m: Mention,
    text: str,
    lo: int,
    ents: list[EntityMention],
    vocab: ContextVocabulary,
    lower: set[str],
) -> tuple[EntityMention | None, str | None]:
    """The entity the figure's clause is about, and the subject the clause
    gives outright ("trailers hit 121 degrees"; "members at Hendricks Axle
    ratified …" → "Hendricks members"), if any."""
    # a one-word hedge is the clause's verb: "the heat index passes 100 degrees"
    hedge = text[m.start : m.core_start].strip()
    at = m.core_start if m.start < m.core_start and hedge.isalpha() else m.start
    clause = clause_subject(text, lo, at, vocab.clause, m.kind == "date")
    if clause is None and m.unit == "percent":
        clause = _appositive_clause(text, lo, at, vocab)
    if clause is None:
        return None, None
    named = next(
        (e for e in ents
         if e.start < clause.np_end and e.end > clause.np_start
         and e.entity.kind not in _NEVER and not _modifier(e, clause)),
        None,
    )  # fmt: skip
    if named is None and m.unit == "percent" and _all_place(clause, ents, vocab):
        return None, clause.phrase  # a state's or a city's rate is the place's
    if named is None and not _unknown_name(clause, text, lo, ents, vocab, lower):
        head = clause.phrase.split()[-1].lower().strip(".,’'")
        if m.kind == "date" and not any(
            head in words
            for words in (
                vocab.group_nouns,
                vocab.event_nouns,
                vocab.fieldwork_nouns,
                vocab.person_titles,
            )
        ):
            return None, None  # a date is someone's or an event's: not "Signing"'s
        return None, clause.phrase
    head = clause.phrase.split()[-1].lower()
    if named is not None and head in vocab.group_nouns and clause.start < named.start:
        entity = named.entity
        if entity.kind is EntityKind.PERSON and _AT_NAME.search(text, clause.end, named.start):
            # "Workers at Hollis Orchards are bused …": no one works at a person
            entity = replace(entity, kind=EntityKind.ORG)
        return named, join_group(entity, clause.phrase.lower())
    return named, None


_POSSESSIVE_BEFORE = re.compile(r"\b(?:its|their|his|her|our|my)[ \u00a0]+$", re.IGNORECASE)
_AT_NAME = re.compile(r"[ \u00a0]+at[ \u00a0]+(?:the[ \u00a0]+)?$")


def find_subject(
    m: Mention,
    ctx: SentenceContext,
    ents: list[EntityMention],
    usable: list[EntityMention],
    first_person: tuple[int, int] | None,
    fallback: tuple[Entity, Source] | None,
    text: str,
    main_person: Entity | None,
    doc_group: str | None,
    vocab: ContextVocabulary,
    lower: set[str],
) -> tuple[str | None, Source | None]:
    """Who the figure is about, and where that was read: the entity of its
    sentence (see ``sentence_entity.pick_entity``), joined with the group of people
    the sentence names for labor figures (or, for pay and the like, the
    group the article is mostly about); else the paragraph's or article's."""
    # a name inside the figure's own phrase ("340,000 UPS workers") is its
    # subject before the clause's
    own = any(m.end <= e.start <= m.end + 1 for e in usable)
    phrase = _own_words(m, text, ctx.lo, vocab, own)
    if phrase is not None:
        return phrase, Source.SENTENCE
    named, read = (None, None) if own else _from_clause(m, text, ctx.lo, ents, vocab, lower)
    if read is not None:
        return read, Source.SENTENCE
    if m.kind == "date" and named is None:
        event = event_before(text, ctx.lo, m.start, vocab.event_nouns)
        if event is not None:
            return event, Source.SENTENCE
    share = share_of(text, m, vocab)
    if share is not None and m.kind in ("measure", "duration") and not named:
        # "1.1 million tonnes of grain exports", "14 weeks of bargaining";
        # not "its 27 years of operation": the possessor's
        if not _POSSESSIVE_BEFORE.search(text, max(0, m.start - 8), m.start):
            return share[0], Source.SENTENCE
    shared = None if named or share is None else share_group(text, share, usable)
    if shared is not None:
        return shared, Source.SENTENCE
    outside = [e for e in usable if not _in_relative_aside(text, e, ctx.lo, m.start)]
    chosen = named or pick_entity(
        m, ents, outside, first_person, main_person, text, vocab.figure_prepositions
    )
    labor = m.type in vocab.join_types
    groups = [g for g in ctx.groups if not _in_relative_aside(text, g, ctx.lo, m.start)]
    group = _nearest_group(m, groups, text) if labor else None
    if labor and group is None and m.type in vocab.group_types:
        group = doc_group
    if (
        chosen is not None
        and chosen.entity.kind is EntityKind.AGENCY
        and fallback is not None
        and not (named is chosen and m.kind == "date")
    ):
        chosen = None  # a figure the agency reports is about the article's entity
    return _settle(m, chosen, group, share, fallback)


def _settle(
    m: Mention,
    chosen: EntityMention | None,
    group: str | None,
    share: tuple[str, int, bool] | None,
    fallback: tuple[Entity, Source] | None,
) -> tuple[str | None, Source | None]:
    """The subject from the entity chosen and the group of people found:
    joined ("St. Brendan nurses"), else either, else the share's population,
    else the paragraph's or article's entity."""
    if chosen is not None:
        source = Source.REFERENCE if chosen.via is Via.REFERENCE else Source.SENTENCE
        if m.type == "union_membership" and chosen.entity.kind is EntityKind.UNION:
            return chosen.entity.name, source  # a union's members and density are the union's
        if group:
            return join_group(chosen.entity, group), source
        return chosen.entity.name, source
    if group:
        if fallback is not None and not group[:1].isupper():
            return join_group(fallback[0], group), Source.SENTENCE
        return group, Source.SENTENCE
    if share is not None:
        return share[0], Source.SENTENCE  # "about 40% of respondents said …"
    if fallback is not None:
        return fallback[0].name, fallback[1]
    return None, None


# "62% of drivers at Kessler": the entity the share's group works at
_OF_LEAD = re.compile(r"[ \u00a0]+(?:at|in|of|for)[ \u00a0]+(?:the[ \u00a0]+)?$")


def share_group(text: str, share: tuple[str, int, bool], usable: list[EntityMention]) -> str | None:
    """A share of a group of people (``_share_of``): "62% of Kessler drivers"
    as written, "a third of nurses at St. Agnes Hospital" joined with its entity."""
    if not share[2]:
        return None
    phrase, end, _ = share
    if any(w[:1].isupper() for w in phrase.split()):
        return phrase
    for e in usable:
        if e.start >= end and _OF_LEAD.fullmatch(text, end, e.start):
            return join_group(e.entity, phrase)
    return None


_RELATIVE_OPEN = re.compile(r",[ \u00a0]*" + RELATIVE, re.IGNORECASE)
_ASIDE_END = re.compile(r"[^,;:]*,")


def _in_relative_aside(
    text: str, e: EntityMention | tuple[int, int, str], lo: int, at: int
) -> bool:
    """Does an entity or group stand in a relative clause closed before ``at``
    ("its drivers, who are members of Teamsters Local 413, earn …")?"""
    start, end = (e.start, e.end) if isinstance(e, EntityMention) else (e[0], e[1])
    if end > at:
        return False
    return bool(
        _RELATIVE_OPEN.search(text, max(lo, start - 80), start) and _ASIDE_END.match(text, end, at)
    )


def _modifier(e: EntityMention, clause: ClauseSubject) -> bool:
    """Does the entity only qualify the subject's head ("the agency contract")?"""
    head_start = clause.end - len(clause.phrase.split()[-1])
    return clause.np_start - 4 <= e.start and e.end <= head_start and not e.possessive


def _appositive_clause(
    text: str, lo: int, at: int, vocab: ContextVocabulary
) -> ClauseSubject | None:
    """The subject of the clause a share is set after ("Michigan had the
    highest rate among the states, 13.4 percent"): the words before the
    clause's auxiliary verb."""
    comma = _APPOSITIVE.search(text, max(lo, at - 4), at)
    if comma is None:
        return None
    # only the clause that ends at the comma: not "…, and Indiana the lowest, 7.6 percent"
    start = max(lo, comma.start() - 120, text.rfind(",", lo, comma.start()) + 1)
    for wm in _WORD_IN.finditer(text, start, comma.start()):
        if wm.group().lower() in vocab.clause.auxiliaries:
            return clause_subject(text, lo, wm.end() + 1, vocab.clause)
    # no verb: "…, and Indiana the lowest, 7.6 percent" shares the verb before
    em = _ELLIPTIC_PLACE.match(text, start, comma.start())
    if em is not None and em.group("place") in vocab.known_places:
        s, e = em.span("place")
        return ClauseSubject(s, e, em.group("place"), s, e)
    return None


_APPOSITIVE = re.compile(r",[ \u00a0]+$")
_ELLIPTIC_PLACE = re.compile(
    r"[ \u00a0]*(?:and|while|but)[ \u00a0]+(?P<place>[A-Z][a-z]+)[ \u00a0]+the\b"
)
_WORD_IN = re.compile(r"[A-Za-z’']+")


def _all_place(clause: ClauseSubject, ents: list[EntityMention], vocab: ContextVocabulary) -> bool:
    """Is the clause's subject a place and nothing else ("Michigan")?"""
    words = clause.phrase.split()
    if all(w.rstrip(".") in vocab.known_places for w in words):
        return True
    return any(
        e.start <= clause.start and e.end >= clause.end and e.entity.kind is EntityKind.PLACE
        for e in ents
    )


def _unknown_name(
    clause: ClauseSubject,
    text: str,
    lo: int,
    ents: list[EntityMention],
    vocab: ContextVocabulary,
    lower: set[str],
) -> bool:
    """Is the clause's subject a name that is no entity: a place, or one the
    inventory did not take? Not a word that is capitalised only because it
    opens the sentence ("Pickers on the outbound side walk …", "Railways
    parked …"): the inventory read it as an ordinary word."""
    words = clause.phrase.split()
    if not all(w[:1].isupper() for w in words):
        return False
    if any(w.rstrip(".") in vocab.known_places for w in words):
        return True
    if any(e.start < clause.end and e.end > clause.start and e.entity.kind in _NEVER for e in ents):
        return True  # a place, a law: named, and never a subject
    if len(words) > 1:
        return True
    if not text[lo : clause.start].strip(" \u00a0\"“‘'"):
        return False
    return not written_lower(words[0].lower(), lower)  # the article writes it in lower case
