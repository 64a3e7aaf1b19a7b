"""Groups of people at work named in an article: "care workers", "Amazon drivers".

The group pattern is compiled from ``rules/context.json`` (``group_nouns``,
``group_modifiers``) and run once per article. It has no literal prefix, so a
plain scan tries it at every character; instead the scan jumps to the
occurrences of the group nouns (every match holds one) and searches only the
run of text around each that a match can span. The result is the same as a
``finditer`` over the text, which the tests check.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

CAP_WORD = r"(?:[A-Z][\w&.'’-]*|[A-Z]{2,}\d*)"
# characters a match may hold besides those of the rule words; any other one
# ends every match ("," ";" "\n" "(" …)
_INSIDE = r"\w&.'’\- \u00a0"
_SEPARATORS = " \u00a0"
_OPENERS = ".!?:\"“”'‘’•"  # a colon opens a headline's clause: "WE WON IT: Members …"

Group = tuple[int, int, str]  # start, end, the group as the subject names it


def either_case(word: str) -> str:
    """A word's pattern with its first letter in either case ("Couriers at …")."""
    return (
        f"[{word[0].upper()}{word[0]}]{re.escape(word[1:])}"
        if word[0].isalpha()
        else re.escape(word)
    )


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _run_end(run: re.Pattern[str], text: str, at: int) -> int:
    """Where a run pattern (which may match nothing) ends from ``at``."""
    m = run.match(text, at)
    return at if m is None else m.end()


@dataclass(frozen=True)
class GroupPattern:
    """The group pattern and what the fast scan derives from its words."""

    pattern: re.Pattern[str]
    nouns: tuple[str, ...]  # lower-case words one of which every match holds
    words: frozenset[str]  # group nouns and modifiers, written lower case in a group
    forward: re.Pattern[str]  # the run of characters a match can span, forwards
    backward: re.Pattern[str]  # … backwards from a noun, on the reversed text
    starts: re.Pattern[str]  # where a match may start
    stop: frozenset[str]  # words a group does not open with ("the", "its")

    @classmethod
    def compile(
        cls,
        group_nouns: frozenset[str],
        group_modifiers: frozenset[str],
        stop: frozenset[str] = frozenset(),
    ) -> GroupPattern:
        # longest first, so "care workers" is preferred to "workers"
        nouns = "|".join(either_case(n) for n in sorted(group_nouns, key=lambda n: (-len(n), n)))
        modifiers = "|".join(re.escape(w) for w in sorted(group_modifiers)) + r"|[a-z]+-[a-z]+"
        pattern = re.compile(
            rf"(?<![\w’'-])(?P<group>(?:(?:{CAP_WORD}|{modifiers})[ \u00a0]){{0,3}}(?:{nouns}))\b"
        )
        # every group ends with one of these (each noun holds one of them)
        ends = sorted({n.split()[-1].lower() for n in group_nouns})
        minimal = tuple(n for n in ends if not any(o != n and o in n for o in ends))
        extra = {ch for w in group_nouns | group_modifiers for ch in w if not _is_word(ch)}
        inside = _INSIDE + "".join(re.escape(ch) for ch in sorted(extra - set(_INSIDE)))
        seps = max((sum(w.count(s) for s in _SEPARATORS) for w in group_modifiers), default=0)
        noun_seps = max((sum(n.count(s) for s in _SEPARATORS) for n in group_nouns), default=0)
        # a match spans at most this many separators before its last noun word
        reach = 3 * (1 + seps) + noun_seps
        word = f"[{inside.replace(' ', '').replace(chr(0xA0), '')}]*"
        return cls(
            pattern=pattern,
            nouns=minimal,
            words=frozenset(group_nouns | group_modifiers),
            forward=re.compile(f"[{inside}]*"),
            backward=re.compile(rf"{word}(?:[ \u00a0]{word}){{0,{reach}}}"),
            starts=re.compile(r"(?<![\w’'-])"),
            stop=stop,
        )

    def finditer(self, text: str, lo: int = 0, hi: int | None = None) -> list[re.Match[str]]:
        """What ``pattern.finditer(text, lo, hi)`` finds, searching only
        around the group nouns."""
        hi = len(text) if hi is None else hi
        low = text.lower()
        if len(low) != len(text):  # a letter whose lower case is longer
            return list(self.pattern.finditer(text, lo, hi))
        hits: list[int] = []
        for noun in self.nouns:
            i = low.find(noun, lo, hi)
            while i >= 0:
                hits.append(i)
                i = low.find(noun, i + 1, hi)
        if not hits:
            return []
        hits.sort()
        rev = text[::-1]
        out: list[re.Match[str]] = []
        done = lo  # every start before this has been tried
        for at in hits:
            if at < done:
                continue
            # A match holding the noun at ``at`` starts within ``reach``
            # separators before it, and one that holds none starts nowhere:
            # only the starts in between are tried.
            start = max(done, len(text) - _run_end(self.backward, rev, len(text) - at))
            # a match runs no further than a character none holds, or ``hi``
            end = min(hi, _run_end(self.forward, text, at))
            done = at + 1
            for p in self.starts.finditer(text, start, at + 1):
                m = self.pattern.match(text, p.start(), end)
                if m is not None:
                    out.append(m)
                    done = m.end()
                    break
        return out


def as_group(text: str, m: re.Match[str], pattern: GroupPattern) -> Group | None:
    """A match as the group a subject names, or None where it names none."""
    words = pattern.words
    parts = m.group("group").split()
    while parts and parts[0].lower() in pattern.stop:
        parts.pop(0)
    if parts and parts[-1][:1].isupper():
        # a capitalised noun only opens a sentence ("Couriers at Nordvik …");
        # elsewhere it is part of a name ("… Nurses Guild")
        before = text[max(0, m.start() - 3) : m.start()]
        opens = "\n" in before or not before.strip() or before.strip()[-1] in _OPENERS
        if len(parts) > 1 or not opens:
            return None
    if parts and parts[0].lower() in words:
        parts[0] = parts[0].lower()
    return (m.start(), m.end(), " ".join(parts)) if parts else None


class ArticleGroups:
    """The groups of one article, found once; those of a sentence are a slice."""

    def __init__(self, text: str, pattern: GroupPattern, hi: int | None = None):
        self.text, self.pattern = text, pattern
        self._hi = len(text) if hi is None else hi
        self._matches = pattern.finditer(text, 0, self._hi)
        self._starts = [m.start() for m in self._matches]
        found = [as_group(text, m, pattern) for m in self._matches]
        self._groups = found

    def all(self) -> list[Group]:
        return [g for g in self._groups if g is not None]

    def within(self, lo: int, hi: int) -> list[Group]:
        """What a scan of [lo, hi) alone finds: the article's matches inside
        it, unless one runs across its edges (then it is scanned)."""
        i = bisect_left(self._starts, lo)
        j = bisect_left(self._starts, hi)
        text, ms = self.text, self._matches
        if (
            hi <= self._hi
            and (i == 0 or ms[i - 1].end() <= lo)
            and (j == 0 or ms[j - 1].end() <= hi)
            and (hi == self._hi or not _is_word(text[hi]))
        ):
            return [g for g in self._groups[i:j] if g is not None]
        found = (as_group(text, m, self.pattern) for m in self.pattern.finditer(text, lo, hi))
        return [g for g in found if g is not None]
