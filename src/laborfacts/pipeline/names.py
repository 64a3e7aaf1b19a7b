"""The capitalised names of one article, found in one scan and sliced per sentence."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from laborfacts.pipeline.entities import ContextVocabulary, vocabulary

# The capital comes first and the look-behind after it, so the engine can skip
# to capitals instead of trying the pattern at every character. A run of
# capitals ("UPS", "JFK8") is one case of ``[A-Z][\w&.'’-]*``.
_NAME_WORD = r"[A-Z][\w&.'’-]*"
_NAME = re.compile(
    rf"(?P<name>[A-Z](?<![\w’'][A-Z])[\w&.'’-]*"
    rf"(?:[ \u00a0](?:(?:of|and|for|the|de|&)[ \u00a0])?{_NAME_WORD}){{0,5}})(?P<poss>['’]s\b)?"
)
_CODE = re.compile(r"[A-Z]{2,}\d")  # "JFK8", "LDJ5": a facility code is a name
_CONTRACTION = re.compile(r"['’](?:s|re|ll|ve|d|m|t)$")


_NAME_SCAN = 200000  # characters of an article scanned for its names up front


class Names:
    """Capitalised names of one article, and which words are names at all.

    A capitalised word at the start of a sentence ("Revenue rose…") is only a
    name if the article also capitalises it elsewhere.
    """

    def __init__(
        self,
        text: str,
        sentences: list[tuple[int, int]],
        vocab: ContextVocabulary | None = None,
    ):
        self.text = text
        vocab = vocab or vocabulary()
        self._not_names, self._places = vocab.not_name_words, vocab.known_places
        starts = {s for s, _ in sentences}
        self.mid_sentence: set[str] = set()
        self._scanned = self.scanned = min(len(text), _NAME_SCAN)
        # every match of the scan, reused by ``within`` for each sentence
        self._starts: list[int] = []
        self._matches: list[tuple[int, int, str, bool]] = []
        add_start, add_match, add_mid = (
            self._starts.append,
            self._matches.append,
            self.mid_sentence.add,
        )
        for m in _NAME.finditer(text, 0, self._scanned):
            start, end = m.span()
            name, poss = m.group("name", "poss")
            add_start(start)
            add_match((start, end, name, poss is not None))
            if start not in starts:
                add_mid(name.split(None, 1)[0])
        self.starts = starts
        self._sorted_starts = sorted(starts)
        self._lowercase: dict[str, bool] = {}

    def written_lowercase(self, word: str) -> bool:
        """Does the article also write ``word`` in lower case (a common word)?"""
        low = word.lower()
        if low not in self._lowercase:
            self._lowercase[low] = _written(self.text, low)
        return self._lowercase[low]

    def _matches_within(self, lo: int, hi: int) -> list[tuple[int, int, str, bool]]:
        """What a scan of [lo, hi) alone would match: the article's matches
        inside it, unless one runs across its edges (then it is scanned)."""
        i = bisect_left(self._starts, lo)
        j = bisect_left(self._starts, hi)
        inside = (
            (hi <= self._scanned if self._scanned == len(self.text) else hi < self._scanned - 100)
            and (i == 0 or self._matches[i - 1][1] <= lo)
            and (j == 0 or self._matches[j - 1][1] <= hi)
        )
        if inside:
            return self._matches[i:j]
        return [
            (m.start(), m.end(), m.group("name"), m.group("poss") is not None)
            for m in _NAME.finditer(self.text, lo, hi)
        ]

    def within(
        self, lo: int, hi: int, keep: frozenset[str] = frozenset()
    ) -> list[tuple[int, int, str, bool]]:
        """(start, end, name, possessive) of the names in [lo, hi)."""
        out = []
        for match in self._matches_within(lo, hi):
            named = self._name(*self._piece(*match), keep)
            if named is not None:
                out.append(named)
        return out

    def _piece(
        self, m_start: int, m_end: int, m_name: str, m_poss: bool
    ) -> tuple[int, int, str, bool]:
        """A match, cut where a sentence starts inside it ("… at Amazon. The
        company said")."""
        k = bisect_right(self._sorted_starts, m_start)
        if k < len(self._sorted_starts) and self._sorted_starts[k] < m_end:
            m_name = self.text[m_start : self._sorted_starts[k]].rstrip()
            m_end, m_poss = m_start + len(m_name), False
        return m_start, m_end, m_name, m_poss

    def _name(
        self, m_start: int, m_end: int, m_name: str, m_poss: bool, keep: frozenset[str]
    ) -> tuple[int, int, str, bool] | None:
        """The name a piece of a match gives, or None: the words that never
        open or close a name dropped, a common word opening a sentence and a
        known place left out."""
        not_names, places = self._not_names, self._places
        name = m_name.rstrip(".")
        if "." in name.rsplit(" ", 1)[-1]:
            name += "."  # "U.S.": an abbreviation keeps its last period
        words = name.split()
        while words and words[0] in not_names:
            words.pop(0)
        while words and words[-1] in not_names and words[-1].lower() not in keep:
            words.pop()
        possessive = m_poss
        # every contraction has an apostrophe: the pattern runs only on those
        if words and ("'" in words[-1] or "’" in words[-1]) and _CONTRACTION.search(words[-1]):
            # "Amazon’s" is Amazon; "It’s", "We’re" are no names at all
            possessive = possessive or words[-1][-2:] in ("'s", "’s")
            words[-1] = _CONTRACTION.sub("", words[-1])
            if words[-1] in not_names:
                words.pop()
        elif words and words[-1][-1:] in ("'", "’") and words[-1][-2:-1] == "s":
            possessive = True  # "Halvorsen Bakeries’ two plants": a plural's possessive
            words[-1] = words[-1][:-1]
        if not words:
            return None
        if (
            len(words) == 1
            and m_start in self.starts
            and words[0] not in self.mid_sentence
            and not words[0].isupper()
            and self.written_lowercase(words[0])
        ):
            return None  # "Revenue rose…": a common word that opens the sentence
        name = " ".join(words)
        if name.rstrip(".") in places or all(w.rstrip(".") in places for w in words):
            return None
        if any(map(str.isdigit, name)) and not _CODE.search(name):
            return None
        return m_start, m_end, name, possessive


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _written(text: str, word: str) -> bool:
    """Does ``text`` hold ``word`` as a word of its own (what the pattern
    ``(?<![\\w’'-])word\b`` finds), found with plain substring search?"""
    i = text.find(word)
    end_word = _is_word(word[-1])
    while i >= 0:
        j = i + len(word)
        before = text[i - 1] if i else ""
        if not (before and (_is_word(before) or before in "’'-")):
            after_word = j < len(text) and _is_word(text[j])
            if end_word != after_word:
                return True
        i = text.find(word, i + 1)
    return False


_NUMBER_TAIL = re.compile(r"[ \u00a0]+\d{1,4}[A-Z]?")


def numbered(
    text: str, names: list[tuple[int, int, str, bool]], nonfacts: list[tuple[int, int]] | None
) -> list[tuple[int, int, str, bool]]:
    """A name whose last word opens a name with a number ("Fraser Point
    Terminal" + "Terminal 3", a non-fact span) is named with its number."""
    if not nonfacts:
        return names
    starts = [a for a, _ in nonfacts]
    out = []
    for start, end, form, poss in names:
        i = bisect_right(starts, end) - 1
        if i >= 0 and start <= nonfacts[i][0] < end < nonfacts[i][1] and not poss:
            b = nonfacts[i][1]
            if _NUMBER_TAIL.fullmatch(text, end, b):
                start, end, form = start, b, form + " " + text[end:b].strip()
        out.append((start, end, form, poss))
    return out
