"""The claim diff from articles: extraction, subjects and statuses together."""

from __future__ import annotations

from pathlib import Path

import pytest

from laborfacts.diff import DiffResult, FrameDiff, Status, diff_paths

FIXTURES = Path(__file__).parent / "fixtures" / "diff"
SEEDS = Path("/work/shared/seeds")
SEED_2026 = SEEDS / "000_b122f63253e0a6e5.txt"
SEED_UNDATED = SEEDS / "001_7c8dba6146e5d957.txt"


def _frame(result: DiffResult, type_: str, subject: str) -> FrameDiff:
    found = [
        f
        for f in result.frames
        if f.frame.type == type_ and f.frame.subject == subject and f.frame.direction == "level"
    ]
    assert len(found) == 1, [f.frame.label() for f in result.frames]
    return found[0]


def test_pair_agrees_and_changes() -> None:
    result = diff_paths([FIXTURES / "harbor_2024.txt", FIXTURES / "ridge_2026.txt"])
    turnover = _frame(result, "turnover_rate", "Amazon")
    assert turnover.status is Status.agree
    assert [c.fact.text for c in turnover.claims] == ["about 150 percent", "more than 100 percent"]
    worth = _frame(result, "money", "Jeff Bezos")
    assert worth.status is Status.changed
    assert [c.time for c in worth.claims] == ["2024-03-03", "2026-01-15"]


def test_undated_article_conflicts() -> None:
    result = diff_paths([FIXTURES], types=["turnover_rate"])
    turnover = _frame(result, "turnover_rate", "Amazon")
    assert turnover.status is Status.conflict
    undated = [c for c in turnover.claims if c.doc == "undated"]
    assert [(c.fact.text, c.time, c.status) for c in undated] == [
        ("40 percent", None, Status.conflict)
    ]


needs_seeds = pytest.mark.skipif(
    not (SEED_2026.exists() and SEED_UNDATED.exists()), reason="seed articles not present"
)


@pytest.fixture(scope="module")
def seeds() -> DiffResult:
    return diff_paths([SEED_2026, SEED_UNDATED], types=["turnover_rate", "money"])


@needs_seeds
def test_seed_turnover_agrees(seeds: DiffResult) -> None:
    turnover = _frame(seeds, "turnover_rate", "Amazon")
    assert turnover.status is Status.agree
    assert [(c.doc[:3], c.fact.qualifier) for c in turnover.claims] == [
        ("000", "approx"),
        ("001", "more_than"),
    ]


@needs_seeds
def test_seed_fortune_changed(seeds: DiffResult) -> None:
    worth = _frame(seeds, "money", "Jeff Bezos")
    assert worth.status is Status.changed
    assert sorted((c.doc[:3], c.time) for c in worth.claims) == [
        ("000", "2026-03-24"),
        ("001", "2022"),
    ]
