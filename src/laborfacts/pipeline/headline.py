"""What the article as a whole is about: the group of workers its headline
opens with, the group it mentions most, its main organisation or the person
a profile opens with. A figure that names no one falls back on these."""

from __future__ import annotations

import re
from collections import Counter

from laborfacts.pipeline.discourse import Source
from laborfacts.pipeline.entities import Entity, EntityKind, Via
from laborfacts.pipeline.groups import ArticleGroups
from laborfacts.pipeline.inventory import Inventory
from laborfacts.pipeline.subject_of import join_group


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


_TITLE_OPENING = re.compile(r"(?:^|[:—–|]\s*)[\"'‘“]?\s*$")
_NEXT_LOWER = re.compile(r"[ \u00a0]+([a-z][a-z'’-]*)")


def title_group(
    text: str, title: tuple[int, int] | None, groups: ArticleGroups, main: Entity | None
) -> Entity | None:
    """The group of workers a headline opens with ("Dockworkers ratify deal",
    "WE WON IT: Members ratify …"): the article is theirs, so a figure that
    names no one takes them ("Hendricks members"), with the article's main
    organisation when the headline gives the group no name of its own."""
    if title is None:
        return None
    lo, hi = title
    for start, end, group in groups.within(lo, hi):
        if _TITLE_OPENING.search(text, lo, start) is None:
            continue
        if _NEXT_LOWER.match(text, end, hi) is None:
            return None  # no verb after it: a label, not the headline's subject
        words = group.split()
        named = [w for w in words[:-1] if w[:1].isupper()]
        if named:
            return Entity(group, EntityKind.GROUP, start, " ".join(named), 1, {group})
        if main is None:
            return None
        name = join_group(main, group.lower())
        return Entity(name, EntityKind.GROUP, start, main.short, 1, {name})
    return None


def lede_span(
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
    lede = lede_span(text, sents, title)
    person = inventory.main_person(lede)
    if person is None and lede is not None:
        # a standfirst before it: the person the next long sentence opens with
        # ("Jolene Marsh, 34, has picked orders …" under an interview's headline)
        later = [(lo, hi) for lo, hi in sents if lo >= lede[1] and len(text[lo:hi].split()) >= 12]
        for span in later[:1]:
            first = [m for m in inventory.within(*span) if m.via is Via.NAME]
            if first and first[0].start == span[0] and first[0].entity.kind is EntityKind.PERSON:
                person = first[0].entity
    in_title = main is not None and bool(title) and main.short in (title or "")
    if lede is not None and person is not None:
        lede_entities = {id(m.entity) for m in inventory.within(*lede)}
        if id(person) in lede_entities and (main is None or id(main) not in lede_entities):
            return person, Source.DOCUMENT, person
    if main is None:
        return _study(text, sents, lede, inventory.vocab.study_nouns), Source.DOCUMENT, person
    return main, Source.TITLE if in_title else Source.DOCUMENT, person


def _study(
    text: str, sents: list[tuple[int, int]], lede: tuple[int, int] | None, nouns: frozenset[str]
) -> Entity | None:
    """The survey or study the opening reports on, when it names no
    organisation the article is about ("We report results from a survey of
    1,146 workers"): the figures are the survey's. The opening runs to the
    end of the first two sentences of a dozen words from the lede on (a
    paper's lede may be its authors' affiliations)."""
    if lede is None or not nouns:
        return None
    long = [hi for lo, hi in sents if lo >= lede[0] and len(text[lo:hi].split()) >= 12]
    for wm in _WORD.finditer(text, 0, long[min(1, len(long) - 1)]):
        if wm.group().lower() in nouns:
            noun = wm.group().lower()
            return Entity(noun, EntityKind.NAME, wm.start(), noun, 1, {noun})
    return None


_WORD = re.compile(r"[A-Za-z]+")


def title_case(line: str) -> bool:
    """Does a headline capitalise (nearly) every word?"""
    words = [w for w in line.split() if w[:1].isalpha() and len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)
