"""Subject normalization for the claim diff: surface variants to one name.

"Amazon's", "Amazon.com Inc" and "the company" (in an article about Amazon)
all become ``Amazon``. Three steps:

1. Rules (:func:`clean_subject`): curly quotes and spaces evened out, a
   trailing possessive dropped, a leading article dropped, a title before a
   capitalised name dropped ("Amazon founder Jeff Bezos"), corporate suffixes
   (``Inc``, ``Corp``, ``LLC``, ``Ltd`` ... from the lexicon) and ``.com``
   dropped.
2. The alias lexicon ``rules/aliases.json``: a cleaned name that is an
   alias of an entity becomes the entity's canonical name ("ALU" → "Amazon
   Labor Union").
   Pronouns and words that name no one ("It", "We're") give no subject.
3. Context: an anaphor ("the company", "the union") becomes the document's
   dominant subject of that kind, the most frequent one among its facts
   (ties: the first seen); with none, the subject is unknown. A one-word name
   that is the last name of exactly one person named in full anywhere in the
   corpus becomes that person ("Bezos" → "Jeff Bezos"). A person is a lexicon
   person or an unknown name of two or three capitalised words, none of them
   an ``org_words`` entry.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from laborfacts.rules import LexiconError, lexicon

Kind = Literal["company", "union", "agency", "person"]

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_EDGE_PUNCT = " \t\r\n\"'`*_()[]{},;:"
_POSSESSIVE = re.compile(r"(?:'s|')$", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_DOTCOM = re.compile(r"\.com\b", re.IGNORECASE)
_NAME_WORD = re.compile(r"^(?:[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*|[A-Z]\.)$")


class Entity(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    kind: Kind
    aliases: tuple[str, ...] = ()


class AliasLexicon(BaseModel):
    """The validated content of ``rules/aliases.json``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    entities: tuple[Entity, ...]
    anaphors: dict[Kind, tuple[str, ...]]
    not_subjects: frozenset[str]
    suffixes: tuple[str, ...]
    titles: tuple[str, ...]
    union_words: tuple[str, ...]
    org_words: frozenset[str]

    @field_validator("org_words", "not_subjects")
    @classmethod
    def _lower(cls, v: frozenset[str]) -> frozenset[str]:
        if any(w != w.lower() for w in v):
            raise ValueError("must be lower case")
        return v


@dataclass(frozen=True)
class Subjects:
    """The alias lexicon compiled for lookup."""

    canonical: dict[str, str]  # cleaned, casefolded surface -> canonical name
    kinds: dict[str, Kind]  # canonical name -> kind
    anaphors: dict[str, Kind]  # casefolded anaphor -> kind
    not_subjects: frozenset[str]
    suffix_re: re.Pattern[str]
    title_re: re.Pattern[str]
    union_words: tuple[str, ...]
    org_words: frozenset[str]

    def clean(self, surface: str) -> str:
        return clean_subject(surface, self.suffix_re, self.title_re)

    def lookup(self, surface: str) -> str | None:
        """Rules and lexicon, no context: the canonical name of a surface form.

        None for a pronoun or another word that names no one ("It", "We're").
        """
        cleaned = self.clean(surface)
        key = cleaned.casefold()
        if key in self.not_subjects:
            return None
        return self.canonical.get(key, cleaned)

    def anaphor_kind(self, surface: str) -> Kind | None:
        s = _POSSESSIVE.sub("", " ".join(surface.translate(_QUOTES).split()).strip(_EDGE_PUNCT))
        return self.anaphors.get(s.casefold())

    def kind_of(self, name: str) -> Kind:
        """The lexicon's kind, else a guess from the words of the name."""
        if name in self.kinds:
            return self.kinds[name]
        low = name.casefold()
        if any(re.search(rf"\b{re.escape(w)}\b", low) for w in self.union_words):
            return "union"
        if self.looks_like_person(name):
            return "person"
        return "company"

    def looks_like_person(self, name: str) -> bool:
        if name in self.kinds:
            return self.kinds[name] == "person"
        words = name.split()
        return (
            2 <= len(words) <= 3
            and all(_NAME_WORD.match(w) for w in words)
            and not any(w.casefold() in self.org_words for w in words)
        )


def clean_subject(
    surface: str,
    suffix_re: re.Pattern[str] | None = None,
    title_re: re.Pattern[str] | None = None,
) -> str:
    """Apply the surface rules: quotes, possessive, leading article, a title before a
    name, corporate suffixes, ``.com``."""
    s = " ".join(surface.translate(_QUOTES).split()).strip(_EDGE_PUNCT)
    s = _POSSESSIVE.sub("", s).strip(_EDGE_PUNCT)
    s = _ARTICLE.sub("", s)
    if suffix_re is None or title_re is None:
        suffix_re, title_re = subjects().suffix_re, subjects().title_re
    s = title_re.sub("", s, count=1)
    while True:
        shorter = suffix_re.sub("", s).strip(_EDGE_PUNCT)
        if shorter == s or not shorter:
            break
        s = shorter
    s = _DOTCOM.sub("", s).strip(_EDGE_PUNCT)
    return s or surface.strip()


@cache
def subjects() -> Subjects:
    """The package's alias lexicon, loaded once per process and validated."""
    return compile_subjects(lexicon("aliases"))


def subjects_of(rules: str | Path | None = None) -> Subjects:
    """The alias lexicon of a rules folder merged over the package's (the
    package's own with none), compiled once per rule-set content."""
    if rules is None:
        return subjects()
    from laborfacts.pipeline.component import load_rules

    return _compiled_for(load_rules(rules))


_BY_FINGERPRINT: dict[str, Subjects] = {}


def _compiled_for(ruleset: Any) -> Subjects:
    lex = _BY_FINGERPRINT.get(ruleset.fingerprint)
    if lex is None:
        lex = _BY_FINGERPRINT[ruleset.fingerprint] = compile_subjects(ruleset.lexicon("aliases"))
    return lex


def compile_subjects(data: Any) -> Subjects:
    """Validate alias-lexicon data and compile it; LexiconError names the bad entry."""
    try:
        lex = AliasLexicon.model_validate(data)
    except ValidationError as exc:
        raise LexiconError(f"rules/aliases.json: {exc}") from exc
    suffixes = sorted(lex.suffixes, key=len, reverse=True)
    suffix_re = re.compile(
        r"(?:,?\s+)(?:" + "|".join(re.escape(x) for x in suffixes) + r")$", re.IGNORECASE
    )
    # A title and the up to three words before it ("Amazon founder") go when a
    # capitalised name follows.
    title_re = re.compile(
        r"^(?:\S+\s+){0,3}?(?:"
        + "|".join(re.escape(t) for t in sorted(lex.titles, key=len, reverse=True))
        + r")\s+(?=(?-i:[A-Z]))",
        re.IGNORECASE,
    )
    canonical: dict[str, str] = {}
    kinds: dict[str, Kind] = {}
    for entity in lex.entities:
        if entity.name in kinds:
            raise LexiconError(f"rules/aliases.json: entity {entity.name!r} listed twice")
        kinds[entity.name] = entity.kind
        for form in (entity.name, *entity.aliases):
            key = clean_subject(form, suffix_re, title_re).casefold()
            other = canonical.get(key)
            if other is not None and other != entity.name:
                raise LexiconError(
                    f"rules/aliases.json: alias {form!r} of {entity.name!r} already means {other!r}"
                )
            canonical[key] = entity.name
    anaphors: dict[str, Kind] = {}
    for kind, phrases in lex.anaphors.items():
        for phrase in phrases:
            key = phrase.casefold()
            if key in anaphors:
                raise LexiconError(f"rules/aliases.json: anaphor {phrase!r} listed twice")
            anaphors[key] = kind
    return Subjects(
        canonical=canonical,
        kinds=kinds,
        anaphors=anaphors,
        not_subjects=lex.not_subjects,
        suffix_re=suffix_re,
        title_re=title_re,
        union_words=lex.union_words,
        org_words=lex.org_words,
    )


def resolve_document(
    surfaces: Sequence[str | None], lex: Subjects | None = None
) -> list[str | None]:
    """Normalize the subjects of one document's facts, anaphors resolved.

    Returns one name (or None) per input, in order.
    """
    lex = lex or subjects()
    names: list[str | None] = []
    pending: list[tuple[int, Kind]] = []
    for i, surface in enumerate(surfaces):
        if surface is None or not surface.strip():
            names.append(None)
            continue
        kind = lex.anaphor_kind(surface)
        if kind is not None:
            pending.append((i, kind))
            names.append(None)
        else:
            names.append(lex.lookup(surface))
    if pending:
        # Counter keeps first-seen order, so most_common breaks ties by position.
        by_kind: dict[Kind, Counter[str]] = {}
        for name in names:
            if name is not None:
                by_kind.setdefault(lex.kind_of(name), Counter())[name] += 1
        for i, kind in pending:
            counts = by_kind.get(kind)
            names[i] = counts.most_common(1)[0][0] if counts else None
    return names


def last_name_map(names: set[str], lex: Subjects | None = None) -> dict[str, str]:
    """One-word last names that point to exactly one person named in full."""
    lex = lex or subjects()
    found: dict[str, set[str]] = {}
    for name in names:
        words = name.split()
        if len(words) >= 2 and lex.looks_like_person(name):
            found.setdefault(words[-1].casefold(), set()).add(name)
    return {
        last: next(iter(fulls))
        for last, fulls in found.items()
        if len(fulls) == 1 and last not in lex.canonical
    }


def resolve_corpus(
    documents: Sequence[Sequence[str | None]], lex: Subjects | None = None
) -> list[list[str | None]]:
    """Normalize the subjects of several documents (one list of surfaces each)."""
    lex = lex or subjects()
    resolved = [resolve_document(doc, lex) for doc in documents]
    everyone = {n for doc in resolved for n in doc if n is not None}
    last = last_name_map(everyone, lex)
    if last:
        for doc in resolved:
            for i, name in enumerate(doc):
                if name is not None and " " not in name:
                    doc[i] = last.get(name.casefold(), name)
    return resolved


def subject_key(name: str) -> str:
    """The comparison key of a normalized name."""
    return name.casefold()
