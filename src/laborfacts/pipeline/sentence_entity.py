"""Which entity of its own sentence a figure is about: one the figure leads
to ("58% at its Milford plant"), else the nearest usable one before it, else
the first after it; "I" is the speaker. Laws and the places things happen in
are never chosen (``subject_of`` reads the sentence's phrases first)."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from laborfacts.pipeline.entities import Entity, EntityKind, EntityMention, Via
from laborfacts.pipeline.mentions import Mention
from laborfacts.rules import phrase_regex

_FIRST_PERSON = re.compile(
    # the first letter, then the look-behind: the engine skips to those letters
    r"[IMmWwOo](?<![\w’'-][IMmWwOo])"
    r"(?:(?<=I)(?:['’](?:m|ve|d|ll))?|(?<=[Mm])[ye]|(?<=[Ww])e|(?<=[Oo])ur)(?![\w’'-])"
)


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
