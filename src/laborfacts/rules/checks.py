"""The checks every rule file passes when it is loaded.

Each ``check_*`` takes a file's parsed content and returns it (or the typed
rules it holds) when it is valid; else it raises :class:`LexiconError` naming
the file, the entry and the reason. The units and countries are checked
against the record model (a currency must be an ISO 4217 code of
``models.CURRENCY_CODES``, a measure one of SPEC's units).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from laborfacts.models import CURRENCY_CODES, DURATION_UNITS, MEASURE_UNITS, FactType, Per


class LexiconError(ValueError):
    """A rule file is malformed; the message names file and entry."""


KINDS = frozenset({"percent", "money", "count", "duration", "measure", "bare"})


class ClassifyRule(BaseModel):
    """One classification rule: which quantities it applies to and the cues it needs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    type: FactType
    metric: str | None = None
    kinds: tuple[str, ...]
    items: tuple[str, ...] | None = None
    cues: tuple[str, ...] | None = None
    # cues of which one must also appear somewhere in the sentence
    also: tuple[str, ...] | None = None
    # a regular expression the text just before the quantity must end with
    left: str | None = None
    window: int = Field(default=80, gt=0)
    tier: int = Field(default=5, ge=0)
    per: Per | None = None
    max_value: float | None = None
    direction: str | None = None
    side: str | None = None

    @field_validator("kinds")
    @classmethod
    def _known_kinds(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        unknown = set(v) - KINDS
        if unknown:
            raise ValueError(f"unknown kinds {sorted(unknown)}")
        return v

    @field_validator("direction")
    @classmethod
    def _direction(cls, v: str | None) -> str | None:
        if v not in (None, "change", "level"):
            raise ValueError("direction must be 'change' or 'level'")
        return v

    @field_validator("side")
    @classmethod
    def _side(cls, v: str | None) -> str | None:
        if v not in (None, "before", "after"):
            raise ValueError("side must be 'before' or 'after'")
        return v


def check_classify(lines: list[tuple[str, str]], items: dict[str, Any]) -> tuple[ClassifyRule, ...]:
    """The classify rules of ``lines`` ((where, json) pairs), in order; a rule
    whose id comes again replaces the earlier one (a user's file overrides a
    default rule that way). Else the first problem, by line."""
    rules: dict[str, ClassifyRule] = {}
    # "none": no counted thing; "other": a thing of no group ("birds")
    groups = set(items["groups"]) | {"none", "other"}
    for where, line in lines:
        try:
            rule = ClassifyRule.model_validate_json(line)
        except ValueError as exc:
            raise LexiconError(f"{where}: {exc}") from exc
        if rule.items and set(rule.items) - groups:
            raise LexiconError(f"{where}: unknown item groups {set(rule.items) - groups}")
        rules.pop(rule.id, None)
        rules[rule.id] = rule
    return tuple(rules.values())


# ---- units, countries and non-facts: validated against the models at load


def _fail(file: str, entry: str, reason: str) -> LexiconError:
    return LexiconError(f"rules/{file}: {entry}: {reason}")


def _strings(file: str, entry: str, v: object) -> list[str]:
    if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
        raise _fail(file, entry, "must be a list of non-empty strings")
    return v


_LOCAL = ("dollar", "degree")
_PERS = frozenset(e.value for e in Per)


def check_units(data: dict[str, Any], file: str = "units.json") -> dict[str, Any]:
    """``data`` if it is a valid units lexicon; else the first problem, by entry."""
    expected = {"currencies", "local_signs", "subunits", "percent_words", "durations",
                "measures", "per_after", "per_before", "not_rate_after", "elided_after"}  # fmt: skip
    if set(data) != expected:
        raise _fail(file, "top level", f"keys must be {sorted(expected)}")
    owner: dict[str, str] = {}
    for code, entry in data["currencies"].items():
        where = f"currencies.{code}"
        if code not in CURRENCY_CODES:
            raise _fail(file, where, "no ISO 4217 code of the models")
        if not isinstance(entry, dict) or set(entry) - {"symbol"} != {"name", "signs", "words"}:
            raise _fail(file, where, "keys must be name, signs, words and optionally symbol")
        for form in [code, *_strings(file, where + ".signs", entry["signs"])] + _strings(
            file, where + ".words", entry["words"]
        ):
            key = form.lower() if form[:1].isalpha() else form
            if owner.get(key, code) != code:
                raise _fail(file, where, f"{form!r} is also {owner[key]}'s")
            owner[key] = code
    for sign, what in data["local_signs"].items():
        if what not in _LOCAL:
            raise _fail(file, f"local_signs.{sign}", f"must be one of {list(_LOCAL)}")
    for sub, (code, factor) in data["subunits"].items():
        if code not in CURRENCY_CODES and code != "dollar":
            raise _fail(file, f"subunits.{sub}", f"unknown currency {code!r}")
        if not isinstance(factor, int | float) or not 0 < factor < 1:
            raise _fail(file, f"subunits.{sub}", "factor must be between 0 and 1")
    _strings(file, "percent_words", data["percent_words"])
    _strings(file, "not_rate_after", data["not_rate_after"])
    _strings(file, "elided_after", data["elided_after"])
    for word, (unit, factor) in data["durations"].items():
        if unit not in DURATION_UNITS or not isinstance(factor, int | float) or factor <= 0:
            raise _fail(file, f"durations.{word}", f"unknown duration unit {unit!r} or bad factor")
    for unit, entry in data["measures"].items():
        where = f"measures.{unit}"
        if unit not in MEASURE_UNITS:
            raise _fail(file, where, f"unknown unit (SPEC units: {sorted(MEASURE_UNITS)})")
        if not isinstance(entry, dict) or not set(entry) <= {"metric", "forms", "glued"}:
            raise _fail(file, where, "keys must be metric, forms and optionally glued")
        if entry.get("metric") != MEASURE_UNITS[unit]:
            raise _fail(file, where, f"metric must be {MEASURE_UNITS[unit]!r}")
        _strings(file, where + ".forms", entry["forms"])
        _strings(file, where + ".glued", entry.get("glued", []))
    for section in ("per_after", "per_before"):
        for phrase, per in data[section].items():
            if per not in _PERS:
                raise _fail(file, f"{section}.{phrase}", f"unknown period {per!r}")
    return data


def check_countries(
    data: dict[str, Any], units: dict[str, Any] | None = None, file: str = "countries.json"
) -> dict[str, Any]:
    """``data`` if it is a valid countries lexicon (its currencies among those
    of ``units``, the units lexicon); else the first problem, by entry."""
    known = set(units["currencies"]) if units else CURRENCY_CODES
    if set(data) != {"default", "international", "countries", "spelling"}:
        raise _fail(file, "top level", "keys must be default, international, countries, spelling")
    if data["default"] not in data["countries"]:
        raise _fail(file, "default", f"unknown country {data['default']!r}")
    places = {"international": data["international"]}
    places.update({f"countries.{k}": v for k, v in data["countries"].items()})
    for where, c in places.items():
        if not isinstance(c, dict) or not {"name", "dollar", "degree"} <= set(c):
            raise _fail(file, where, "needs name, dollar and degree")
        if not set(c) <= {"name", "dollar", "degree", "names", "signs"}:
            raise _fail(
                file,
                where,
                f"unknown keys {sorted(set(c) - {'name', 'dollar', 'degree', 'names', 'signs'})}",
            )
        if c["dollar"] not in known:
            raise _fail(file, where, f"dollar {c['dollar']!r} is no currency of units.json")
        if MEASURE_UNITS.get(c["degree"]) != "temperature":
            raise _fail(file, where, f"degree {c['degree']!r} is no temperature unit")
        for sign, code in c.get("signs", {}).items():
            if code not in known:
                raise _fail(file, f"{where}.signs.{sign}", f"unknown currency {code!r}")
        if where != "international":
            _strings(file, where + ".names", c.get("names"))
    for side in ("us", "non_us"):
        _strings(file, f"spelling.{side}", data["spelling"].get(side))
    return data


def check_nonfacts(data: dict[str, Any], file: str = "nonfacts.json") -> dict[str, Any]:
    """``data`` if it is a valid non-facts lexicon: entries with unique ids and
    regular expressions that compile; else the first problem, by entry."""
    if set(data) != {"patterns", "idioms"}:
        raise _fail(file, "top level", "keys must be patterns and idioms")
    seen: set[str] = set()
    for n, entry in enumerate(data["patterns"] + data["idioms"]):
        if not isinstance(entry, dict) or set(entry) - {"id", "re", "note", "examples"}:
            raise _fail(file, f"entry {n}", "keys must be id, re, note, examples")
        eid = entry.get("id")
        if not isinstance(eid, str) or not eid or eid in seen:
            raise _fail(file, f"entry {n}", f"id {eid!r} is missing or not unique")
        seen.add(eid)
        try:
            rx = re.compile(entry["re"])
        except (KeyError, re.error) as exc:
            raise _fail(file, eid, f"bad regular expression: {exc}") from exc
        for ex in entry.get("examples", []):
            if rx.search(ex) is None:
                raise _fail(file, eid, f"does not match its own example {ex!r}")
    return data


def check_changes(data: dict[str, Any]) -> dict[str, list[str]]:
    """``data`` if it is a valid changes lexicon (the verbs of a stated change)."""
    if set(data) != {"increase", "decrease"}:
        raise _fail("changes.json", "top level", "keys must be increase and decrease")
    for side in ("increase", "decrease"):
        _strings("changes.json", side, data[side])
    both = {w.lower() for w in data["increase"]} & {w.lower() for w in data["decrease"]}
    if both:
        raise _fail("changes.json", "increase", f"{sorted(both)[0]!r} is also a decrease")
    return data
