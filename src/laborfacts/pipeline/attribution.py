"""Who says a figure: "according to the union", "a 2024 survey found", "Jane
Roe said", "said Jane Roe".

The verbs come from ``rules/cues.json``: ``attribution_verbs`` are the verbs
of attribution; those in ``not_speaker_verbs`` (base forms a plural subject
takes, words that are also nouns: "Analysts estimate", "The report") do not
make the name before them the speaker. ``inverted_speaker_verbs`` may also
come before the speaker ("…, said Jane Roe").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from laborfacts.pipeline.groups import CAP_WORD
from laborfacts.rules import phrase_regex

_ACCORDING = re.compile(r"\baccording to (?P<who>[^,.;:()\"“”]{2,60})", re.IGNORECASE)
_STUDY_HEAD = (
    r"\b(?P<who>(?:[Aa]n?|[Tt]he|[Ii]ts)\s+(?:(?:\d{4}|new|recent|federal|annual|internal|latest|[A-Z][\w.]*)\s+){0,3}"
    r"(?:study|survey|report|analysis|poll|audit|review|investigation|data|figures|filing|ruling|research|census)"
    r"(?:\s+(?:by|from|of)\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,4})?)\s+"
)
_ORG_NAME = (
    rf"(?:the[ \u00a0])?{CAP_WORD}(?:[ \u00a0](?:(?:of|and|for|&)[ \u00a0])?{CAP_WORD}){{0,4}}"
)
# a pronoun names no one the reader can check
_NO_ONE = frozenset({"It", "This", "That", "He", "She", "They", "We", "I"})


def _words(verbs: list[str]) -> tuple[str, ...]:
    """What a sentence must hold (lower-cased) for a pattern on ``verbs`` to
    match: a substring test that spares the pattern, slow to fail, on most."""
    return tuple(sorted({v.lower().rstrip("*") for v in verbs}))


@dataclass(frozen=True)
class Attribution:
    """The attribution patterns, each with the words it cannot match without."""

    patterns: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]

    @classmethod
    def compile(cls, cues: Mapping[str, Any]) -> Attribution:
        verbs = [v for v in cues["attribution_verbs"] if " " not in v]
        not_speaker = {v.lower() for v in cues.get("not_speaker_verbs", ())}
        speaker = [v for v in verbs if v.lower() not in not_speaker]
        study = [v for v in verbs if v.lower() in set(cues.get("study_verbs", verbs))]
        inverted = [v for v in cues.get("inverted_speaker_verbs", ()) if v in verbs]
        says = re.compile(rf"(?P<who>{_ORG_NAME})[ \u00a0]+{phrase_regex(speaker)}\b")
        patterns = [
            (_ACCORDING, ("ccording",)),
            (re.compile(_STUDY_HEAD + rf"{phrase_regex(study)}\b"), _words(study)),
            (says, _words(speaker)),
        ]
        if inverted:
            said_by = re.compile(rf"{phrase_regex(inverted)}[ \u00a0]+(?P<who>{_ORG_NAME})")
            patterns.append((said_by, _words(inverted)))
        return cls(tuple(patterns))

    def in_text(self, text: str) -> Attribution:
        """The patterns that can match somewhere in ``text``, each with only the
        words of it the text holds: a sentence is then tested for few words."""
        low = text.lower()
        held: dict[str, bool] = {}  # the patterns share words: each is looked for once
        kept = []
        for rx, words in self.patterns:
            for w in words:
                if w not in held:
                    held[w] = w in low
            present = tuple(w for w in words if held[w])
            if present:
                kept.append((rx, present))
        return Attribution(tuple(kept))

    def find(self, text: str, sent: tuple[int, int]) -> str | None:
        """Who the sentence in ``sent`` says its figures come from."""
        s = text[sent[0] : sent[1]]
        low = s.lower()
        for rx, words in self.patterns:
            for w in words:
                if w in low:
                    break
            else:
                continue
            m = rx.search(s)
            if m is not None:
                who = " ".join(m.group("who").split())
                if who.split()[0] not in _NO_ONE:
                    return who
        return None
