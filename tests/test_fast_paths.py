"""The shortcuts taken for speed find exactly what the plain patterns find.

Each fast path (a reversed pattern, a cheap test before a pattern, a scan
reused from the whole article) is checked against the readable pattern it
stands in for, on tables of phrases and on generated text.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from laborfacts.pipeline import context, quantities, rule_cues
from laborfacts.pipeline import sentences as segment
from laborfacts.pipeline.mentions import Mention
from laborfacts.rules import classify_rules, first_guard, phrase_regex

# --- hedges: hedge_before against a search for the hedge ---------------------------

HEDGES = quantities.quantity_grammar().hedges
HEDGE_WORDS = [*HEDGES.qualifier_of, "between", "BETWEEN", "Nearly", "the", "5", "x"]
SEPARATORS = [" ", "  ", "\u00a0", "\u202f", "\t", "\n", "-", '"', "(", "—", "'"]


# the plain pattern: a search over the whole window
HEDGE_LEFT = re.compile(
    r"(?:^|(?<=[\s(\"“‘'—–-]))"
    rf"(?P<hedge>{phrase_regex(list(HEDGES.qualifier_of))}){quantities.WS}+"
    rf"(?:between{quantities.WS}+)?$",
    re.IGNORECASE,
)


def _reference_hedge(left: str) -> tuple[str, int, bool] | None:
    m = HEDGE_LEFT.search(left)
    if m is None:
        return None
    between = m.group(0).rstrip().lower().endswith("between")
    return m.group("hedge"), m.start("hedge"), between


@pytest.mark.parametrize(
    "left",
    [
        "workers earning about ",
        "a raise of up to between ",
        "paid slightly more than ",
        "less than  \u00a0\n",
        "it was\u00a0nearly\u202f",
        "(approximately ",
        "more-than ",
        "overtime ",
        "",
        " ",
        "between ",
    ],
)
def test_hedge_before_table(left: str) -> None:
    assert quantities.hedge_before(HEDGES, left) == _reference_hedge(left)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(HEDGE_WORDS), st.sampled_from(SEPARATORS)),
        min_size=1,
        max_size=5,
    ),
    st.integers(min_value=0, max_value=40),
)
def test_hedge_before_generated(parts: list[tuple[str, str]], cut: int) -> None:
    left = "".join(w + s for w, s in parts)[cut:][-40:]
    assert quantities.hedge_before(HEDGES, left) == _reference_hedge(left)


# --- sentence ends: _ends_terminal against the pattern it replaced ---------------------

_TERMINAL = re.compile(r"""[.!?:;…]["'”’)\]*_]*\s*$""")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab .!?:;…\"'”’)]*_ \n\t", max_size=10))
def test_ends_terminal(block: str) -> None:
    assert segment._ends_terminal(block) == bool(_TERMINAL.search(block))


# --- names: the article's one scan against a scan of each window -----------------------

NAME_TEXT = (
    "Amazon said on Monday. The Teamsters and UPS Inc. agreed. "
    "Workers at JFK8 in Staten Island voted; Chris Smalls's union won.\n"
    "Revenue rose. The National Labor Relations Board said O’Brien’s claim failed."
)


@pytest.mark.parametrize("lo", [0, 5, 22, 23, 40, 58, 100])
@pytest.mark.parametrize("width", [1, 10, 35, 80, 400])
def test_names_within_windows(lo: int, width: int) -> None:
    names = context.Names(NAME_TEXT, [(0, len(NAME_TEXT))])
    hi = min(len(NAME_TEXT), lo + width)
    expected = [
        (m.start(), m.end(), m.group("name"), m.group("poss") is not None)
        for m in context._NAME.finditer(NAME_TEXT, lo, hi)
    ]
    assert names._matches_within(lo, hi) == expected


# --- cues: matches at cue words against a scan of the window --------------------------

CUE_SENTENCE = (
    "Turnover hit 150% a year and the quit-rate reached 3%, while injuries, "
    "an injury rate of 6.9 and TURNOVER churned on; attrition was high."
)


@pytest.mark.parametrize(
    "rule", [c for c in rule_cues.compile_rules(classify_rules()) if c.cues is not None]
)
def test_cue_matches_equal_finditer(rule: rule_cues.Compiled) -> None:
    assert rule.cues is not None
    sent = (0, len(CUE_SENTENCE))
    lowered = CUE_SENTENCE.lower()
    for lo, hi in [(0, len(CUE_SENTENCE)), (10, 60), (50, 140)]:
        fast = [
            (m.start(), m.end())
            for m in rule_cues.cue_matches(rule, CUE_SENTENCE, lo, hi, sent, lowered)
        ]
        slow = [(m.start(), m.end()) for m in rule.cues.finditer(CUE_SENTENCE, lo, hi)]
        assert fast == slow, rule.rule.id


def test_cue_distance_uses_the_sentence_text() -> None:
    rules = [c for c in rule_cues.compile_rules(classify_rules()) if c.rule.id == "turnover.rate"]
    m = Mention(start=13, end=17, kind="percent", core_start=13, core_end=16)
    sent = (0, len(CUE_SENTENCE))
    assert (
        rule_cues.cue_distance(rules[0], CUE_SENTENCE, m, sent, CUE_SENTENCE.lower()) == 5
    )  # "Turnover" ends 5 characters before "150"


# --- titles: read from the head of the text against all its lines ----------------------


def _reference_title(text: str) -> str | None:
    for line in text.splitlines()[:10]:
        s = line.strip().lstrip("#").strip()
        if s:
            if len(s) > 200 or len(re.findall(r"[.!?](?:\s|$)", s)) > 1:
                return None
            return s
    return None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Strike ends\n\nBody text.",
        "\n" * 9 + "Late title\nmore",
        "\n" * 12 + "Too late",
        "\r\n" * 3 + "# A heading\r\nbody",
        "\n" * 5 + "x" * 5000 + "\nrest",
        "\n" * 9 + "y" * 150 + "\n" + "z" * 5000,
        "One. Two. Three.\nbody",
    ],
)
def test_find_title(text: str) -> None:
    from laborfacts.pipeline.dates import find_title

    assert find_title(text) == _reference_title(text)


# --- first-character guards: a lookahead before an alternation changes no match ---

GUARDED = ["an hour", "per hour", "/hr", "daily", "Swiss francs", "U.S. dollars", "yen", "re:\\d+x"]
GUARD_TEXTS = ["5 an hour", "9 /hr", "DAILY", "swiss-francs", "u.s. dollars", "ſ", "12x", "x", ""]


@pytest.mark.parametrize("text", GUARD_TEXTS)
def test_first_guard_keeps_matches(text: str) -> None:
    body = phrase_regex(GUARDED)
    plain = re.compile(body, re.IGNORECASE)
    guarded = re.compile(first_guard(body) + body, re.IGNORECASE)
    for pos in range(len(text) + 1):
        a, b = plain.match(text, pos), guarded.match(text, pos)
        assert (a and a.span()) == (b and b.span())
