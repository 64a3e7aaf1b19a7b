"""Percent, measure and duration readers: the unit word after a number
("40 percent", "40 pc", "121 degrees", "50-lb", "38C", "12 hours",
"a half-hour break"). The forms come from ``rules/units.json``; bare
"degrees" are those of the article's country."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from laborfacts.pipeline.country import Country
from laborfacts.pipeline.quantities.text import SPACE_HYPHEN, WS, Reader, first_letters, norm
from laborfacts.rules import first_guard, phrase_regex

# words between a number and its duration: "12 straight hours", "3 unpaid days"
_DURATION_ADJECTIVES = (
    "business|working|calendar|straight|consecutive|full|more|additional|extra|long|short|"
    "unpaid|paid|overtime|training|sick|vacation"
)


@dataclass(frozen=True)
class MeasureGrammar:
    percent_right: re.Pattern[str]
    percent_first: str
    measure_of: dict[str, str]  # normalized form → SPEC unit ("degree": the country's)
    glued_of: dict[str, str]
    measure_right: re.Pattern[str]
    glued: re.Pattern[str]  # case-true: "38C", never "38c"
    measure_first: frozenset[str]
    metric_of: dict[str, str]
    durations: dict[str, Any]
    duration_right: re.Pattern[str]
    half_hour: re.Pattern[str]


def _alt(forms: list[str] | dict[str, str], space: str | None = None) -> str:
    out = (re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return "|".join(f.replace(r"\ ", space) if space else f for f in out)


def compile_measures(units: dict[str, Any]) -> MeasureGrammar:
    measure_of: dict[str, str] = {}
    glued_of: dict[str, str] = {}
    for unit, entry in units["measures"].items():
        for form in entry["forms"]:
            measure_of[norm(form)] = unit
        for form in entry.get("glued", []):
            glued_of[form] = unit
    for sign, what in units["local_signs"].items():
        if what == "degree":
            measure_of[norm(sign)] = "degree"
    durations = units["durations"]
    forms = _alt(measure_of, r"[\s\u00a0-]+")
    glued = _alt(glued_of)
    duration = (
        rf"(?:(?:{_DURATION_ADJECTIVES}){WS}+)?"
        rf"(?P<dur>{'|'.join(sorted(durations, key=len, reverse=True))})"
    )
    return MeasureGrammar(
        percent_right=re.compile(
            rf"{WS}*(?P<pct>{phrase_regex(units['percent_words'])})(?![\w-])", re.IGNORECASE
        ),
        percent_first="".join({w[0].lower() + w[0].upper() for w in units["percent_words"]}),
        measure_of=measure_of,
        glued_of=glued_of,
        measure_right=re.compile(
            rf"(?:{WS}*-{WS}*|{WS}*){first_guard(forms)}(?P<mf>{forms})(?![\w-])"
            rf"|{first_guard(glued)}(?P<gl>{glued})(?![\w])",
            re.IGNORECASE,
        ),
        glued=re.compile(rf"(?:{glued})(?![\w])"),
        measure_first=first_letters([*measure_of, *glued_of]),
        metric_of={u: e["metric"] for u, e in units["measures"].items()},
        durations=durations,
        duration_right=re.compile(
            rf"(?P<sep>{WS}+|-|{WS}*-{WS}*){first_guard(duration)}{duration}\b(?!-old)",
            re.IGNORECASE,
        ),
        half_hour=re.compile(
            r"\b(?:(?:a|one)\s+)?half[-\s](?P<dur>hour|day|year|month|week|minute|second)\b",
            re.IGNORECASE,
        ),
    )


def percent_after(g: MeasureGrammar, text: str, end: int, n: int) -> re.Match[str] | None:
    """ "40 percent", "15%", "2 percentage points" after ``end``."""
    if text[end : end + 12].lstrip(" \t\u00a0\u202f")[:1] not in g.percent_first:
        return None
    return g.percent_right.match(text, end, min(n, end + 25))


def measure_after(
    g: MeasureGrammar, text: str, pos: int, limit: int, country: Country
) -> tuple[str, int, Reader] | None:
    """The measure unit right after ``pos`` ("121 degrees", "50-lb", "38C"), its end
    and its reader."""
    if text[pos : pos + 8].lstrip(SPACE_HYPHEN)[:1] not in g.measure_first:
        return None
    mm = g.measure_right.match(text, pos, limit)
    if mm is None:
        return None
    if mm.group("gl") is not None:
        if g.glued.match(text, pos) is None:  # "38C", never "38c"
            return None
        unit, reader = g.glued_of[mm.group("gl")], Reader.MEASURE_GLUED
    else:
        unit, reader = g.measure_of[norm(mm.group("mf"))], Reader.MEASURE_UNIT
    if unit == "degree":
        unit = country.degree
    return unit, mm.end(), reader


def duration_after(g: MeasureGrammar, text: str, end: int, n: int) -> tuple[str, float, int] | None:
    """The duration unit after ``end``: (unit, factor on the value, end)."""
    dm = g.duration_right.match(text, end, min(n, end + 16))
    if dm is None:
        return None
    unit, factor = g.durations[dm.group("dur").lower()]
    return unit, factor, dm.end()
