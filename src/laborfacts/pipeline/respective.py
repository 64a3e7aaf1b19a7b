"""Subjects by position: "Drivers at Halden Parcel and Mirro Freight earn $24
and $27 an hour, respectively" pairs each figure with the name in the same
place of the list before it (and the group of people the sentence names)."""

from __future__ import annotations

import re

from laborfacts.pipeline.discourse import _RESPECTIVELY
from laborfacts.pipeline.entities import Entity, EntityKind, EntityMention
from laborfacts.pipeline.mentions import Mention
from laborfacts.pipeline.subject_of import join_group

# how a list of names is joined: "A, B and C", "A and B"
_LIST_JOINT = re.compile(
    r",[ \u00a0]+(?:and[ \u00a0]+|or[ \u00a0]+)?|[ \u00a0]+(?:and|or)[ \u00a0]+"
)


def _pieces(text: str, ents: list[EntityMention], before: int) -> list[str]:
    """The names listed before ``before``: each entity mention, and each
    entity whose one name is a list of names ("Halden Parcel and Mirro
    Freight"), split at its joints."""
    out: list[str] = []
    for e in ents:
        if e.end > before or e.entity.kind in (EntityKind.PLACE, EntityKind.LAW):
            continue
        parts = [p for p in _LIST_JOINT.split(text[e.start : e.end]) if p]
        out.extend(parts if all(p[:1].isupper() for p in parts) else [e.entity.name])
    return out


def respective_subjects(
    text: str,
    sent: tuple[int, int],
    figures: list[Mention],
    ents: list[EntityMention],
    group: str | None,
) -> dict[int, str]:
    """id(figure) → its subject, for a sentence that ends a list of figures
    with "respectively" and names as many entities before them; else {}."""
    if not _RESPECTIVELY.search(text, *sent):
        return {}
    listed = [m for m in figures if m.kind != "date"]
    if len(listed) < 2 or len({m.kind for m in listed}) != 1:
        return {}
    names = _pieces(text, ents, listed[0].start)
    if len(names) != len(listed):
        return {}
    out = {}
    for m, name in zip(listed, names, strict=True):
        subject = name
        if group:
            entity = Entity(name, EntityKind.ORG, 0, name, 1, {name})
            subject = join_group(entity, group.lower())
        out[id(m)] = subject
    return out
