"""The noun phrase a figure's clause is about: its grammatical subject.

"Trailers hit 121 degrees", "the room is kept at 40 degrees", "whenever the
heat index tops 95 degrees": the figure stands in the predicate and the
clause opens with what it measures. With no tagger, the clause is read from
its words and the vocabulary of ``context.json``'s ``clause`` block: the
clause starts after a punctuation break or an opening word ("when", "that",
"said"); its verb is its first auxiliary ("is", "would") or else the last
word before the figure once the lead-in words ("at", "about", "like") are
set aside; the subject is what stands before the verb, without determiners,
cut before its first preposition. A head that only names the measure
("Staffing on the medical-surgical floors runs at …", "the share of drivers
…") gives way to the noun phrase after its preposition; one that is nothing
but the measure ("Wages rise 4%") or a pronoun gives no subject here, and the
entity and group readers decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

__all__ = ["ClauseSubject", "ClauseVocabulary", "clause_subject"]


class ClauseVocabulary(BaseModel):
    """``context.json``'s ``clause`` block, validated on load."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # words after which a new clause starts ("when", "that", "said")
    openers: frozenset[str] = frozenset()
    # verbs that are a clause's verb wherever they stand ("is", "would")
    auxiliaries: frozenset[str] = frozenset()
    # words that stand for a phrase elsewhere: no subject of their own
    pronouns: frozenset[str] = frozenset()
    # words dropped from the front of a subject ("the", "each", "one")
    determiners: frozenset[str] = frozenset()
    # words that may stand between a verb and its figure ("at", "about")
    lead_words: frozenset[str] = frozenset()
    # prepositions: a subject's head ends before one
    prepositions: frozenset[str] = frozenset()
    # nouns that name the measure itself, not what it is about ("pay", "share")
    measure_heads: frozenset[str] = frozenset()
    # nouns for where a figure is read, not what it is about ("dispatch logs
    # show 31 calls", "the survey found 40%"): no subject
    source_heads: frozenset[str] = frozenset()
    # the prepositions after such a head that lead to what it measures
    # ("spending on temporary staff"; not "the offer before the walkout")
    of_measure: frozenset[str] = frozenset()
    # the most words a subject phrase may have before it is cut (SPEC: five)
    max_words: int = 5


@dataclass(frozen=True)
class ClauseSubject:
    """A subject phrase read from a figure's clause: the phrase (``start``,
    ``end``, ``phrase``) and the whole noun phrase it was cut from
    (``np_start``, ``np_end``: "members of the Coastal Terminal Workers
    Union" for "members"), where an entity may be named."""

    start: int
    end: int
    phrase: str
    np_start: int
    np_end: int


# inside a sentence, ". " is an abbreviation's ("Inc. ratified"): no break
_BREAK = re.compile(r"[;:()\[\]—–\n\"“”]|,[ \u00a0]|[!?][ \u00a0]")
# a word without the dots and apostrophes that close it ("Inc." → "Inc",
# "workers’" → "workers"): the match ends at its last other character
_WORD = re.compile(r"[A-Za-z0-9$£€](?:[\w'’&.-]*[\w&-])?")
_LONGEST_CLAUSE = 160
# "and took illegal deductions": after a coordinator, a clause with a subject
# of its own opens with a determiner or a name, else it shares the verb's
_COORDINATORS = frozenset({"and", "but", "or"})
# "this seems", "that means": a demonstrative before a verb is a pronoun
_DEMONSTRATIVES = frozenset({"this", "that"})

Word = tuple[int, int, str]


@lru_cache(maxsize=1 << 16)  # a clause's words are looked up several times each
def _low(word: str) -> str:
    return word.lower().replace("’", "'")


def _words(text: str, lo: int, hi: int) -> list[Word]:
    return [(wm.start(), wm.end(), wm.group()) for wm in _WORD.finditer(text, lo, hi)]


# a relative clause up to the end of the text searched: ", who are members of …"
RELATIVE = r"(?:who|which|whose|whom|where)\b[^,;:]*$"
_ASIDE = re.compile(r"[ \u00a0]*" + RELATIVE, re.IGNORECASE)


def _clause_words(text: str, lo: int, at: int, vocab: ClauseVocabulary) -> list[Word] | None:
    """The words of the figure's clause before the figure; None when the
    clause is a verb phrase sharing an earlier clause's subject."""
    lo = max(lo, at - _LONGEST_CLAUSE)
    breaks = [(bm.start(), bm.end()) for bm in _BREAK.finditer(text, lo, at)]
    start = breaks[-1][1] if breaks else lo
    aside: tuple[int, int] | None = None
    if len(breaks) >= 2 and _ASIDE.match(text, breaks[-2][1], breaks[-1][0]):
        # "its drivers, who are members of Local 413, earn …": read past the aside
        aside = (breaks[-2][0], breaks[-1][1])
        start = breaks[-3][1] if len(breaks) >= 3 else lo
    words = _words(text, start, at)
    if aside is not None:
        words = [w for w in words if not aside[0] <= w[0] < aside[1]]
    for i in range(len(words) - 1, -1, -1):
        opener = _low(words[i][2])
        if opener in vocab.openers:
            rest = words[i + 1 :]
            if opener in _COORDINATORS and rest:
                first = rest[0][2]
                if not first[:1].isupper() and _low(first) not in vocab.determiners:
                    return None
            return rest
    return words


def _verb_at(words: list[Word], vocab: ClauseVocabulary, far: bool = False) -> int | None:
    """Where the clause's verb stands: its first auxiliary, else the last
    word before the figure's lead-in words; a few words from the figure at
    most (a verb farther off heads another clause's object). With ``far``
    (a date, which the whole clause is about: "members at the plant ratified
    the deal on Jan. 10"), the first auxiliary or past-tense word, anywhere."""
    verb_at = None
    for i, (_, _, w) in enumerate(words):
        low = _low(w)
        if low in vocab.auxiliaries or (far and i and w.islower() and low.endswith("ed")):
            verb_at = i
            break
    if far:
        return verb_at
    if verb_at is None:
        i = len(words) - 1
        while i >= 0 and _low(words[i][2]) in vocab.lead_words:
            i -= 1
        if i <= 0:
            return None
        verb = words[i][2]
        low = _low(verb)
        if low == "of":
            return _verb_before_of(words, i, vocab)
        if not verb.isalpha() or not verb.islower() or low in vocab.prepositions:
            return None
        if low in vocab.determiners or low in vocab.pronouns or low.endswith("ly"):
            return None
        verb_at = i
        if i >= 3 and _low(words[i - 1][2]) in vocab.determiners:
            # "the grower paid its pickers $31": a verb before its first object
            before = words[i - 2][2]
            low = _low(before)
            if before.isalpha() and before.islower() and low not in vocab.prepositions:
                if low not in vocab.determiners and low not in vocab.pronouns:
                    verb_at = i - 2
    between = words[verb_at + 1 :]
    if len(between) > _MAX_AFTER_VERB or any(_low(w) in vocab.pronouns for _, _, w in between):
        return None  # "would force it to close 40 beds": the figure is another verb's
    return verb_at


def _verb_before_of(words: list[Word], of: int, vocab: ClauseVocabulary) -> int | None:
    """ "reported net income of $214 million": a past-tense verb a few words
    before "of" and its noun; "a vote of 96%" (a determiner first) has none."""
    for j in range(of - 1, max(0, of - 4), -1):
        w = words[j][2]
        low = _low(w)
        if low in vocab.determiners:
            return None
        if w.islower() and (low.endswith("ed") or low in vocab.auxiliaries):
            return j
    return None


# "is expected to be roughly half": the most words between verb and figure
_MAX_AFTER_VERB = 5


def _head(phrase: list[Word], vocab: ClauseVocabulary) -> tuple[list[Word], bool]:
    """The subject's head phrase: cut before its first preposition, or the
    phrase after it when the head only names the measure (then True)."""
    for i, (_, _, w) in enumerate(phrase):
        if _low(w) in vocab.prepositions:
            head, rest = phrase[:i], phrase[i + 1 :]
            if head and _bare(head[-1][2]) in vocab.measure_heads and _low(w) in vocab.of_measure:
                while rest and _low(rest[0][2]) in vocab.determiners:
                    rest = rest[1:]
                return rest, True
            return head, False
    return phrase, False


def _bare(word: str) -> str:
    low = _low(word)
    return low[:-2] if low.endswith("'s") else low


def _noun_phrase(words: list[Word], v: int, vocab: ClauseVocabulary) -> list[Word] | None:
    """The words before the verb, as a noun phrase of its own, or None."""
    phrase = words[:v]
    if len(phrase) >= 3 and _low(phrase[-1][2]) == "to":
        if _low(phrase[-3][2]) in vocab.determiners:
            # "the court ordered the employer to pay $48,290": the employer pays
            phrase = phrase[-3:-1]
        else:
            phrase = phrase[:-2]  # "Delta Parcel plans to spend": the verb before "to"
    if not phrase or len(phrase) > 2 * vocab.max_words:
        return None
    first = _low(phrase[0][2])
    if first in _DEMONSTRATIVES and len(phrase) > 1:
        nxt = _low(phrase[1][2])
        if nxt.endswith("s") and not nxt.endswith("ss"):
            return None  # "This seems", "That means"
    if len(phrase) == 1 and first in vocab.pronouns:
        return None
    while phrase and _low(phrase[0][2]) in vocab.determiners:
        phrase = phrase[1:]
    while phrase and (
        _low(phrase[-1][2]).endswith("ly") or _low(phrase[-1][2]) in vocab.determiners
    ):
        phrase = phrase[:-1]  # "routinely runs", "now employs"
    if not phrase:
        return None
    for (_, _, w), (_, _, nxt) in zip(phrase[1:], phrase[2:], strict=False):
        if _low(w).endswith("ed") and _low(nxt) in vocab.determiners:
            return None  # "members rejected an earlier offer": a clause, not a noun phrase
    for _, _, w in phrase:
        if (
            _low(w) in vocab.pronouns
            or not w.replace("-", "")
            .replace("'", "")
            .replace("’", "")
            .replace("&", "")
            .replace(".", "")
            .isalpha()
        ):
            return None  # a pronoun, or another figure: not a phrase of its own
    return phrase


def clause_subject(
    text: str, lo: int, at: int, vocab: ClauseVocabulary, far: bool = False
) -> ClauseSubject | None:
    """The subject of the clause the figure at ``at`` stands in, when the
    figure is in its predicate and the subject is a noun phrase of its own
    (not a pronoun, not the measure's name, no number in it); else None.
    ``lo`` is where the figure's sentence starts; ``far``: see ``_verb_at``."""
    if not vocab.auxiliaries:
        return None
    words = _clause_words(text, lo, at, vocab)
    if not words:
        return None
    v = _verb_at(words, vocab, far)
    if v is None:
        return None
    np = _noun_phrase(words, v, vocab)
    if np is None:
        return None
    phrase, of_measure = _head(np, vocab)
    if not phrase or _bare(phrase[-1][2]) in vocab.measure_heads:
        return None
    if _bare(phrase[-1][2]) in vocab.source_heads:
        # "one picker's fitness tracker logged 16.4 miles": the possessor's
        owner = [i for i, (_, _, w) in enumerate(phrase) if _low(w).endswith("'s")]
        if not owner:
            return None
        phrase = phrase[: owner[-1] + 1]
        s, e, w = phrase[-1]
        phrase[-1] = (s, e - 2, w[:-2])
    if of_measure:
        np = phrase  # "Spending on temporary staff": the measure's name names no one
    phrase = phrase[-vocab.max_words :]
    return ClauseSubject(
        phrase[0][0], phrase[-1][1], " ".join(w for _, _, w in phrase), np[0][0], np[-1][1]
    )
