"""The country of an article, decided once per document from its text.

It decides what a bare "$" and "dollars" are (CAD in a Canadian article) and
what bare "degrees" of heat are (Fahrenheit in an American one, Celsius
elsewhere). The vocabulary is data (``rules/countries.json``): place and
institution names and currency signs score for their country, a dateline
("VANCOUVER —") counts three times, and British spellings ("labour",
"organise") against American ones tell an article from outside the United
States when it names no place at all.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from laborfacts.rules import RuleSet

DATELINE_WEIGHT = 3


@dataclass(frozen=True, slots=True)
class Country:
    """What an article's country decides about its quantities."""

    code: str  # "US", "CA", …, or "international"
    dollar: str  # the ISO 4217 code of a bare "$"
    degree: str  # the SPEC unit of bare "degrees"
    signs: dict[str, str] = field(default_factory=dict)  # the country's own signs


def trie_regex(words: list[str]) -> str:
    """An alternation of literal ``words`` as a trie, so a match attempt tries
    only the words that share the text's next character."""
    tree: dict[str, Any] = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    return build(tree)


def _bounded(text: str, s: int, e: int) -> bool:
    """Is text[s:e] a whole word (no letter or digit glued on a word side)?"""
    if text[s : s + 1].isalnum() and s > 0 and text[s - 1].isalnum():
        return False
    return not (text[e - 1 : e].isalnum() and e < len(text) and text[e].isalnum())


@dataclass(frozen=True)
class _Compiled:
    names: re.Pattern[str]
    owner: dict[str, str]
    spelling: re.Pattern[str]
    us_words: frozenset[str]
    by_code: dict[str, Country]
    default: Country
    international: Country


_COMPILED: dict[str, _Compiled] = {}


def _compiled(rules: RuleSet | None = None) -> _Compiled:
    """The country vocabulary of ``rules`` (the package's by default), compiled once."""
    rules = rules or RuleSet.default()
    got = _COMPILED.get(rules.fingerprint)
    if got is None:
        got = _COMPILED[rules.fingerprint] = _compile(rules.countries())
    return got


def _compile(data: dict[str, Any]) -> _Compiled:
    owner: dict[str, str] = {}
    by_code: dict[str, Country] = {}
    for code, c in data["countries"].items():
        by_code[code] = Country(code, c["dollar"], c["degree"], dict(c.get("signs", {})))
        for name in c["names"]:
            owner.setdefault(name, code)
    intl = data["international"]
    spelling = data["spelling"]
    return _Compiled(
        names=re.compile(trie_regex(list(owner))),
        owner=owner,
        spelling=re.compile(trie_regex(spelling["us"] + spelling["non_us"])),
        us_words=frozenset(spelling["us"]),
        by_code=by_code,
        default=by_code[data["default"]],
        international=Country("international", intl["dollar"], intl["degree"]),
    )


def _is_dateline(text: str, s: int) -> bool:
    """Does the name at ``s`` open a line and stand before a dash ("VANCOUVER —")
    or a comma ("OLIVE BRANCH, Miss. —")?"""
    line_start = text.rfind("\n", 0, s) + 1
    head = text[line_start : line_start + 60]
    return "—" in head[:50] or " - " in head[:50] or "–" in head[:50]


def decide(text: str, rules: RuleSet | None = None) -> Country:
    """The country of the article ``text`` (see the module's docstring)."""
    c = _compiled(rules)
    scores: Counter[str] = Counter()
    for m in c.names.finditer(text):
        s, e = m.span()
        if not _bounded(text, s, e):
            continue
        code = c.owner[m.group()]
        scores[code] += DATELINE_WEIGHT if _is_dateline(text, s) else 1
    # datelines are written in capitals: "VANCOUVER —"
    for line in re.finditer(
        r"(?m)^([A-Z][A-Z .'’-]{2,40}?)(?:,[^\n—–]{0,20})?[ \u00a0]+[—–-]", text
    ):
        city = line.group(1).strip().title()
        if city in c.owner:
            scores[c.owner[city]] += DATELINE_WEIGHT
    if scores:
        top = max(scores.values())
        tied = [code for code, score in scores.items() if score == top]  # in order named
        return c.default if c.default.code in tied else c.by_code[tied[0]]
    lowered = text.lower()
    us = non_us = 0
    for m in c.spelling.finditer(lowered):
        if _bounded(lowered, *m.span()):
            if m.group() in c.us_words:
                us += 1
            else:
                non_us += 1
    if not scores and non_us > us:
        return c.international
    return c.default
