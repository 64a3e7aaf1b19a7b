"""Change readers: the direction of a quantity that states a change — a change
verb before it ("rose 5%", "declined by 240,000", from ``rules/changes.json``
and ``rules/cues.json``), a change noun after it ("a 50p rise"), "more" or
"fewer" after it ("20 more stops"), or its minus sign."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from laborfacts.pipeline.mentions import Flag, Kind
from laborfacts.pipeline.quantities.text import WS, Reader, Reading, first_after, last_word
from laborfacts.rules import first_guard, phrase_regex

# the nouns of a raise: a change of pay, whatever the quantity's type
_RAISE_NOUNS = frozenset({"raise", "raises", "pay raise", "pay rise", "hike", "bump"})
_TO_END = re.compile(r"\bto\s*$")
_CLAUSE_SPLIT = re.compile(r"[.;:!?—–]|,\s")


@dataclass(frozen=True)
class ChangeGrammar:
    up_verbs: frozenset[str]
    verb_last: frozenset[str]  # the change verbs and "by": a cheap test first
    verb_left: re.Pattern[str]  # "rose ", "fell by " ending the text before a number
    by_left: re.Pattern[str]
    inc_verb: re.Pattern[str]
    dec_verb: re.Pattern[str]
    noun_right: re.Pattern[str]
    inc_nouns: frozenset[str]
    fewer_more: re.Pattern[str]


def compile_changes(changes: dict[str, list[str]], cues: dict[str, Any]) -> ChangeGrammar:
    up = frozenset(w.lower() for w in changes["increase"])
    nouns = phrase_regex(cues["change_nouns_increase"] + cues["change_nouns_decrease"])
    verbs = phrase_regex(changes["increase"] + changes["decrease"])
    return ChangeGrammar(
        up_verbs=up,
        verb_last=up | {w.lower() for w in changes["decrease"]} | {"by"},
        verb_left=re.compile(
            rf"{first_guard(verbs)}\b(?P<verb>{verbs}){WS}+(?:by{WS}+)?$",
            re.IGNORECASE,
        ),
        by_left=re.compile(rf"\b(?:by|of){WS}+$", re.IGNORECASE),
        inc_verb=re.compile(phrase_regex(cues["increase_verbs"]), re.IGNORECASE),
        dec_verb=re.compile(phrase_regex(cues["decrease_verbs"]), re.IGNORECASE),
        noun_right=re.compile(
            rf"(?:{WS}+|-)(?:[\w-]+{WS}+)?{first_guard(nouns)}(?P<noun>{nouns})\b", re.IGNORECASE
        ),
        inc_nouns=frozenset(w.lower() for w in cues["change_nouns_increase"]),
        fewer_more=re.compile(rf"{WS}+(?P<fm>fewer|less|more){WS}+(?!than)", re.IGNORECASE),
    )


def after_change_verb(g: ChangeGrammar, left: str, word: str) -> bool:
    """Does a change verb end ``left``? Then "A to B" is a change and a level."""
    return word in g.verb_last and g.verb_left.search(left[-30:]) is not None


def _by_verb(g: ChangeGrammar, left: str) -> str | None:
    """ "declined by 240,000": the direction of the clause's last change verb."""
    clause = _CLAUSE_SPLIT.split(left)[-1]
    inc = [m.start() for m in g.inc_verb.finditer(clause)]
    dec = [m.start() for m in g.dec_verb.finditer(clause)]
    if not inc and not dec:
        return None
    return "increase" if (inc[-1] if inc else -1) > (dec[-1] if dec else -1) else "decrease"


def _verb_left(g: ChangeGrammar, r: Reading, left: str, word: str) -> None:
    if word in ("by", "of") and g.by_left.search(left[-12:]):
        got = _by_verb(g, left)
        if got is not None:
            r.direction = got
            r.read(Reader.CHANGE_BY)
    ud = g.verb_left.search(left[-30:]) if word in g.verb_last else None
    if r.direction == "level" and ud is not None and not r.from_left:
        if _TO_END.search(left):
            return  # "rose to $19": a level
        r.direction = "increase" if ud.group("verb").lower() in g.up_verbs else "decrease"
        r.read(Reader.CHANGE_ROSE_TO if r.change_to else Reader.CHANGE_VERB)


def read_direction(g: ChangeGrammar, text: str, n: int, r: Reading) -> None:
    """The direction of the reading from the words around it."""
    left = text[max(0, r.start - 80) : r.start]
    _verb_left(g, r, left, last_word(left.rstrip()).lower())
    end = r.end
    cn = g.noun_right.match(text, end, min(n, end + 30)) if r.direction == "level" else None
    if cn is not None:
        noun = cn.group("noun").lower()
        r.direction = "increase" if noun in g.inc_nouns else "decrease"
        r.flags.add(Flag.CHANGE_NOUN)
        r.read(Reader.CHANGE_NOUN)
        if noun in _RAISE_NOUNS:
            r.metric = r.metric or "raise"
    if r.direction != "level" or r.qualifier.endswith("than"):
        return
    if first_after(text, end) in ("f", "l", "m", "F", "L", "M"):
        fm = g.fewer_more.match(text, end, min(n, end + 12))
        if fm is not None:
            r.direction = "increase" if fm.group("fm").lower() == "more" else "decrease"
            r.read(Reader.CHANGE_FEWER_MORE)


def read_sign(r: Reading) -> None:
    """A minus sign before a percent or money level states a fall: "-2.7%"."""
    if r.direction == "level" and r.kind in (Kind.PERCENT, Kind.MONEY):
        r.direction = "decrease"
        r.read(Reader.CHANGE_SIGN)
