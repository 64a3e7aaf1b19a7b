"""Fact.trusted: the pipeline's way to make a record checks what validation checks."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from laborfacts.models import Fact

GOOD: dict[str, Any] = {
    "doc": "a", "type": "wage", "metric": "hourly_wage", "value": 23.5, "low": None,
    "high": None, "qualifier": "exact", "direction": "level", "unit": "USD", "per": "hour",
    "item": None, "subject": "Amazon", "time": "2026", "attribution": None,
    "text": "$23.50 an hour", "start": 10, "end": 24, "sentence": "They earn $23.50 an hour.",
    "confidence": 0.85, "rule": "wage.hourly", "reader": "rate.per_after", "context": None,
}  # fmt: skip


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"value": 5000.0, "unit": "count", "per": None, "type": "count"},
        {"value": None, "low": 3.0, "high": 4.5, "qualifier": "range"},
        {"type": "date", "unit": "date", "value": "2026-04-01", "per": None},
        {"confidence": 1},
    ],
)
def test_trusted_equals_validated(changes: dict[str, Any]) -> None:
    values = GOOD | changes
    assert Fact.trusted(dict(values)) == Fact(**values)
    assert Fact.trusted(dict(values)).model_dump_json() == Fact(**values).model_dump_json()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"type": "salary"}, "type"),
        ({"unit": "usd"}, "unit"),
        ({"per": "fortnight"}, "per"),
        ({"qualifier": None}, "qualifier"),
        ({"start": True}, "start"),
        ({"start": -1, "end": 13}, "start"),
        ({"end": 30}, "text length"),
        ({"value": None, "low": 5, "high": 4}, "low 5 is above high 4"),
        ({"value": float("inf")}, "finite"),
        ({"value": "23"}, "only dates"),
        ({"low": "three"}, "low must be a number"),
        ({"confidence": 1.5}, "confidence"),
        ({"subject": 7}, "subject"),
        ({"text": None}, "text"),
    ],
)
def test_trusted_rejects_what_validation_rejects(changes: dict[str, Any], message: str) -> None:
    values = GOOD | changes
    with pytest.raises(ValueError, match=message):
        Fact.trusted(dict(values))
    with pytest.raises(ValidationError):
        Fact(**values)


def test_trusted_needs_every_field() -> None:
    values = dict(GOOD)
    del values["rule"]
    with pytest.raises(ValueError, match="rule"):
        Fact.trusted(values)
    with pytest.raises(ValueError, match="colour"):
        Fact.trusted(GOOD | {"colour": "red"})
