"""The entities of one article: organisations, unions, facilities, people.

Built once per article from its capitalised names (``context.Names``), each
entity with its kind, the forms the article uses for it ("Harbor Freight
Couriers Inc." … "Harbor Freight" … "HFC"), and every place it is mentioned,
including definite descriptions ("the company", "the hub") and "it" resolved
to the entity they refer to. The subject of a figure is chosen from these.

Which capitalised words are names at all is decided with word frequencies
(``wordfreq``, a maintained frequency list of English): a frequent word that
opens a sentence ("Currently", "Share", "Turnout") is an ordinary word unless
the article also capitalises it inside a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from laborfacts.models import FactType
from laborfacts.pipeline.clauses import ClauseVocabulary
from laborfacts.rules import lexicon


class EntityKind(StrEnum):
    ORG = "org"
    UNION = "union"
    FACILITY = "facility"
    PERSON = "person"
    AGENCY = "agency"  # a public body: the subject only when nothing else is
    LAW = "law"  # never a subject
    PLACE = "place"  # a street, a region: never a subject
    NAME = "name"  # capitalised, of no kind the vocabulary tells
    GROUP = "group"  # the workers a headline opens with ("Vancouver dockworkers")


class Via(StrEnum):
    """How a mention names its entity; lands on the record's ``context``."""

    NAME = "sentence"
    REFERENCE = "reference"


class LabelRule(BaseModel):
    """A label-value line's label, read as the type of its figure."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    needs: tuple[str, ...]  # stems, one of which the label must hold
    words: tuple[str, ...]  # whole words or phrases, one of which it must hold
    type: FactType
    metric: str | None = None
    item: str | None = None


class CaptionRule(BaseModel):
    """A table caption's words, read as the type of the bare figures of its rows."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    words: tuple[str, ...]  # phrases, one of which the caption must hold
    kinds: tuple[str, ...]  # the kinds of figure the rows hold
    type: FactType
    metric: str | None = None
    per: str | None = None  # the period the caption names ("Median hourly pay")


class ContextVocabulary(BaseModel):
    """``rules/context.json``, validated on load."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    org_words: frozenset[str]
    facility_words: frozenset[str]
    union_words: frozenset[str]
    references: dict[str, tuple[EntityKind, ...]]
    person_titles: frozenset[str]
    agency_words: frozenset[str]
    law_words: frozenset[str]
    place_words: frozenset[str]
    place_prepositions: frozenset[str] = frozenset()
    figure_prepositions: tuple[str, ...] = ()
    not_name_words: frozenset[str] = frozenset()  # as written: case matters
    known_places: frozenset[str] = frozenset()  # as written
    group_stop_words: frozenset[str] = frozenset()
    join_types: frozenset[str]
    group_types: frozenset[str]
    label_rules: tuple[LabelRule, ...]
    group_nouns: frozenset[str]
    group_modifiers: frozenset[str]
    future_cues: tuple[str, ...]
    present_cues: frozenset[str]
    # words that tie a later date to the figure compared with: "up from 27 hours in 2023"
    comparison_cues: frozenset[str] = frozenset()
    scope_cues: tuple[str, ...]
    # standards a figure is the level of: "the federal minimum wage of $7.25"
    benchmarks: tuple[str, ...] = ()
    benchmark_modifiers: frozenset[str] = frozenset()  # "the federal minimum wage"
    # a sentence with both dates the article's data: "The survey was fielded in June 2024"
    fieldwork_nouns: frozenset[str] = frozenset()
    fieldwork_verbs: frozenset[str] = frozenset()
    # what an article reporting a survey is about when it names no organisation
    study_nouns: frozenset[str] = frozenset()
    # a bare share in a sentence holding one is the rate the article last named
    rate_words: frozenset[str] = frozenset()
    rate_openers: frozenset[str] = frozenset()  # "the rate", not "the response rate"
    # words that may stand inside a scope cue or before its year: "figures below are for fiscal 2025"
    scope_fillers: frozenset[str] = frozenset()
    common_zipf: float = Field(gt=0, lt=8)
    multiword_common_zipf: float = Field(gt=0, lt=8)
    opener_zipf: float = Field(gt=0, lt=8)
    # two or three capitalised words whose first is no first name and whose last
    # is at least this frequent are no person's name ("Wirra Creek")
    surname_zipf: float = Field(default=3.0, gt=0, lt=8)
    copulas: frozenset[str]
    # what a date is about when its clause opens with one: "the contract expires Sept. 30"
    event_nouns: frozenset[str] = frozenset()
    caption_rules: tuple[CaptionRule, ...] = ()
    # modifiers that say which or how big, not what kind: "a new plant" names nothing
    not_kind_modifiers: frozenset[str] = frozenset()
    # how a figure's clause is read for its subject (``clauses``)
    clause: ClauseVocabulary = ClauseVocabulary()


@cache
def vocabulary() -> ContextVocabulary:
    return ContextVocabulary.model_validate(lexicon("context"))


_PLAIN = re.compile(r"[a-z]+")


@cache
def _frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en")


@cache
def _zipf(word: str) -> float:
    # A plain word the list lacks is rare by definition: most names are, and
    # the lookup spares wordfreq's tokenizer, which would find the same.
    if _PLAIN.fullmatch(word) and word not in _frequencies():
        return 0.0
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


@cache
def _given_names() -> frozenset[str]:
    """First names, lower-cased: the US Census list of given names that the
    ``names`` package ships (about 5,500 names, public-domain data under the
    package's MIT licence), read once. A name it lacks is no evidence either
    way: ``kinds.entity_kind`` asks it only of names whose last word is an
    ordinary English word."""
    from importlib.resources import files

    found: set[str] = set()
    for table in ("dist.male.first", "dist.female.first"):
        data = files("names").joinpath(table).read_bytes()
        # "MARY           2.629  2.629      1": the name, then its frequencies
        found.update(n.decode("ascii", "replace").lower() for n in _NAME_LINE.findall(data))
    return frozenset(found)


_NAME_LINE = re.compile(rb"^([A-Z][A-Z'-]*) ", re.M)


def given_name(word: str) -> bool:
    """Can ``word`` be a person's first name ("Maren", "J.", "Mary-Ann")?"""
    w = word.strip(".’'").lower()
    if len(w) == 1:
        return True  # an initial
    return w in _given_names() or w.split("-", 1)[0] in _given_names()


def warm() -> None:
    """Load the frequency list and the first names now (a second or so), not
    on the first article."""
    _zipf("the")
    _given_names()


def is_common(word: str, zipf: float | None = None) -> bool:
    """Is ``word`` (lower-cased) an ordinary English word?"""
    w = word.lower().strip(".’'")
    return len(w) > 1 and _zipf(w) >= (vocabulary().common_zipf if zipf is None else zipf)


# the capital first, then the look-behind: the engine skips to capitals
_MID_CAPITAL = re.compile(r"[A-Z](?<=[a-z;] [A-Z])[\w’'&.-]*")


def mid_sentence_capitals(text: str) -> set[str]:
    """Words the article capitalises after a lower-case word: names, not
    sentence openers (a bullet or a quote opens a sentence too)."""
    return {m.group().rstrip(".") for m in _MID_CAPITAL.finditer(text)}


@dataclass(slots=True)
class Entity:
    name: str  # the fullest form the article uses
    kind: EntityKind
    first: int  # offset of its first mention
    short: str = ""  # the shortest form, for "<short> drivers"
    count: int = 0
    forms: set[str] = field(default_factory=set)


@dataclass(slots=True, frozen=True)
class EntityMention:
    start: int
    end: int
    entity: Entity
    possessive: bool
    via: Via


def bare(word: str) -> str:
    return word.lower().strip(".,’'")


def written_lower(low: str, lower: set[str]) -> bool:
    """Does the article (its lower-case words ``lower``) write the word in
    lower case, in the singular or the plural ("Courier pay …" over
    "couriers", "Injury" over "injuries")?"""
    return (
        low in lower
        or low + "s" in lower
        or low + "es" in lower
        or (low.endswith("s") and low[:-1] in lower)
        or (low.endswith("y") and low[:-1] + "ies" in lower)
    )


def ordinary_opener(word: str, lower: set[str], vocab: ContextVocabulary) -> bool:
    """Is ``word``, opening a sentence, an ordinary word? A very frequent
    one always; a frequent one the article also writes in lower case, or a
    plural whose singular is frequent too ("Investigators found …")."""
    low = word.lower().strip(".’'")
    if is_common(word, vocab.opener_zipf):
        return True
    parts = low.split("-")
    if len(parts) > 1 and all(is_common(p, vocab.common_zipf) for p in parts):
        return True  # "Fourth-quarter revenue was …", "Long-term staff"
    if not is_common(word, vocab.common_zipf):
        return False
    return written_lower(low, lower) or (
        low.endswith("s") and not word.isupper() and is_common(low[:-1], vocab.common_zipf)
    )
