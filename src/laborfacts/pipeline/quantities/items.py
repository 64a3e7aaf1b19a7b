"""Count readers: the counted noun after a number ("340,000 UPS workers"), the
people of a number word ("three of the drivers", "maybe twenty of us") and
ratios ("one nurse for every six patients"). The nouns, their groups and the
irregular plurals come from ``rules/items.json``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from laborfacts.pipeline.mentions import Flag, Kind, Mention
from laborfacts.pipeline.numbers import DIGITS, NumberWords, parse_digits
from laborfacts.pipeline.quantities.text import WS, Reader

# "400 U.S. workers": an abbreviation with its periods is one word
_WORD_RIGHT = re.compile(
    r"(?:[\s\u00a0]+|-)(?P<w>(?:[A-Z]\.){2,}|[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*)"
)
_MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
# "three of the drivers", "maybe twenty of us"; "two more holidays", "nine other employees"
_PARTITIVE = re.compile(
    rf"{WS}+of{WS}+(?:the|my|our|us|them|their|these|those|its|his|her|your|whom)\b", re.IGNORECASE
)
_COUNT_ADJECTIVE = re.compile(
    rf"{WS}+(?:more|other|additional|extra|new|further){WS}*", re.IGNORECASE
)

Item = tuple[str | None, str | None, int]


@dataclass(frozen=True)
class ItemGrammar:
    groups: dict[str, str]  # noun lemma → its group ("driver" → "worker")
    irregular: dict[str, str]
    stop: frozenset[str]
    one_for_every: re.Pattern[str]
    numbers: NumberWords
    modifiers: frozenset[str] = frozenset()  # "two worker centers": whose, not what
    _lemmas: dict[str, str] = field(default_factory=dict)

    def lemma(self, word: str) -> str:
        """Singular lemma of a plural noun, by rule and a small irregular list."""
        got = self._lemmas.get(word)
        if got is None:
            if len(self._lemmas) > 65536:
                self._lemmas.clear()  # a bound on memory over a long run
            got = self._lemmas[word] = _lemma(word, self.irregular)
        return got

    def group(self, lem: str, low: str) -> str | None:
        return self.groups.get(lem) or self.groups.get(low)


def compile_items(items: dict[str, Any], numbers: NumberWords) -> ItemGrammar:
    groups: dict[str, str] = {}
    for g, words in items["groups"].items():
        for w in words:
            groups.setdefault(w, g)
    return ItemGrammar(
        groups=groups,
        irregular=items["irregular"],
        stop=frozenset(items["stopwords"]),
        one_for_every=re.compile(
            rf"(?:one|1)(?:{WS}+[A-Za-z][\w’'-]*){{0,2}}?{WS}+(?:for|to){WS}+every{WS}+"
            rf"(?P<n>{DIGITS}|{numbers.words})\b",
            re.IGNORECASE,
        ),
        numbers=numbers,
        modifiers=frozenset(items.get("modifiers", ())),
    )


def _lemma(word: str, irregular: dict[str, str]) -> str:
    w = word.lower().strip("'’")
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    if w in irregular:
        return irregular[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes", "zes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


def _looks_plural(g: ItemGrammar, word: str) -> bool:
    w = word.lower()
    return w in g.irregular or (
        w.endswith("s") and not w.endswith(("ss", "us", "is", "ous")) and len(w) > 3
    )


def _compound_head(g: ItemGrammar, text: str, m: re.Match[str], limit: int) -> Item | None:
    """A compound's head is its last noun: "delivery drivers", "package handlers"."""
    nxt = _WORD_RIGHT.match(text, m.end(), limit)
    hyphenated = text[m.start()] == "-"  # "170-stop job": the number's own noun
    if nxt is None or hyphenated or text[m.end()] == "-":
        return None
    nlow = nxt.group("w").lower()
    nlem = g.lemma(nlow)
    ngroup = g.group(nlem, nlow)
    if ngroup:
        return nlem, ngroup, nxt.end()
    # "five container terminals": a singular thing before a plural noun only
    # says what kind; the terminals are counted (people keep their group:
    # "nurse practitioners" are still workers)
    word = m.group("w").lower()
    first = g.group(g.lemma(word), word)
    kind_only = first not in (None, "worker") or g.lemma(word) in g.modifiers
    if kind_only and not _looks_plural(g, word) and _looks_plural(g, nlow):
        if nxt.group("w")[0].islower() and nlow not in g.stop:
            return nlem, None, nxt.end()
    return None


def find_item(g: ItemGrammar, text: str, pos: int, limit: int, max_words: int = 5) -> Item:
    """The counted noun after ``pos``: (lemma, group, end offset) or (None, None, pos).

    Looks at up to four words, skipping capitalised names and adjectives
    ("340,000 UPS workers", "84 DSP delivery drivers").
    """
    cur = pos
    fallback: tuple[str, int] | None = None
    joined = max_words < 5  # short look-ups never join over "and"
    for _ in range(max_words):
        m = _WORD_RIGHT.match(text, cur, limit)
        if m is None:
            break
        word = m.group("w")
        low = word.lower()
        if low in ("and", "or") and not joined and cur != pos:
            joined = True  # "current and former employees"
            cur = m.end()
            continue
        if low in g.stop or low in _MONTHS:
            break
        lem = g.lemma(low)
        group = g.group(lem, low)
        if group:
            return _compound_head(g, text, m, limit) or (lem, group, m.end())
        # A two-word item ("warehouse worker") is read by its head noun above.
        if cur == pos and text.startswith("-", pos) and word.islower():
            return lem, None, m.end()  # "a 412-bed hospital": beds are counted
        if word[0].islower() and _looks_plural(g, word) and fallback is None:
            fallback = (lem, m.end())
            # an adjective-free plural noun right after the number is the item
            if cur == pos:
                return lem, None, m.end()
        cur = m.end()
    if fallback:
        return fallback[0], None, fallback[1]
    return None, None, pos


def counted_in_words(
    g: ItemGrammar, text: str, end: int, n: int, value: float
) -> tuple[str | None, str | None]:
    """What a small number word counts when no noun follows it at once: the
    noun after "other"/"more" or after "of the", or the people of "of us"."""
    adj = _COUNT_ADJECTIVE.match(text, end, min(n, end + 16))
    if adj is not None:
        at = adj.end() - 1 if adj.end() > adj.start() else end
        item, group, _ = find_item(g, text, at, min(n, end + 60), 2)
        if item is not None:
            return item, group
        more = text[adj.start() :].lstrip().lower().startswith("more")
        return ("item", None) if more else (None, None)
    part = _PARTITIVE.match(text, end, min(n, end + 12))
    if part is None or value < 2:
        return None, None
    if part.group().rstrip().lower().endswith(("us", "them", "whom")):
        return "person", "worker"
    item, group, _ = find_item(g, text, part.end(), min(n, part.end() + 60), 4)
    return item, group


def read_ratio(g: ItemGrammar, text: str, s: int, n: int) -> Mention | None:
    """ "one nurse for every six patients" as one count: six patients per nurse."""
    m = g.one_for_every.match(text, s, min(n, s + 80))
    if m is None:
        return None
    raw = m.group("n")
    v = parse_digits(raw) if raw[0].isdigit() else g.numbers.parse_words(raw)
    if v is None or v < 1:
        return None
    item, group, item_end = find_item(g, text, m.end(), min(n, m.end() + 60), 3)
    end = item_end if item is not None else m.end()
    return Mention(
        start=s, end=end, kind=Kind.COUNT, value=v, unit="count", item=item, item_group=group,
        core_start=m.start("n"), core_end=m.end("n"), flags={Flag.RATIO},
        confidence=0.7, reader=Reader.COUNT_RATIO,
    )  # fmt: skip
