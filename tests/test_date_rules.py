"""The date forms are data (``rules/dates.json``): validated at load, and a
form added in a user's rules folder is found by the pipeline's anchored scan."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from laborfacts.pipeline import build_nlp, get_nlp, run_components
from laborfacts.pipeline.anchors import anchor_words
from laborfacts.pipeline.dates import find_dates, grammar
from laborfacts.rules import LexiconError, RuleSet, lexicon
from laborfacts.rules.dateforms import check_dates, leading_words

QUARTER = {
    "id": "date.quarter",
    "read": "year",
    "re": r"\bQ[1-4]{WS}(?P<y>{YEAR}){NOT_NUM_AFTER}",
    "examples": ["Q3 2024"],
}
TEXT = "Warehouse hiring slowed in Q3 2024, the filing said."


def _dates(nlp: Any, text: str) -> list[tuple[str, Any]]:
    doc = run_components(nlp, text)
    return [(f.text, f.value) for f in doc._.lf_facts if f.type == "date"]


def test_a_form_added_in_a_rules_folder_is_found_by_the_pipeline(tmp_path: Path) -> None:
    (tmp_path / "dates.json").write_text(json.dumps({"forms": [QUARTER]}), encoding="utf-8")
    assert _dates(build_nlp(rules=tmp_path), TEXT) == [("Q3 2024", "2024")]
    # the package's pipeline does not read it
    assert _dates(get_nlp(), TEXT) == [("2024", "2024")]


def test_anchors_derive_from_the_forms(tmp_path: Path) -> None:
    assert anchor_words(RuleSet.default()).extra is None  # every default form is reached
    (tmp_path / "dates.json").write_text(json.dumps({"forms": [QUARTER]}), encoding="utf-8")
    rules = RuleSet.load(tmp_path)
    extra = anchor_words(rules).extra
    assert extra is not None and extra.match("Q3")
    assert leading_words(rules.dates().forms[-1].pattern) == {"q"}


def test_months_of_the_rules_are_the_anchor_words() -> None:
    words = anchor_words(RuleSet.default())
    for names in lexicon("dates")["months"]:
        for name in names:
            assert name.lower() in words.date and name.lower() + "." in words.date
    assert {"year", "month", "dozen", "thirds", "fortnight"} <= words.date | words.quantity


@pytest.mark.parametrize("form", RuleSet.default().dates().forms, ids=lambda f: f.id)
def test_every_form_reads_its_examples(form: Any) -> None:
    for entry in lexicon("dates")["forms"]:
        if entry["id"] == form.id:
            for ex in entry["examples"]:
                found = find_dates(ex, date(2025, 6, 1))
                assert [d.rule for d in found] == [form.id], ex


def _broken(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(lexicon("dates"))
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("forms", 0, "re"), "(?P<y>[", "date.iso: bad regular expression"),
        (("forms", 1, "id"), "date.iso", "not unique"),
        (("forms", 0, "read"), "weekly", "read must be one of"),
        (("forms", 0, "examples"), ["no date here"], "does not match its own example"),
        (("forms", 0, "re"), "{NOPE}(?P<y>\\d{4})", "unknown piece {NOPE}"),
        (("forms", 4, "re"), "\\b(?P<m>{MONTH}) (?P<z>\\d{4})", "needs a group named y"),
        (("forms", 9, "re"), "\\s(?P<y>\\d{4})", "must start with a digit or a word"),
        (("months",), [["January"]], "months: must list the twelve months"),
        (("months", 1), ["February", "Jan"], "'Jan' is also month 1"),
        (("relative",), {"last": "minus one"}, "relative: must map words"),
    ],
)
def test_dates_lexicon_fails_at_load(path: tuple[Any, ...], value: Any, message: str) -> None:
    with pytest.raises(LexiconError, match="rules/dates.json") as err:
        check_dates(_broken(path, value))
    assert message in str(err.value)


def test_a_bad_user_form_fails_when_the_rules_load(tmp_path: Path) -> None:
    bad = dict(QUARTER, examples=["Q5 2024"])
    (tmp_path / "dates.json").write_text(json.dumps({"forms": [bad]}), encoding="utf-8")
    with pytest.raises(LexiconError, match="date.quarter: does not match its own example"):
        RuleSet.load(tmp_path)


def test_the_grammar_is_compiled_once_per_rule_set() -> None:
    assert grammar(RuleSet.default()) is grammar(RuleSet.default())
