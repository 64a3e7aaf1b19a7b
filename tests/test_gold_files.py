"""The project's own gold: ``tests/gold/<id>.jsonl`` annotates ``data/raw/<id>.txt``.

Every gold line must be a fact record in the SPEC section 4 form, and its span
must reproduce its text exactly in the article as decoded (no newline
translation: a ``\\r\\n`` counts as two characters).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from spec_terms import DIRECTIONS, DURATION_UNITS, MEASURE_UNITS, PERS, QUALIFIERS, SPEC_TYPES

ROOT = Path(__file__).resolve().parent.parent
RAW_DIR = ROOT / "data" / "raw"
GOLD_DIR = Path(__file__).with_name("gold")

ISO_4217 = re.compile(r"^[A-Z]{3}$")
ISO_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")

REQUIRED = (
    "doc", "type", "metric", "value", "low", "high", "qualifier", "direction", "unit",
    "per", "item", "subject", "time", "text", "start", "end",
)  # fmt: skip
OPTIONAL = ("sentence", "confidence", "attribution", "optional", "stretch")


def read_article(path: Path) -> str:
    """The article exactly as decoded: UTF-8, a leading BOM dropped, nothing else."""
    return path.read_bytes().decode("utf-8-sig")


def _is_number(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _opt_str(x: object) -> bool:
    return x is None or (isinstance(x, str) and bool(x.strip()))


def validate_fact(fact: Any, doc_id: str, article: str) -> list[str]:
    """Problems with one gold record (empty when valid)."""
    if not isinstance(fact, dict):
        return ["not a JSON object"]
    errors = [f"missing key {k!r}" for k in REQUIRED if k not in fact]
    unknown = set(fact) - set(REQUIRED) - set(OPTIONAL)
    if unknown:
        errors.append(f"unknown keys {sorted(unknown)}")
    if errors:
        return errors

    if fact["doc"] != doc_id:
        errors.append(f"doc {fact['doc']!r} is not the file id {doc_id!r}")
    ftype, unit = fact["type"], fact["unit"]
    if ftype not in SPEC_TYPES:
        errors.append(f"type {ftype!r} is not a SPEC type")
    if fact["qualifier"] not in QUALIFIERS:
        errors.append(f"qualifier {fact['qualifier']!r} is not a SPEC qualifier")
    if fact["direction"] not in DIRECTIONS:
        errors.append(f"direction {fact['direction']!r} is not a SPEC direction")
    if not isinstance(unit, str) or not (
        unit in {"percent", "count", "date"} | DURATION_UNITS | MEASURE_UNITS
        or ISO_4217.match(unit)
    ):
        errors.append(f"unit {unit!r} is not a SPEC unit")
    if fact["per"] is not None and fact["per"] not in PERS:
        errors.append(f"per {fact['per']!r} is not a SPEC period")
    for key in ("metric", "item", "subject", "attribution"):
        if not _opt_str(fact.get(key)):
            errors.append(f"{key} must be a non-empty string or null")
    if fact["time"] is not None and not (
        isinstance(fact["time"], str) and ISO_DATE.match(fact["time"])
    ):
        errors.append(f"time {fact['time']!r} is not an ISO date or year")

    value, low, high = fact["value"], fact["low"], fact["high"]
    for key in ("low", "high"):
        if fact[key] is not None and not _is_number(fact[key]):
            errors.append(f"{key} must be a number or null")
    if ftype == "date":
        if unit != "date":
            errors.append("a date fact must have unit 'date'")
        if value is not None and not (isinstance(value, str) and ISO_DATE.match(value)):
            errors.append(f"date value {value!r} is not an ISO date string")
    else:
        if unit == "date":
            errors.append("unit 'date' is only for date facts")
        if value is not None and not _is_number(value):
            errors.append(f"value {value!r} must be a number or null")
        if value is None and low is None and high is None:
            errors.append("neither a value nor a bound")
    if value is not None and (low is not None or high is not None):
        errors.append("a point value leaves low and high null")
    if fact["qualifier"] == "range" and (low is None or high is None):
        errors.append("qualifier 'range' needs both low and high")
    if _is_number(low) and _is_number(high) and low > high:
        errors.append(f"low {low} > high {high}")
    if unit in {"USD", "EUR", "GBP"} and ftype not in {"wage", "money"}:
        errors.append(f"a money unit on a {ftype} fact")

    for key in ("optional", "stretch"):
        if key in fact and not isinstance(fact[key], bool):
            errors.append(f"{key} must be a boolean")
    conf = fact.get("confidence", 0)
    if not (_is_number(conf) and 0 <= conf <= 1):
        errors.append("confidence must be a number in [0, 1]")

    text, start, end = fact["text"], fact["start"], fact["end"]
    if not isinstance(text, str) or not text:
        errors.append("text must be a non-empty string")
    elif not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool):
        errors.append("start and end must be integers")
    elif not 0 <= start < end <= len(article):
        errors.append(f"span [{start}:{end}] is outside the article ({len(article)} chars)")
    elif article[start:end] != text:
        errors.append(f"text {text!r} != article[{start}:{end}] {article[start:end]!r}")
    if "sentence" in fact and isinstance(text, str) and text not in str(fact["sentence"]):
        errors.append("sentence does not contain text")
    return errors


def _articles() -> dict[str, Path]:
    return {p.stem: p for p in sorted(RAW_DIR.glob("*.txt"))}


def _gold_files() -> dict[str, Path]:
    return {p.stem: p for p in sorted(GOLD_DIR.glob("*.jsonl"))}


def test_there_are_sample_articles() -> None:
    assert len(_articles()) >= 5


def test_every_article_has_gold_and_every_gold_an_article() -> None:
    articles, gold = set(_articles()), set(_gold_files())
    assert not articles - gold, f"articles without gold: {sorted(articles - gold)}"
    assert not gold - articles, f"gold without an article: {sorted(gold - articles)}"


@pytest.mark.parametrize("doc_id", sorted(_gold_files()))
def test_gold_file_is_valid(doc_id: str) -> None:
    gold_path = _gold_files()[doc_id]
    article_path = _articles().get(doc_id)
    assert article_path is not None, f"no data/raw/{doc_id}.txt for {gold_path.name}"
    article = read_article(article_path)
    problems: list[str] = []
    spans: dict[tuple[int, int], int] = {}
    count = 0
    for n, line in enumerate(gold_path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{gold_path.name}:{n}"
        try:
            fact = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: not JSON: {exc}")
            continue
        count += 1
        problems += [f"{where}: {p}" for p in validate_fact(fact, doc_id, article)]
        if isinstance(fact, dict) and isinstance(fact.get("start"), int):
            span = (fact["start"], fact.get("end"))
            if span in spans:
                problems.append(f"{where}: same span as line {spans[span]}")
            spans.setdefault(span, n)
    assert count > 0, f"{gold_path.name} holds no facts"
    assert not problems, "\n".join(problems)
