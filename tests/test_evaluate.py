"""Scoring (SPEC section 5) on hand-made gold and predictions.

The expected figures were computed once with the reference scorer on the same
fixtures; when it is at hand, a second test re-runs it and compares.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from laborfacts.evaluate import (
    Report,
    attribute_ok,
    evaluate,
    pair,
    read_gold,
    read_predictions,
    values_agree,
)

FIXTURES = Path(__file__).parent / "fixtures" / "eval"
GOLD = FIXTURES / "gold.jsonl"
REFERENCE = Path("/work/shared/tools/score.py")
MATCHES = ("strict", "typed", "value", "span")

# pred file: (tp, pred, gold) for strict, typed, value, span; stretch recall;
# attribute accuracies; numbers of misses, false positives, wrong pairings.
EXPECTED: dict[str, dict[str, Any]] = {
    "pred_mixed": {
        "counts": [(11, 21, 19), (15, 21, 19), (14, 21, 19), (18, 21, 19)],
        "f1": [0.55, 0.75, 0.70, 0.90],
        "stretch_recall": 0.5,
        "attributes": {
            "qualifier": 0.9091,
            "direction": 0.9091,
            "per": 0.75,
            "time": 1.0,
            "subject": 0.8571,
        },
        "attribute_counts": {"qualifier": 11, "direction": 11, "per": 4, "time": 1, "subject": 7},
        "mistakes": (1, 3, 7),
    },
    "pred_perfect": {
        "counts": [(19, 19, 19)] * 4,
        "f1": [1.0] * 4,
        "stretch_recall": 1.0,
        "attributes": dict.fromkeys(("qualifier", "direction", "per", "time", "subject"), 1.0),
        "attribute_counts": {"qualifier": 19, "direction": 19, "per": 5, "time": 3, "subject": 14},
        "mistakes": (0, 0, 0),
    },
    "pred_ties": {
        "counts": [(5, 8, 19), (6, 8, 19), (5, 8, 19), (6, 8, 19)],
        "f1": [0.3704, 0.4444, 0.3704, 0.4444],
        "stretch_recall": 0.0,
        "attributes": {
            "qualifier": 1.0,
            "direction": 1.0,
            "per": None,
            "time": 1.0,
            "subject": 1.0,
        },
        "attribute_counts": {"qualifier": 5, "direction": 5, "per": 0, "time": 1, "subject": 5},
        "mistakes": (13, 2, 1),
    },
    "pred_empty": {
        "counts": [(0, 0, 19)] * 4,
        "f1": [0.0] * 4,
        "stretch_recall": 0.0,
        "attributes": dict.fromkeys(("qualifier", "direction", "per", "time", "subject")),
        "attribute_counts": dict.fromkeys(("qualifier", "direction", "per", "time", "subject"), 0),
        "mistakes": (19, 0, 0),
    },
}


def _report(name: str) -> Report:
    return evaluate(read_gold(GOLD), read_predictions([FIXTURES / f"{name}.jsonl"]))


@pytest.mark.parametrize("name", list(EXPECTED))
def test_figures(name: str) -> None:
    want = EXPECTED[name]
    report = _report(name)
    for match, counts, f1 in zip(MATCHES, want["counts"], want["f1"], strict=True):
        scores = getattr(report, match)
        assert (scores.tp, scores.pred, scores.gold) == counts, match
        assert scores.f1 == pytest.approx(f1, abs=5e-4), match
    assert report.stretch_recall == pytest.approx(want["stretch_recall"], abs=5e-4)
    assert report.as_dict()["attributes"] == want["attributes"]
    assert report.attribute_counts == want["attribute_counts"]
    mistakes = (len(report.misses), len(report.false_positives), len(report.wrong))
    assert mistakes == want["mistakes"]


def test_mixed_mistakes_name_the_facts() -> None:
    report = _report("pred_mixed")
    assert [(m.doc, m.shown["text"]) for m in report.misses] == [("harbor", "last year")]
    # Of two predictions overlapping the range equally, the earlier one pairs.
    assert [(m.doc, m.shown["text"]) for m in report.false_positives] == [
        ("harbor", "4,500"),
        ("harbor", "March 3, 2025"),
        ("orchard", "Orchard"),
    ]
    wrong = {m.gold["text"]: m.pred for m in report.wrong if m.gold and m.pred}
    assert wrong["between 3,900 and 4,500"]["text"] == "3,900"
    assert wrong["€14 million"]["unit"] == "USD"
    # Unscored types and documents without gold never show up.
    texts = {m.shown["text"] for m in report.false_positives}
    assert "Friday" not in texts and "3" not in texts


def test_per_type_strict() -> None:
    per_type = _report("pred_mixed").as_dict()["per_type"]
    assert per_type["wage"] == {"p": 1.0, "r": 0.6667, "f1": 0.8, "tp": 2, "pred": 2, "gold": 3}
    assert per_type["workforce"]["f1"] == 0.4
    assert per_type["count"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "tp": 0, "pred": 2, "gold": 0}
    assert "duration" in per_type and "turnover_rate" in per_type


def test_docs_filter() -> None:
    gold = read_gold(GOLD)
    report = evaluate(gold, read_predictions([FIXTURES / "pred_mixed.jsonl"]), docs={"orchard"})
    assert report.documents == ["orchard"]
    assert (report.strict.tp, report.strict.gold) == (4, 7)


def _values(**kw: Any) -> dict[str, Any]:
    base = {"type": "count", "value": None, "low": None, "high": None, "unit": "count"}
    return base | kw


@pytest.mark.parametrize(
    ("pred", "gold", "agree"),
    [
        (_values(value=100.4), _values(value=100), True),
        (_values(value=100.6), _values(value=100), False),
        (_values(value=0), _values(value=0), True),
        (_values(value=5), _values(value=5, unit="percent"), False),
        (_values(low=10, high=20), _values(low=10, high=20), True),
        (_values(value=10), _values(low=10), False),
        (_values(type="date", value="2024", unit="date"), _values(type="date", value="2024"), True),
        (_values(value=None), _values(type="date", value=None, unit="date"), True),
        (_values(value="2024-04"), _values(type="date", value="2024"), False),
        (_values(value="2024"), _values(type="date", value=None), False),
    ],
    ids=lambda x: json.dumps(x) if isinstance(x, dict) else str(x),
)
def test_values_agree(pred: dict[str, Any], gold: dict[str, Any], agree: bool) -> None:
    assert values_agree(pred, gold) is agree


@pytest.mark.parametrize(
    ("name", "pred", "gold", "ok"),
    [
        ("subject", "Amazon.com", "Amazon", True),
        ("subject", "the drivers", "Amazon DSP drivers", True),
        ("subject", "Amazon's", "Amazon", True),
        ("subject", None, "Amazon", False),
        ("subject", "Amazon", None, None),
        ("qualifier", "exact", None, True),
        ("qualifier", "approx", None, False),
        ("direction", "level", None, True),
        ("per", "hour", None, None),
        ("per", None, "hour", False),
        ("time", "2021", "2021", True),
    ],
)
def test_attribute_ok(name: str, pred: str | None, gold: str | None, ok: bool | None) -> None:
    assert attribute_ok(name, {name: pred}, {name: gold}) is ok


@pytest.mark.parametrize(
    ("preds", "golds", "pairs"),
    [
        # The largest overlap wins.
        ([(0, 10)], [(0, 3), (4, 10)], [(0, 1)]),
        # Equal overlaps: the earlier gold, then the earlier prediction.
        ([(2, 6)], [(0, 4), (4, 8)], [(0, 0)]),
        ([(5, 8), (0, 3)], [(0, 8)], [(1, 0)]),
        # Touching spans do not overlap.
        ([(0, 4)], [(4, 8)], []),
        # One to one: the second prediction finds the gold taken.
        ([(0, 4), (0, 4)], [(0, 4)], [(0, 0)]),
    ],
)
def test_pair(
    preds: list[tuple[int, int]], golds: list[tuple[int, int]], pairs: list[tuple[int, int]]
) -> None:
    def spans(xs: list[tuple[int, int]]) -> list[dict[str, int]]:
        return [{"start": s, "end": e} for s, e in xs]

    assert sorted(pair(spans(preds), spans(golds))) == pairs


@pytest.mark.skipif(not REFERENCE.is_file(), reason="reference scorer not present")
@pytest.mark.parametrize("name", list(EXPECTED))
def test_same_figures_as_reference(name: str) -> None:
    pred = FIXTURES / f"{name}.jsonl"
    run = subprocess.run(
        [sys.executable, str(REFERENCE), str(GOLD), str(pred), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    ref = json.loads(run.stdout)
    mine = _report(name).as_dict()
    for match in MATCHES:
        for key in ("p", "r", "f1"):
            assert mine[match][key] == pytest.approx(ref[match][key], abs=1e-3), (match, key)
        for key in ("tp", "pred", "gold"):
            assert mine[match][key] == ref[match][key], (match, key)
    assert mine["per_type"].keys() == ref["per_type"].keys()
    for t, scores in ref["per_type"].items():
        assert mine["per_type"][t]["f1"] == pytest.approx(scores["f1"], abs=1e-3), t
    for a, acc in ref["attributes"].items():
        assert mine["attributes"][a] == (None if acc is None else pytest.approx(acc, abs=1e-3))
    assert mine["stretch_recall"] == pytest.approx(ref["stretch_recall"], abs=1e-3)
    for kind in ("misses", "false_positives", "wrong"):
        assert [(m["doc"], m["text"]) for m in mine[kind]] == [(m[0], m[1]) for m in ref[kind]]
