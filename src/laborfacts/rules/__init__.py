"""The rule files, loaded and validated in one place.

Every rule laborfacts applies is an entry of a file in this folder: number
words, units and currencies, hedges, change verbs, non-fact patterns, type
cues, context vocabulary. A :class:`RuleSet` is the package's files with the
files of a user's rules folder merged over them (see :meth:`RuleSet.load`);
it is validated entirely when it is built, so a bad entry fails at load with
its file, entry and reason, never in the middle of a run.

The module-level functions (``units()``, ``lexicon(name)``, ...) read the
package's own rules, for the code that has no pipeline at hand (the README's
unit list, the table's currency signs).
"""

from __future__ import annotations

import re
from typing import Any

from laborfacts.rules.checks import (
    ClassifyRule,
    LexiconError,
    check_changes,
    check_classify,
    check_countries,
    check_nonfacts,
    check_units,
)
from laborfacts.rules.ruleset import RuleSet

__all__ = [
    "ClassifyRule",
    "LexiconError",
    "RuleSet",
    "check_changes",
    "check_classify",
    "check_countries",
    "check_nonfacts",
    "check_units",
    "first_guard",
]


def lexicon(name: str) -> dict[str, Any]:
    """A JSON lexicon of the package's own rules, without its ``_doc`` key."""
    return RuleSet.default().lexicon(name)


def units() -> dict[str, Any]:
    """The package's ``rules/units.json``, validated."""
    return RuleSet.default().units()


def countries() -> dict[str, Any]:
    """The package's ``rules/countries.json``, validated."""
    return RuleSet.default().countries()


def nonfacts() -> dict[str, Any]:
    """The package's ``rules/nonfacts.json``, validated."""
    return RuleSet.default().nonfacts()


def changes() -> dict[str, list[str]]:
    """The package's ``rules/changes.json``, validated."""
    return RuleSet.default().changes()


def classify_rules() -> tuple[ClassifyRule, ...]:
    """The package's own classify rules."""
    return RuleSet.default().classify_rules()


def phrase_regex(phrases: list[str] | tuple[str, ...]) -> str:
    """An alternation matching whole phrases; a trailing ``*`` matches any word ending,
    and an entry written ``re:...`` is a regular expression of its own.

    Longest phrases come first so the regex prefers them.
    """
    parts = []
    for p in sorted(set(phrases), key=len, reverse=True):
        if p.startswith("re:"):
            parts.append("(?:" + p[3:] + ")")
            continue
        star = p.endswith("*")
        body = re.escape(p.rstrip("*")).replace(r"\ ", r"[\s\u00a0-]+")
        lead = r"\b" if p[:1].isalnum() else ""
        tail = r"[\w'’-]*" if star else (r"\b" if p[-1:].isalnum() else "")
        parts.append(lead + body + tail)
    return "(?:" + "|".join(parts) + ")"


# ---- the first characters of a pattern, for prefilters derived from the data

_First = tuple[frozenset[str], bool, bool]  # characters, "or a digit", "may be empty"


def _set_first(items: Any, icase: bool) -> _First | None:
    """What a character set ("[A-Za-z$]", "\\d") can start a match with."""
    from re import _constants as k  # type: ignore[attr-defined]

    chars: set[str] = set()
    digit = False
    for o, a in items:
        if o is k.LITERAL:
            c = chr(a)
            chars |= {c.lower(), c.upper()} if icase else {c}
        elif o is k.RANGE and a[1] - a[0] < 512:
            for x in range(a[0], a[1] + 1):
                c = chr(x)
                chars |= {c.lower(), c.upper()} if icase else {c}
        elif o is k.CATEGORY and a is k.CATEGORY_DIGIT:
            digit = True
        else:
            return None  # a negated set, \w, \s: too wide to be worth it
    return frozenset(chars), digit, False


def first_chars(pattern: str) -> tuple[frozenset[str], bool] | None:
    """The characters a match of ``pattern`` can start with, and whether a
    digit can start it: a prefilter that never rejects a position where the
    pattern matches. None when any character may start a match.

    Read from the parse tree of Python's own regular-expression parser."""
    from re import _constants as k  # type: ignore[attr-defined]
    from re import _parser as sre  # type: ignore[attr-defined]

    def seq(items: Any, icase: bool) -> _First | None:
        chars: set[str] = set()
        digit = False
        for op, av in items:
            if op in (k.AT, k.ASSERT, k.ASSERT_NOT):
                continue  # zero width: the next item starts the match
            got = one(op, av, icase)
            if got is None:
                return None
            chars |= got[0]
            digit = digit or got[1]
            if not got[2]:
                return frozenset(chars), digit, False
        return frozenset(chars), digit, True

    def one(op: Any, av: Any, icase: bool) -> _First | None:
        if op is k.LITERAL:
            c = chr(av)
            return frozenset({c.lower(), c.upper()} if icase else {c}), False, False
        if op is k.IN:
            return _set_first(av, icase)
        if op is k.BRANCH:
            chars: set[str] = set()
            digit = empty = False
            for alt in av[1]:
                got = seq(alt, icase)
                if got is None:
                    return None
                chars |= got[0]
                digit, empty = digit or got[1], empty or got[2]
            return frozenset(chars), digit, empty
        if op is k.SUBPATTERN:
            _, add, remove, sub = av
            return seq(sub, (icase or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE)
        if op in (k.MAX_REPEAT, k.MIN_REPEAT, k.POSSESSIVE_REPEAT):
            got = seq(av[2], icase)
            return None if got is None else (got[0], got[1], got[2] or av[0] == 0)
        return None

    got = seq(sre.parse(pattern).data, False)
    if got is None or got[2]:
        return None
    return got[0], got[1]


def first_guard(pattern: str) -> str:
    """A lookahead on the characters a match of ``pattern`` can start with, to
    put right before it (empty when any character may start one). The regex
    engine enters each alternative of a case-blind alternation in turn; behind
    this one test it does so only where one of them can start. Compiled with
    the pattern's own flags, the class folds case exactly as its literals do."""
    got = first_chars(pattern)
    if got is None:
        return ""
    chars, digit = got
    return "(?=[" + "".join(re.escape(c) for c in sorted(chars)) + (r"\d" if digit else "") + "])"
