"""No text crashes the extractor, and every record it returns is valid.

These tests exercise the extraction core with hostile text. A failure here is
a bug in the core, to be fixed there; the inputs below that once failed are
kept as named examples.
"""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from laborfacts import extract_document, extract_text
from laborfacts.models import Fact

FRAGMENTS = [
    "workers", "percent", "%", "$", "an hour", "a year", "per cent", "union", "members",
    "voted", "million", "billion", "thousand", "about", "more than", "between", "and", "to",
    "-", "--5", "$$$", "1,2,3,4", "1e308", "1e-308", "0", "00", "0.0", "3.", ".5", "½", "¾",
    "٣", "١٢٣", "۲۵", "五", "٪", "\u2212", "\u2013", "\u00a0", "\u200b", "\u200f", "\u202e",
    "\u0301", "e\u0301", "\U0001f477", "\U0001f4b0", "\x00", "\x1b[31m", "\r", "\n\n", "\t",
    "April 31, 2026", "2026-02-30", "9999-99-99", "0000", "Q4", "9 a.m.", "24/7", "1/2",
    "twenty-seven", "a third", "half", "twice", "hundreds of thousands", "£", "€", "¥",
    "12.5.6", "1..2", ",,", "9" * 400, "1" + "0" * 330, "(", ")", "\\$23", "*", "#",
]  # fmt: skip

LABOR_TEXT = st.lists(
    st.sampled_from(FRAGMENTS) | st.integers(-(10**20), 10**20).map(str) | st.just(" "),
    max_size=40,
).map(" ".join)
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300)

HOSTILE = [
    "9" * 10_000 + " workers",
    "$" + "9" * 10_000 + " an hour",
    "1e308 percent of workers",
    "$1e308 billion",
    "$" + "9" * 300 + " billion",
    "9" * 310 + " percent",
    "--5 workers",
    "$$$ workers earn $$23",
    "1,2,3,4 workers",
    "between 5 and 3 workers",
    "from 10,000 to 9 workers",
    "workers earn \u2212$23 an hour",
    "\u202eworkers 500\u202c earn $23",
    "5\u0301,000 workers",
    "٣٠٠ workers earn ٢٣ dollars",
    "\x00\x01\x02 40 percent \x7f",
    "",
    " ",
    "\n\n\n",
]


def check(text: str) -> list[Fact]:
    facts = extract_text(text)
    for f in facts:
        assert isinstance(f, Fact)
        assert 0 <= f.start <= f.end <= len(text), f
        assert text[f.start : f.end] == f.text, f
        for name in ("value", "low", "high"):
            v = getattr(f, name)
            assert not isinstance(v, float) or math.isfinite(v), (name, f)
        # the pipeline's own records equal what pydantic's validation makes of them
        assert Fact.model_validate(f.model_dump(), context={"source": text}) == f
        json.dumps(f.record(), allow_nan=False)
    return facts


@pytest.mark.parametrize("text", HOSTILE, ids=[repr(t[:30]) for t in HOSTILE])
def test_hostile_texts(text: str) -> None:
    check(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LABOR_TEXT)
@example("1e308 1e308 percent")
def test_labor_word_soup(text: str) -> None:
    check(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT)
def test_any_unicode(text: str) -> None:
    check(text)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LABOR_TEXT)
def test_documents_are_valid(text: str) -> None:
    doc = extract_document(text, "fuzz")
    assert doc.chars == len(text)
    json.dumps(doc.model_dump(mode="json"), allow_nan=False)
