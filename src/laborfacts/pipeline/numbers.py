"""Reading numbers: digits with separators and decimals, number words, scales."""

from __future__ import annotations

import math
import re

from laborfacts.rules import lexicon

_NUM = lexicon("numbers")
UNITS: dict[str, int] = _NUM["units"]
TENS: dict[str, int] = _NUM["tens"]
SCALES: dict[str, float] = {k: float(v) for k, v in _NUM["scales"].items()}
SCALE_ABBREVIATIONS: dict[str, float] = {
    k: float(v) for k, v in _NUM["scale_abbreviations"].items()
}
PHRASES: dict[str, float] = {k: float(v) for k, v in _NUM["phrases"].items()}
FRACTIONS: dict[str, float] = {k: float(v) for k, v in _NUM["fractions"].items()}
VAGUE: dict[str, float] = {k: float(v) for k, v in _NUM["vague"].items()}

# Digit numbers: grouped thousands, plain runs, decimals. A run of more than 15
# digits is no quantity at all (an id, a hash), never a huge float.
DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[\u00a0\u202f]\d{3})+(?:\.\d+)?|(?<!\d)\d{1,15}(?!\d)(?:\.\d+)?|\.\d+)"
_WORD_ALT = "|".join(
    sorted(
        list(UNITS) + list(TENS) + ["hundred", "thousand", "million", "billion", "trillion"],
        key=len,
        reverse=True,
    )
)
WORDS = rf"(?:(?:{_WORD_ALT})(?:(?:[\s\u00a0]+|-|[\s\u00a0]+and[\s\u00a0]+)(?:{_WORD_ALT}))*)"
_WORD_TOKEN = re.compile(rf"{_WORD_ALT}", re.IGNORECASE)


def parse_digits(text: str) -> float | None:
    """'1,600,000' → 1600000.0; '10.3' → 10.3. None if not a finite number."""
    cleaned = text.replace(",", "").replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_words(text: str) -> float | None:
    """'twenty-seven' → 27; 'one hundred fifty' → 150; 'two million' → 2e6."""
    total = 0.0
    current = 0.0
    seen = False
    for tok in _WORD_TOKEN.findall(text.lower()):
        if tok in UNITS:
            current += UNITS[tok]
        elif tok in TENS:
            current += TENS[tok]
        elif tok == "hundred":
            current = (current or 1) * 100
        else:
            total += (current or 1) * SCALES[tok]
            current = 0.0
        seen = True
    return total + current if seen else None


def scale_of(word: str) -> float | None:
    w = word.lower()
    if w in SCALES:
        return SCALES[w]
    return SCALE_ABBREVIATIONS.get(w)
