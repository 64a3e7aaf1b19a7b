"""Loading the package's lexicons and patterns (data files), validated on load."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from laborfacts.models import FactType, Per


class LexiconError(ValueError):
    """A data file of the package is malformed; the message names file and entry."""


def _read(folder: str, name: str) -> str:
    return resources.files("laborfacts").joinpath(folder, name).read_text(encoding="utf-8")


@cache
def lexicon(name: str) -> dict[str, Any]:
    """A JSON lexicon from ``laborfacts/lexicons``, without its ``_doc`` key."""
    try:
        data = json.loads(_read("lexicons", f"{name}.json"))
    except json.JSONDecodeError as exc:
        raise LexiconError(f"lexicons/{name}.json: not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"lexicons/{name}.json: top level must be an object")
    data.pop("_doc", None)
    return data


KINDS = frozenset({"percent", "money", "count", "duration", "bare"})


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


@cache
def classify_rules() -> tuple[ClassifyRule, ...]:
    rules = []
    seen: set[str] = set()
    # "none": no counted thing; "other": a thing of no group ("birds")
    groups = set(lexicon("items")["groups"]) | {"none", "other"}
    for n, line in enumerate(_read("patterns", "classify.jsonl").splitlines(), 1):
        if not line.strip():
            continue
        where = f"patterns/classify.jsonl:{n}"
        try:
            rule = ClassifyRule.model_validate_json(line)
        except ValueError as exc:
            raise LexiconError(f"{where}: {exc}") from exc
        if rule.id in seen:
            raise LexiconError(f"{where}: duplicate id {rule.id!r}")
        if rule.items and set(rule.items) - groups:
            raise LexiconError(f"{where}: unknown item groups {set(rule.items) - groups}")
        seen.add(rule.id)
        rules.append(rule)
    return tuple(rules)


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
