"""The live extractor scored on the project's context articles (``tests/accuracy``).

Twelve articles of kinds that set who and when outside a figure's sentence.
The first six (a01-a06): an election notice with its tally block, a pay study
with a table and a data year, a company's job cuts and results, a union
report with a table, a working paper with no publication date, and a roundup
under headings. The second six (g01-g06): a saved web page about nurse
staffing, a statistics release on union membership with a label-value list,
a British plant closure, a first-person interview, a penalty notice with
yearless dates, and a ratification vote with its tally block. Each set's gold
was written from the text alone, before the extractor was run on it.

Regression floors, a little under what the extractor measured when the
second set was added (strict F1 0.874, time 0.919, subject 0.542): a change
that costs more than a few facts here fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from laborfacts.evaluate import evaluate_paths
from laborfacts.scoring import Report

HERE = Path(__file__).parent / "accuracy"

FLOORS = {"strict_f1": 0.86, "time": 0.89, "subject": 0.52}


@pytest.fixture(scope="module")
def report() -> Report:
    return evaluate_paths(HERE / "gold", [HERE / "texts"])


def test_every_article_has_gold() -> None:
    texts = {p.stem for p in (HERE / "texts").glob("*.txt")}
    gold = {p.stem for p in (HERE / "gold").glob("*.jsonl")}
    assert texts == gold and len(texts) == 12


def test_strict_f1_floor(report: Report) -> None:
    assert report.strict.f1 >= FLOORS["strict_f1"], (
        f"strict F1 {report.strict.f1:.3f} < {FLOORS['strict_f1']}; "
        "see `laborfacts eval tests/accuracy/gold tests/accuracy/texts --details`"
    )


@pytest.mark.parametrize("attribute", ["time", "subject"])
def test_attribute_floor(report: Report, attribute: str) -> None:
    got = report.attributes[attribute]
    assert got is not None and got >= FLOORS[attribute], f"{attribute} accuracy {got} < floor"
