"""The live extractor scored on the project's sample articles and their gold.

A regression floor: strict F1 over ``data/raw`` must not fall below
``STRICT_F1_FLOOR``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from laborfacts.evaluate import evaluate_paths

ROOT = Path(__file__).parent.parent
ARTICLES = ROOT / "data" / "raw"
GOLD = Path(__file__).parent / "gold"

STRICT_F1_FLOOR = 0.95  # measured 0.987 on the five sample articles


def _gold_with_articles() -> list[Path]:
    return [g for g in sorted(GOLD.glob("*.jsonl")) if (ARTICLES / f"{g.stem}.txt").is_file()]


@pytest.mark.skipif(not _gold_with_articles(), reason="no sample articles with gold yet")
def test_strict_f1_floor() -> None:
    report = evaluate_paths(GOLD, [ARTICLES])
    f1 = report.strict.f1
    assert f1 >= STRICT_F1_FLOOR, (
        f"strict F1 {f1:.3f} fell below {STRICT_F1_FLOOR} "
        f"(typed {report.typed.f1:.3f}, span {report.span.f1:.3f}); "
        "see `laborfacts eval tests/gold data/raw --details`"
    )
