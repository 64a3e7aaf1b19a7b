"""Who a figure is about: the entity of its sentence, joined with the group of
people the sentence names ("St. Brendan nurses"); else the paragraph's or the
article's entity (see ``discourse`` for the scope stack)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from functools import lru_cache

from laborfacts.pipeline.discourse import Source
from laborfacts.pipeline.entities import (
    ContextVocabulary,
    Entity,
    EntityKind,
    EntityMention,
    Via,
)
from laborfacts.pipeline.groups import ArticleGroups, Group
from laborfacts.pipeline.inventory import Inventory
from laborfacts.pipeline.mentions import Mention
from laborfacts.rules import phrase_regex

_FIRST_PERSON = re.compile(
    # the first letter, then the look-behind: the engine skips to those letters
    r"[IMmWwOo](?<![\w’'-][IMmWwOo])"
    r"(?:(?<=I)(?:['’](?:m|ve|d|ll))?|(?<=[Mm])[ye]|(?<=[Ww])e|(?<=[Oo])ur)(?![\w’'-])"
)


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


def speaker(ents: list[EntityMention], main_person: Entity | None) -> Entity | None:
    """Who says "I": a person the sentence attributes it to, else the article's
    main person (an interview)."""
    people = [e for e in ents if e.entity.kind is EntityKind.PERSON]
    return people[-1].entity if people else main_person


def usable_entities(ents: list[EntityMention], text: str) -> list[EntityMention]:
    """The entities of a sentence a figure in it can be about: no law, no
    place it happens in; no agency when anything else is named (an agency
    that reports or rules on a figure is seldom what it is about)."""
    usable = [
        e for e in ents
        if e.entity.kind not in _NEVER and not _place(text, e)
    ]  # fmt: skip
    if any(e.entity.kind is not EntityKind.AGENCY for e in usable):
        usable = [e for e in usable if e.entity.kind is not EntityKind.AGENCY]
    return usable


def pick_entity(
    m: Mention,
    ents: list[EntityMention],
    usable: list[EntityMention],
    first_person: tuple[int, int] | None,
    main_person: Entity | None,
    text: str,
    prepositions: tuple[str, ...],
) -> EntityMention | None:
    """The entity of the figure's own sentence: one the figure leads to ("58%
    at its Milford plant"), else the nearest usable one before it (a
    possessive only when nothing else precedes), else the first after it;
    "I" before the figure (``first_person``, the last such word between the
    sentence's start and the figure) is the speaker."""
    led = _led_to(m, usable, text, prepositions)
    if led is not None:
        return led
    before = [e for e in usable if e.end <= m.start]
    if m.type == "duration":
        # a length of time in a sentence about a person is mostly theirs (tenure, hours)
        people = [e for e in before if e.entity.kind is EntityKind.PERSON]
        if people:
            before = people
    plain = [e for e in before if not e.possessive]
    if plain:
        chosen: EntityMention | None = plain[-1]
    elif before:
        chosen = before[-1]
    else:
        after = [e for e in usable if e.start >= m.end]
        chosen = after[0] if after else None
    fp = first_person
    if fp is not None and (chosen is None or chosen.end <= fp[0] or chosen.start >= m.end):
        who = speaker(ents, main_person)
        if who is not None:
            return EntityMention(fp[0], fp[1], who, False, Via.REFERENCE)
    return chosen


@lru_cache(maxsize=8)
def _leading(prepositions: tuple[str, ...]) -> re.Pattern[str]:
    """What may stand between a figure and the entity it leads to: a
    preposition and a determiner ("at its", "in the")."""
    return re.compile(
        rf"[ \u00a0]+(?:{phrase_regex(prepositions)})[ \u00a0]+"
        r"(?:(?:the|its|their|his|her|our|a|an)[ \u00a0]+)?"
    )


def _led_to(
    m: Mention, usable: list[EntityMention], text: str, prepositions: tuple[str, ...]
) -> EntityMention | None:
    """The entity right after the figure and a preposition ("40% in the
    Bakers Guild ballot and 31% in the Drivers Alliance ballot")."""
    if not prepositions:
        return None
    # "its" before a name ("at its Milford plant") is a determiner, not the entity
    after = next(
        (e for e in usable if e.start >= m.end and not (e.via is Via.REFERENCE and e.possessive)),
        None,
    )
    if after is None or after.start - m.end > 24:
        return None
    if _leading(prepositions).fullmatch(text, m.end, after.start) is None:
        return None
    return after


class FirstPerson:
    """Where the article says "I", "we", "our": found once, looked up per figure."""

    def __init__(self, text: str):
        self.spans = [(fm.start(), fm.end()) for fm in _FIRST_PERSON.finditer(text)]
        self.ends = [e for _, e in self.spans]

    def last(self, lo: int, at: int) -> tuple[int, int] | None:
        """The last such word inside [lo, at)."""
        i = bisect_right(self.ends, at)
        if i and self.spans[i - 1][0] >= lo:
            return self.spans[i - 1]
        return None


_NEVER = frozenset({EntityKind.LAW, EntityKind.PLACE})
_PLACE_OR_FROM = re.compile(r"\b(?:in|near|outside|across|off|from)[ \u00a0]+$", re.IGNORECASE)


def _place(text: str, e: EntityMention) -> bool:
    if e.via is Via.REFERENCE or e.entity.kind in (EntityKind.ORG, EntityKind.UNION):
        return False
    return _PLACE_OR_FROM.search(text, max(0, e.start - 8), e.start) is not None


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
) -> tuple[str | None, Source | None]:
    """Who the figure is about, and where that was read: the entity of its
    sentence (see ``discourse.pick_entity``), joined with the group of people
    the sentence names for labor figures (or, for pay and the like, the
    group the article is mostly about); else the paragraph's or article's."""
    if m.kind == "date":
        event = event_before(text, ctx.lo, m.start, vocab.event_nouns)
        if event is not None:
            return event, Source.SENTENCE
    chosen = pick_entity(
        m, ents, usable, first_person, main_person, text, vocab.figure_prepositions
    )
    labor = m.type in vocab.join_types
    group = _nearest_group(m, ctx.groups, text) if labor else None
    if labor and group is None and m.type in vocab.group_types:
        group = doc_group
    if chosen is not None and chosen.entity.kind is EntityKind.AGENCY and fallback is not None:
        chosen = None  # a figure the agency reports is about the article's entity
    if chosen is not None:
        source = Source.REFERENCE if chosen.via is Via.REFERENCE else Source.SENTENCE
        if group:
            return join_group(chosen.entity, group), source
        return chosen.entity.name, source
    if group:
        if fallback is not None and not group[:1].isupper():
            return join_group(fallback[0], group), Source.SENTENCE
        return group, Source.SENTENCE
    if fallback is not None:
        return fallback[0].name, fallback[1]
    return None, None


def main_group(groups: ArticleGroups, title: tuple[int, int] | None = None) -> str | None:
    """The group of workers the article mentions most ("nurses"), by its noun;
    a group its title names counts three times (the headline says who the
    story is about: "Dockworkers ratify deal")."""
    counts: Counter[str] = Counter()
    for start, _, group in groups.all():
        noun = group.split()[-1].lower()
        if noun not in _GENERIC_GROUPS:
            counts[noun] += 3 if title is not None and title[0] <= start < title[1] else 1
    top = counts.most_common(1)
    return top[0][0] if top and top[0][1] >= 3 else None


_GENERIC_GROUPS = frozenset({"workers", "worker", "employees", "employee", "staff", "members"})


def _lede(
    text: str, sents: list[tuple[int, int]], title: str | None = None
) -> tuple[int, int] | None:
    """The first sentence of the body: the first of a dozen words or more
    after the title (a long headline is no lede)."""
    at = text.find(title) if title else -1
    body = at + len(title) if title and at >= 0 else 0
    for lo, hi in [s for s in sents if s[0] >= body][:8]:
        if len(text[lo:hi].split()) >= 12:
            return lo, hi
    return None


def document_subject(
    text: str,
    sents: list[tuple[int, int]],
    inventory: Inventory,
    title: str | None,
    head_end: int,
) -> tuple[Entity | None, Source, Entity | None]:
    """What the article as a whole is about, where it says so, and its main
    person: the main organisation; a person its lede opens with when the lede
    names no organisation (a profile, an interview)."""
    main = inventory.main(head_end)
    lede = _lede(text, sents, title)
    person = inventory.main_person(lede)
    in_title = main is not None and bool(title) and main.short in (title or "")
    if lede is not None and person is not None:
        lede_entities = {id(m.entity) for m in inventory.within(*lede)}
        if id(person) in lede_entities and (main is None or id(main) not in lede_entities):
            return person, Source.DOCUMENT, person
    if main is None:
        return None, Source.DOCUMENT, person
    return main, Source.TITLE if in_title else Source.DOCUMENT, person


def title_case(line: str) -> bool:
    """Does a headline capitalise (nearly) every word?"""
    words = [w for w in line.split() if w[:1].isalpha() and len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)
