"""What kind of entity a name is: from its own words (a law, a street, a
union, a facility, an agency, an organisation, a person), and, for a name of
no known kind, from where the article writes it ("in Reno": a place)."""

from __future__ import annotations

import re

from laborfacts.pipeline.entities import (
    ContextVocabulary,
    Entity,
    EntityKind,
    EntityMention,
    bare,
    given_name,
    is_common,
)

_WORD_BEFORE = re.compile(r"\b([A-Za-z]+)[ \u00a0]+$")


# the kinds of the names met so far, for one vocabulary: an article repeats its
# names, and a corpus its organisations
_KNOWN: tuple[ContextVocabulary, dict[str, EntityKind]] | None = None
_KNOWN_MAX = 50_000  # names kept, at most; then the cache starts anew


def kind_of(name: str, vocab: ContextVocabulary) -> EntityKind:
    """``entity_kind`` of the words of ``name``, computed once per name."""
    global _KNOWN
    if _KNOWN is None or _KNOWN[0] is not vocab or len(_KNOWN[1]) >= _KNOWN_MAX:
        _KNOWN = (vocab, {})
    kinds = _KNOWN[1]
    kind = kinds.get(name)
    if kind is None:
        kind = kinds[name] = entity_kind(name.split(), vocab)
    return kind


def entity_kind(words: list[str], vocab: ContextVocabulary) -> EntityKind:
    low = [bare(w) for w in words]
    last = low[-1]
    if last in vocab.law_words:
        return EntityKind.LAW
    if last in vocab.place_words:
        return EntityKind.PLACE
    org = not vocab.org_words.isdisjoint(low)
    if org and not vocab.union_words.isdisjoint(low):
        if last in vocab.union_words or "union" in low or "guild" in low or "local" in low:
            return EntityKind.UNION
    if last in vocab.facility_words and len(low) > 1:
        return EntityKind.FACILITY
    if not vocab.agency_words.isdisjoint(low):
        return EntityKind.AGENCY
    if org or (len(words) == 1 and words[0].isupper()):
        return EntityKind.ORG
    if 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words):
        # no first name and an ordinary last word: a place or a firm ("Wirra
        # Creek", "Caldbeck Components"), unless the article writes it as a
        # person's (``Inventory._people_by_cue``)
        if not given_name(words[0]) and is_common(words[-1], vocab.surname_zipf):
            return EntityKind.NAME
        return EntityKind.PERSON
    return EntityKind.NAME


def mark_places(
    text: str, mentions: list[EntityMention], entities: list[Entity], prepositions: frozenset[str]
) -> None:
    """A name of no known kind that the article writes only after "in",
    "near" and the like ("workers in Reno") is a place."""
    where: dict[int, bool] = {}
    for m in mentions:
        if m.entity.kind is EntityKind.NAME:
            before = _WORD_BEFORE.search(text, max(0, m.start - 16), m.start)
            after_prep = before is not None and before.group(1).lower() in prepositions
            where[id(m.entity)] = where.get(id(m.entity), True) and after_prep
    for entity in entities:
        if where.get(id(entity)):
            entity.kind = EntityKind.PLACE


def owner_of(facility: Entity, entities: list[Entity]) -> Entity | None:
    """The organisation a facility is named after ("Delta Parcel Express
    hub" → Delta Parcel Express), when the article names it."""
    if facility.kind is not EntityKind.FACILITY:
        return None
    for entity in entities:
        if entity.kind is EntityKind.ORG and facility.name.startswith(entity.short + " "):
            return entity
    return None
