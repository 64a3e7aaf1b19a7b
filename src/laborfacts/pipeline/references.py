"""What "the company", "the hub", "it" and "there" refer to: the latest
entity before them that they can stand for, the one their own sentence names
first for a pronoun, else the entity the article is about (``Inventory``
mixes this in)."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from laborfacts.pipeline.entities import (
    ContextVocabulary,
    Entity,
    EntityKind,
    EntityMention,
    Via,
    bare,
)
from laborfacts.pipeline.kinds import owner_of


@lru_cache(maxsize=8)
def _reference_pattern(heads: tuple[str, ...]) -> re.Pattern[str]:
    """ "the company", "its plant": a determiner and one of the head words the
    vocabulary resolves (only those, so the scan skips every other "the")."""
    return re.compile(
        r"[TtIiOo](?<!\w[TtIiOo])(?:(?<=[Tt])(?:he|heir|his|hat)|(?<=[Ii])ts|(?<=[Oo])ur)[ \u00a0]+"
        # possessive: a modifier read is never given back to be the head itself
        r"(?:(?:new|main|local|same|whole|entire|nonprofit|federal|company['’]s)[ \u00a0]+)?+"
        r"(?:[\d.,]+-[a-z]+[ \u00a0]+)?+"  # "the 420-bed hospital"
        r"(?P<head>" + "|".join(sorted(heads, key=lambda h: (-len(h), h))) + r")\b"
    )


_PRONOUN = re.compile(r"[IiTt](?<![\w’'-][IiTt])(?:(?<=[Ii])ts?|(?<=[Tt])here)(?![\w’'-])")
# the end of a sentence or of a line between a name and a reference to it
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’)]*[ \u00a0]+[A-Z\"“]|\n")


class References:
    """Reference resolution over an article's named mentions."""

    text: str
    vocab: ContextVocabulary
    entities: list[Entity]
    main_so_far: Entity | None

    def _references(
        self, named: list[EntityMention], vocab: ContextVocabulary
    ) -> list[EntityMention]:
        """Definite descriptions and "it"/"there", resolved to the latest
        entity before them that they can refer to."""
        out: list[EntityMention] = []
        starts = [m.start for m in named]
        # where the main entity is first named: it can be meant only after
        main = self.main_so_far
        main_at = next((m.start for m in named if m.entity is main), None)
        for rm in _reference_pattern(tuple(sorted(vocab.references))).finditer(self.text):
            head = rm.group("head")
            kinds = vocab.references[head]
            i = bisect_left(starts, rm.start())
            target = self._latest(named[max(0, i - 40) : i], head, kinds, main_at, rm.start())
            if target is not None:
                out.append(EntityMention(rm.start(), rm.end(), target, False, Via.REFERENCE))
        for pm in _PRONOUN.finditer(self.text):
            i = bisect_left(starts, pm.start())
            if not i or pm.start() - starts[i - 1] >= 600:
                continue  # no entity named close enough before
            kinds = (
                (EntityKind.FACILITY,)
                if pm.group().lower() == "there"
                else (EntityKind.ORG, EntityKind.FACILITY, EntityKind.UNION)
            )
            # "it" and "there" stand for named entities only, never for "a plant"
            recent = [e for e in named[max(0, i - 40) : i] if not e.entity.name[:1].islower()]
            target = self._latest(recent, "", kinds, main_at, pm.start())
            if target is not None:
                poss = pm.group().lower() == "its"
                out.append(EntityMention(pm.start(), pm.end(), target, poss, Via.REFERENCE))
        return out

    def _latest(
        self,
        recent: list[EntityMention],
        head: str,
        kinds: tuple[EntityKind, ...],
        main_at: int | None,
        at: int,
    ) -> Entity | None:
        """The entity a reference at ``at`` stands for, from the (up to 40)
        named mentions just before it."""
        # one its own sentence names before it is meant first ("Goldhaven
        # Produce, one of the largest growers, says it will …")
        own = None if head else self._in_sentence(recent, kinds, at)
        if own is not None:
            return own
        # the entity the article is about, when it can be meant, wins
        main = self.main_so_far
        if main is not None and main_at is not None and main_at < at:
            if main.kind in kinds or (head and bare(main.name.split()[-1]) == head):
                return main
            owner = owner_of(main, self.entities) if EntityKind.ORG in kinds else None
            if owner is not None:
                return owner  # "the company" of an article about its hub
        before = recent
        # a form ending in the head word itself ("the hub" → "… Olive Branch hub")
        if head:
            for m in reversed(before):
                if bare(m.entity.name.split()[-1]) == head:
                    return m.entity
        facility = head in self.vocab.facility_words
        for m in reversed(before):
            kind = m.entity.kind
            if kind is EntityKind.NAME and EntityKind.ORG in kinds and m.entity.count >= 2:
                kind = EntityKind.ORG  # a name the article repeats, called "the company"
            if facility and kind is EntityKind.ORG:
                return self._facility(m.entity, head)
            if kind in kinds or (
                EntityKind.ORG in kinds and kind is EntityKind.UNION and head == ""
            ):
                if facility and kind is not EntityKind.FACILITY:
                    return self._facility(m.entity, head)
                return m.entity
        return None

    def _in_sentence(
        self, recent: list[EntityMention], kinds: tuple[EntityKind, ...], at: int
    ) -> Entity | None:
        """The first entity of a fitting kind named earlier in the same
        sentence: its subject, mostly, which a pronoun goes back to."""
        found = None
        for m in reversed(recent):
            # from the name's last character (a name may end in its sentence's
            # full stop) to the reference's first: "… Postal Service. It paid"
            if _SENTENCE_BREAK.search(self.text, m.end - 1, at + 1) is not None:
                break
            if m.via is Via.NAME and not m.possessive and m.entity.kind in kinds:
                found = m.entity
        return found

    def _facility(self, org: Entity, head: str) -> Entity:
        """ "the hub" of a company no facility of which is named: "<company> hub"."""
        name = " ".join(f"{org.short} {head}".split()[:5])
        for entity in self.entities:
            if entity.name == name:
                return entity
        entity = Entity(name=name, kind=EntityKind.FACILITY, first=len(self.text), short=name)
        entity.forms.add(name)
        self.entities.append(entity)
        return entity
