"""Reading numbers: digits with separators and decimals, number words, scales.

The words come from ``rules/numbers.json``: :func:`number_words` compiles them
from a rule set once per fingerprint. The module's constants are those of the
package's rules, for code with no pipeline at hand.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from laborfacts.rules import RuleSet

# Digit numbers: grouped thousands, plain runs, decimals. A run of more than 15
# digits is no quantity at all (an id, a hash), never a huge float.
DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[\u00a0\u202f]\d{3})+(?:\.\d+)?|(?<!\d)\d{1,15}(?!\d)(?:\.\d+)?|\.\d+)"
_SCALE_WORDS = ["hundred", "thousand", "million", "billion", "trillion"]


def parse_digits(text: str) -> float | None:
    """'1,600,000' → 1600000.0; '10.3' → 10.3. None if not a finite number."""
    if "," not in text:  # a comma never reads as a float: no failed try for it
        try:
            value = float(text)  # most numbers have no separators to take out
        except ValueError:
            pass
        else:
            return value if math.isfinite(value) else None
    cleaned = text.replace(",", "").replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _floats(data: dict[str, float]) -> dict[str, float]:
    return {k: float(v) for k, v in data.items()}


@dataclass(frozen=True)
class NumberWords:
    """The number words of one rule set and the pattern that reads them."""

    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, float]
    scale_abbreviations: dict[str, float]
    phrases: dict[str, float]
    fractions: dict[str, float]
    vague: dict[str, float]
    words: str  # the pattern of a run of number words: "one hundred and five"
    token: re.Pattern[str]

    @classmethod
    def of(cls, rules: RuleSet) -> NumberWords:
        num = rules.lexicon("numbers")
        alt = "|".join(sorted([*num["units"], *num["tens"], *_SCALE_WORDS], key=len, reverse=True))
        # "and" joins words only after a scale: "one hundred and five", not "five and seven"
        after_scale = "|".join(f"(?<={w})" for w in _SCALE_WORDS)
        joint = rf"(?:[\s\u00a0]+|-|(?:{after_scale})[\s\u00a0]+and[\s\u00a0]+)"
        words = rf"(?:(?:{alt})(?:{joint}(?:{alt}))*)"
        return cls(
            units=dict(num["units"]),
            tens=dict(num["tens"]),
            scales=_floats(num["scales"]),
            scale_abbreviations=_floats(num["scale_abbreviations"]),
            phrases=_floats(num["phrases"]),
            fractions=_floats(num["fractions"]),
            vague=_floats(num["vague"]),
            words=words,
            token=re.compile(alt, re.IGNORECASE),
        )

    def parse_words(self, text: str) -> float | None:
        """'twenty-seven' → 27; 'one hundred fifty' → 150; 'two million' → 2e6."""
        total = 0.0
        current = 0.0
        seen = False
        for tok in self.token.findall(text.lower()):
            if tok in self.units:
                current += self.units[tok]
            elif tok in self.tens:
                current += self.tens[tok]
            elif tok == "hundred":
                current = (current or 1) * 100
            else:
                total += (current or 1) * self.scales[tok]
                current = 0.0
            seen = True
        return total + current if seen else None

    def scale_of(self, word: str) -> float | None:
        w = word.lower()
        if w in self.scales:
            return self.scales[w]
        return self.scale_abbreviations.get(w)


_COMPILED: dict[str, NumberWords] = {}


def number_words(rules: RuleSet | None = None) -> NumberWords:
    """The number words of ``rules`` (the package's by default), compiled once."""
    rules = rules or RuleSet.default()
    got = _COMPILED.get(rules.fingerprint)
    if got is None:
        got = _COMPILED[rules.fingerprint] = NumberWords.of(rules)
    return got


_DEFAULT = number_words()
UNITS = _DEFAULT.units
TENS = _DEFAULT.tens
SCALES = _DEFAULT.scales
SCALE_ABBREVIATIONS = _DEFAULT.scale_abbreviations
PHRASES = _DEFAULT.phrases
FRACTIONS = _DEFAULT.fractions
VAGUE = _DEFAULT.vague
WORDS = _DEFAULT.words


def parse_words(text: str) -> float | None:
    """Number words read with the package's rules (see ``NumberWords.parse_words``)."""
    return _DEFAULT.parse_words(text)


def scale_of(word: str) -> float | None:
    return _DEFAULT.scale_of(word)
