"""The inventory of one article's entities: each with its kind and forms, and
every place it is mentioned, names and references ("the company", "it")
resolved (see ``entities``)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from laborfacts.pipeline.entities import (
    ContextVocabulary,
    Entity,
    EntityKind,
    EntityMention,
    Via,
    bare,
    is_common,
    mid_sentence_capitals,
    ordinary_opener,
    vocabulary,
    written_lower,
)
from laborfacts.pipeline.forms import Aliases
from laborfacts.pipeline.kinds import kind_of, mark_places
from laborfacts.pipeline.references import References

# Each pattern that opens a word starts with the word's first character and
# looks behind it after: the engine then skips to those characters instead of
# trying the look-behind at every position (the matches are the same).
_LOWER_WORD = re.compile(r"[a-z](?<![\w’'-][a-z])[a-z’'-]+")


_DATELINE = re.compile(
    r"(?m)^[A-Z][A-Z .'’-]{2,40}(?:,[^—–\n]{1,30})?[ \u00a0]+[—–-]{1,2}[ \u00a0]"
)
_NEXT_WORD = re.compile(r"[ \u00a0]+([a-z]+)\b")
_OF_LOWER = re.compile(r"[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?[a-z]")
# "a chicken plant", "a parcel hub": an indefinite article, one modifier, a noun
_UNNAMED_FACILITY = re.compile(
    r"[Aa](?<!\w[Aa])n?[ \u00a0]+(?P<mod>[a-z]+)[ \u00a0]+(?P<noun>[a-z]+)\b"
)
_FACILITY_AFTER = re.compile(r"[ \u00a0](?P<noun>[a-z]+)\b")
# "Calder Freight’s regional hub": a facility word after a possessive name,
# with at most one lower-case modifier between
_FACILITY_OF = re.compile(r"[ \u00a0](?:(?P<mod>[a-z]+)[ \u00a0])?(?P<noun>[a-z]+)\b")


_WORD_BEFORE = re.compile(r"([A-Za-z.]+)[ \u00a0]+$")
_AGE_AFTER = re.compile(r",[ \u00a0]+\d{2},")  # "Jolene Marsh, 34,"

_NOT_MAIN = frozenset({EntityKind.PERSON, EntityKind.AGENCY, EntityKind.LAW, EntityKind.PLACE})


_LABEL_VALUE_LINE = re.compile(
    r"[^\n]*?(?:\.{2,}|…+|:|[ \t]{3,})[ \t]*[-−]?[$€£]?\d[\d,.]*%?[ \t]*$", re.M
)


def _opens_label_line(text: str, start: int) -> bool:
    """Does a label-value line ("Eligible voters ..... 140") open at ``start``?
    The pattern tries every character of the line: first, does it end in a number?"""
    if start and text[start - 1] != "\n":
        return False
    end = text.find("\n", start)
    line = text[start : len(text) if end < 0 else end].rstrip(" \t").removesuffix("%")
    return line.rstrip(",.")[-1:].isdecimal() and _LABEL_VALUE_LINE.match(text, start) is not None


def _five_words(form: str) -> str:
    """A name as a subject of at most five words (SPEC): a longer one keeps its
    head, which ends it ("Great Lakes Food and Warehouse Workers Union" →
    "Food and Warehouse Workers Union"), without a joining word in front."""
    words = form.split()
    if len(words) <= 5:
        return form
    tail = words[-5:]
    while len(tail) > 1 and tail[0].lower() in ("and", "of", "&", "for", "the", "de"):
        tail = tail[1:]
    return " ".join(tail)


class Inventory(References):
    """Every entity of an article and every mention of one, in text order."""

    def __init__(
        self,
        text: str,
        names: list[tuple[int, int, str, bool]],
        title_end: int = 0,
        figures: list[tuple[int, int]] | None = None,
        vocab: ContextVocabulary | None = None,
        said: frozenset[str] = frozenset(),
    ):
        self.text = text
        self.said = said  # verbs before a speaker's name: "said Tevita Rice"
        self.vocab = vocab = vocab or vocabulary()
        self.lower_words = set(_LOWER_WORD.findall(text))
        self.entities: list[Entity] = []
        raw = self._named(names, figures or [])
        raw.extend(self._unnamed_facilities(raw, title_end))
        raw.sort(key=lambda r: r[0])
        # A headline in title case capitalises every word: its names count
        # only where the body uses the same form.
        body_forms = {r[2] for r in raw if r[0] >= title_end}
        raw = [r for r in raw if r[0] >= title_end or r[2] in body_forms]
        by_form = self._entities(raw, title_end)
        mentions: list[EntityMention] = []
        for start, end, form, poss in raw:
            entity = by_form[form]
            entity.count += 1
            entity.first = min(entity.first, start)
            mentions.append(EntityMention(start, end, entity, poss, Via.NAME))
        self._people_by_cue(mentions)
        for entity in self.entities:
            entity.short = min(entity.forms, key=lambda f: (len(f.split()), len(f)))
            if len(entity.short.split()) == 1 and entity.kind is EntityKind.PERSON:
                entity.short = entity.name
        mentions.sort(key=lambda m: m.start)
        mark_places(text, mentions, self.entities, vocab.place_prepositions)
        self.mentions = mentions
        self._starts = [m.start for m in mentions]
        self.main_so_far = self.main(len(text) // 8)
        mentions = mentions + self._references(mentions, vocab)
        mentions.sort(key=lambda m: m.start)
        self.mentions = mentions
        self._starts = [m.start for m in mentions]

    def _people_by_cue(self, mentions: list[EntityMention]) -> None:
        """A name of no known kind that the article writes as a person's ("said
        Deshawn Brooks", "Tevita Rice, 41,", "organiser Tevita Rice") is a person;
        the verbs are ``rules/cues.json``'s inverted_speaker_verbs."""
        titles = self.vocab.person_titles
        for m in mentions:
            entity = m.entity
            if entity.kind is not EntityKind.NAME or not 2 <= len(entity.name.split()) <= 3:
                continue
            before = _WORD_BEFORE.search(self.text, max(0, m.start - 24), m.start)
            word = before.group(1).lower() if before is not None else ""
            if word in titles or word in self.said or _AGE_AFTER.match(self.text, m.end):
                entity.kind = EntityKind.PERSON

    def _named(
        self, names: list[tuple[int, int, str, bool]], figures: list[tuple[int, int]]
    ) -> list[tuple[int, int, str, bool]]:
        """(start, end, form, possessive) of each capitalised name that is a
        name: not a figure, a dateline, a label or an ordinary word; with the
        facility word that follows it ("the Larkspur Bottling plant")."""
        text, vocab = self.text, self.vocab
        mid = mid_sentence_capitals(text)
        raw: list[tuple[int, int, str, bool]] = []
        datelines = [(m.start(), m.end()) for m in _DATELINE.finditer(text)]
        # a quantity is no name, however it is capitalised ("USD25m", "C$1,200")
        figure_starts = sorted(figures)
        # an article repeats its names: each distinct one is cleaned once
        cleaned_of: dict[str, list[str]] = {}
        for start, end, name, poss in names:
            i = bisect_right(figure_starts, (end, end))
            if i and figure_starts[i - 1][1] > start and any(ch.isdigit() for ch in name):
                continue
            if any(a <= start < b for a, b in datelines):
                continue  # "BETHLEHEM, Pa. —": where the story was filed
            if self._label_or_noun(name, start, end, mid):
                continue
            cleaned = cleaned_of.get(name)
            if cleaned is None:
                if kind_of(name, vocab) in (EntityKind.PLACE, EntityKind.LAW):
                    cleaned = name.split()  # kept whole, so no part of it passes for a name
                else:
                    cleaned = self._clean(name.split(), mid)
                cleaned_of[name] = cleaned
            if cleaned:
                raw.append(self._with_facility(start, end, list(cleaned), poss))
        return raw

    def _label_or_noun(self, name: str, start: int, end: int, mid: set[str]) -> bool:
        """Is a capitalised word a label, a section heading ("Abstract",
        "Results") or a common noun opening a sentence?"""
        text, vocab = self.text, self.vocab
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line = text[line_start : len(text) if line_end < 0 else line_end].strip(" \t.:#*0123456789")
        if line == name and all(is_common(w, vocab.common_zipf) for w in name.split()):
            return True  # a heading of ordinary words
        if _opens_label_line(text, start) and is_common(name.split()[0], vocab.common_zipf):
            return True  # "Eligible voters: 140": a label, not a name
        if " " not in name and is_common(name, vocab.common_zipf) and name not in mid:
            nxt = _NEXT_WORD.match(text, end)
            if (nxt is not None and nxt.group(1) in vocab.copulas) or text.startswith(":", end):
                return True  # "Turnout was 54%", "Turnout: 63%": a common noun, a label
            if _OF_LOWER.match(text, end):
                return True  # "Tally of ballots", "Share of workers": names say "of Labor"
        return False

    def _with_facility(
        self, start: int, end: int, words: list[str], poss: bool
    ) -> tuple[int, int, str, bool]:
        facility_words = self.vocab.facility_words
        if not poss:
            fm = _FACILITY_AFTER.match(self.text, end)
            if fm is not None and fm.group("noun") in facility_words:
                words.append(fm.group("noun"))  # "the Larkspur Bottling plant"
                end = fm.end()
        else:
            fm = _FACILITY_OF.match(self.text, end)
            if fm is not None and fm.group("noun") in facility_words:
                # the company's hub is a facility of its own, named after it
                words.append(fm.group("noun"))
                end, poss = fm.end(), False
        return start, end, " ".join(words), poss

    def _unnamed_facilities(
        self, raw: list[tuple[int, int, str, bool]], title_end: int
    ) -> list[tuple[int, int, str, bool]]:
        """A place of work the article introduces without a name ("a chicken
        plant in the Delta"): an entity of its own, so that "the plant" can
        refer to it. Only when no named entity ends in that word, and its
        first mention only (the same description later is a reference)."""
        named_heads = {bare(r[2].split()[-1]) for r in raw}
        out: list[tuple[int, int, str, bool]] = []
        seen: set[str] = set()
        for fm in _UNNAMED_FACILITY.finditer(self.text, title_end):
            mod, noun = fm.group("mod"), fm.group("noun")
            if noun not in self.vocab.facility_words or noun in named_heads or noun in seen:
                continue
            if mod in self.vocab.not_kind_modifiers or mod in self.vocab.facility_words:
                continue
            seen.add(noun)
            out.append((fm.start("mod"), fm.end(), f"{mod} {noun}", False))
        return out

    def _opener(self, word: str) -> bool:
        """Is ``word``, opening a sentence, an ordinary word?"""
        return ordinary_opener(word, self.lower_words, self.vocab)

    def _written_lower(self, low: str) -> bool:
        return written_lower(low, self.lower_words)

    def _clean(self, words: list[str], mid: set[str]) -> list[str]:
        """Drop ordinary words a name was opened or closed with."""
        vocab = self.vocab
        titles = vocab.person_titles
        while len(words) > 1 and bare(words[0]) in titles:
            words = words[1:]  # "Chief Executive Gregory Lanz" is Gregory Lanz
        while words and len(words) > 0:
            w = words[0]
            nxt = bare(words[1]) if len(words) > 1 else ""
            if (
                w.rstrip(".") in mid
                or w.isupper()
                and len(w) > 1
                and not is_common(w, vocab.common_zipf)
            ):
                break
            if self._opener(w) and nxt not in ("of", "and", "&", "for"):
                words = words[1:]
                continue
            break
        while words and bare(words[-1]) in ("of", "and", "&", "for", "the", "de"):
            words = words[:-1]
        if not words:
            return []
        if len(bare(words[0])) < 2 or all(len(bare(w)) < 3 for w in words):
            return []  # "C", "St.", "Pa."
        if len(words) == 1 and self._opener(words[0]) and words[0].rstrip(".") not in mid:
            return []  # "Currently", "Turnout": an ordinary word opening a sentence
        if (
            len(words) > 1
            and all(is_common(w, vocab.multiword_common_zipf) for w in words)
            and not any(bare(w) in vocab.org_words for w in words)
            and any(self._written_lower(bare(w).lower()) for w in words)
        ):
            # "WE WON IT", "North American": ordinary words, which the article
            # also writes in lower case; "Marcus Bell" is a name it never does
            return []
        return words

    def _entities(self, raw: list[tuple[int, int, str, bool]], title_end: int) -> dict[str, Entity]:
        """The entity of each form: a new one, or the one a longer form
        introduced before it stands for (see ``forms.Aliases``)."""
        firsts: dict[str, int] = {}
        positions: dict[str, list[int]] = {}
        for r in raw:
            positions.setdefault(r[2], []).append(r[0])
            firsts.setdefault(r[2], r[0] if r[0] >= title_end else len(self.text))
            if r[0] >= title_end:
                firsts[r[2]] = min(firsts[r[2]], r[0])
        # Longest first, then in the order the article introduces them: never
        # in set order, which changes from one process to the next.
        order = sorted(positions, key=lambda f: (-len(f.split()), firsts[f], f))
        aliases = Aliases(firsts, positions, self.vocab.union_words)
        for form in order:
            entity = aliases.entity_of(form)
            if entity is None:
                entity = Entity(
                    name=_five_words(form),
                    kind=kind_of(form, self.vocab),
                    first=min(positions[form]),
                )
                self.entities.append(entity)
            entity.forms.add(form)
            aliases.add(form, entity)
        return aliases.by_form

    def within(self, lo: int, hi: int) -> list[EntityMention]:
        return self.mentions[bisect_left(self._starts, lo) : bisect_right(self._starts, hi - 1)]

    def last_named(self, lo: int, hi: int, skip: frozenset[EntityKind]) -> Entity | None:
        """The entity of the last mention in [lo, hi) that is of no kind in
        ``skip`` and has a name (not a place the article never names)."""
        first = bisect_left(self._starts, lo)
        for i in range(bisect_right(self._starts, hi - 1) - 1, first - 1, -1):
            entity = self.mentions[i].entity
            if entity.kind not in skip and not entity.name[:1].islower():
                return entity
        return None

    def main(self, head_end: int) -> Entity | None:
        """The entity the article is about: the most mentioned organisation,
        union or facility, mentions in the title and lede counting double."""
        score: dict[int, float] = {}
        for m in self.mentions:
            if m.entity.kind in _NOT_MAIN or m.entity.name[:1].islower():
                continue  # nor is a place the article never names ("a chicken plant")
            if m.entity.kind is EntityKind.NAME and m.entity.count < 2:
                continue  # a name of no known kind, said once: a heading's word, a label
            score[id(m.entity)] = score.get(id(m.entity), 0) + (2 if m.start < head_end else 1)
        if not score:
            return None
        best = max(self.entities, key=lambda e: (score.get(id(e), 0), -e.first))
        # named first in the article's closing half, it is a side's, not the story's
        if best.first > len(self.text) // 2 and score.get(id(best), 0) < 3:
            return None
        return best if score.get(id(best), 0) >= 2 else None

    def main_person(self, lede: tuple[int, int] | None = None) -> Entity | None:
        """The person the article is about: the most mentioned one, or the
        one its lede opens with (a profile, an interview)."""
        if lede is not None:
            first = [m for m in self.within(*lede) if m.via is Via.NAME]
            if first and first[0].entity.kind is EntityKind.PERSON:
                return first[0].entity
        people = [e for e in self.entities if e.kind is EntityKind.PERSON and e.count >= 2]
        return max(people, key=lambda e: (e.count, -e.first)) if people else None
