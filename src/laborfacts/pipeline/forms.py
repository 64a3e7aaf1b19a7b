"""The forms an article gives its entities, indexed so that a shorter form
finds the longer one it stands for ("Harbor Freight Couriers Inc." …
"Harbor Freight"), its initials or a person's surname."""

from __future__ import annotations

from laborfacts.pipeline.entities import Entity, EntityKind, bare


def initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper())


class Aliases:
    """The forms seen so far, indexed by what a shorter form can share with
    one: its first words, its initials, its last word."""

    def __init__(
        self, firsts: dict[str, int], positions: dict[str, list[int]], union_words: frozenset[str]
    ):
        self.firsts, self.positions, self.union_words = firsts, positions, union_words
        self.by_form: dict[str, Entity] = {}
        self._order: dict[str, int] = {}
        self._prefix: dict[tuple[str, ...], list[str]] = {}
        self._initials: dict[str, list[str]] = {}
        self._last: dict[str, list[str]] = {}

    def add(self, form: str, entity: Entity) -> None:
        words = form.split()
        self._order[form] = len(self._order)
        self.by_form[form] = entity
        for k in range(1, len(words)):
            self._prefix.setdefault(tuple(words[:k]), []).append(form)
        self._initials.setdefault(initials(words), []).append(form)
        self._last.setdefault(words[-1], []).append(form)

    def entity_of(self, form: str) -> Entity | None:
        """The entity a shorter form stands for: a longer form introduced
        before it ("Harbor Freight Couriers Inc." … "Harbor Freight"), its
        initials, or a person's surname. The longer forms are tried in the
        order they were seen."""
        words = form.split()
        found = list(self._prefix.get(tuple(words), ()))
        if form.isupper() and 2 <= len(form) <= 6:
            found += self._initials.get(form, ())
        if len(words) == 1:
            found += self._last.get(words[0], ())
        best: Entity | None = None
        for longer in sorted(set(found), key=self._order.__getitem__):
            entity = self.by_form[longer]
            lw = longer.split()
            if len(lw) <= len(words):
                continue
            # a form used on its own before the longer one is introduced (more
            # than once) is an entity of its own: "Amazon" … "Amazon Flex"
            first_long = self.firsts.get(longer, 0)
            if sum(1 for at in self.positions.get(form, ()) if at < first_long) > 1:
                continue
            extra = {bare(w) for w in lw[len(words) :]}
            if (
                lw[: len(words)] == words
                and extra & self.union_words
                and not (extra & {bare(w) for w in words})
            ):
                continue  # "Amazon" is not the "Amazon Labor Union"
            if lw[: len(words)] == words and all(w.islower() for w in lw[len(words) :]):
                continue  # nor is "Calder Freight" its "Calder Freight hub"
            if lw[: len(words)] == words or (
                form.isupper() and 2 <= len(form) <= 6 and initials(lw) == form
            ):
                if best is None or entity.first < best.first:
                    best = entity
            elif (
                len(words) == 1
                and entity.kind is EntityKind.PERSON
                and lw[-1] == words[0]
                and best is None
            ):
                best = entity
        return best
