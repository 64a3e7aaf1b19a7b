"""The classify stage's rules are data: one line of a user's ``classify.jsonl``
types a figure through ``build_nlp(rules=...)``; the vote vocabulary
(``rules/metrics.json``) is validated at load."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from laborfacts.pipeline import build_nlp, classify, get_nlp, run_components
from laborfacts.pipeline.mentions import Mention
from laborfacts.pipeline.votes import Pair, pair_of
from laborfacts.rules import LexiconError, RuleSet, lexicon
from laborfacts.rules.metrics import VoteMetric, check_metrics

RULE = {
    "id": "workload.widgets",
    "type": "workload",
    "metric": "widgets_assembled",
    "kinds": ["count", "bare"],
    "cues": ["widgets assembled", "assembled"],
    "tier": 0,
}
TEXT = "Each worker on the line had 500 widgets assembled by noon."


def _typed(nlp: Any) -> list[tuple[str, str, str | None]]:
    return [(f.text, f.type, f.metric) for f in run_components(nlp, TEXT)._.lf_facts]


def test_one_user_line_types_a_figure(tmp_path: Path) -> None:
    (tmp_path / "classify.jsonl").write_text(json.dumps(RULE) + "\n", encoding="utf-8")
    assert _typed(build_nlp(rules=tmp_path)) == [("500", "workload", "widgets_assembled")]
    assert _typed(get_nlp()) == [("500", "count", None)]  # the defaults do not type it


def test_compiled_rules_are_shared_per_rule_set() -> None:
    a = classify.Classifier()
    b = classify.Classifier(rules=RuleSet.default())
    assert a._compiled is b._compiled


def test_every_vote_metric_of_the_data_is_known() -> None:
    words = RuleSet.default().metrics()
    assert {m for _, m in words.vote_after + words.vote_before} <= set(VoteMetric)


def test_a_score_is_no_pair_of_facts() -> None:
    text = "The team won 7-3 on Sunday."
    m = Mention(start=13, end=16, kind="bare", core_start=13, core_end=14,
                core2_start=15, core2_end=16, flags={"range", "hyphen", "descending"})  # fmt: skip
    assert pair_of(m, text, (0, len(text)), RuleSet.default().metrics()) is Pair.SCORE
    text = "The union won the vote 7-3 on Sunday."
    m.start, m.end, m.core_start, m.core_end, m.core2_start, m.core2_end = 23, 26, 23, 24, 25, 26
    assert pair_of(m, text, (0, len(text)), RuleSet.default().metrics()) is Pair.TALLY


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("rejected", "(unclosed", "rejected: bad regular expression"),
        ("vote_after", [{"metric": "nays", "re": "no"}], "vote_after 0: metric must be one of"),
        ("vote_before", [{"re": "x"}], "vote_before 0: keys must be metric and re"),
        ("yearly", "", "yearly: must be a regular expression"),
    ],
)
def test_metrics_lexicon_fails_at_load(key: str, value: Any, message: str) -> None:
    data = copy.deepcopy(lexicon("metrics"))
    data[key] = value
    with pytest.raises(LexiconError, match="rules/metrics.json") as err:
        check_metrics(data)
    assert message in str(err.value)
