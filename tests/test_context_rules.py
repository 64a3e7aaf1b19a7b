"""The context stage runs on the rules it is given: attribution verbs from
``cues.json``, groups of people found as a plain scan finds them."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from laborfacts.pipeline import build_nlp
from laborfacts.pipeline.context import compile_context
from laborfacts.pipeline.groups import GroupPattern
from laborfacts.pipeline.inventory import Inventory
from laborfacts.pipeline.names import Names, _written
from laborfacts.rules import RuleSet

TEXT = "Wages at the Larkspur depot rose 12% in 2024, Jane Roe averred."


def _attributions(nlp: object, text: str) -> list[str | None]:
    doc = nlp(text)  # type: ignore[operator]
    return [m.attribution for m in doc._.lf_mentions if m.kind != "date"]


def test_attribution_verb_from_user_rules(tmp_path: Path) -> None:
    (tmp_path / "cues.json").write_text(json.dumps({"attribution_verbs": ["averred"]}))
    said = _attributions(build_nlp(), TEXT.replace("averred", "said"))
    assert said and all(a == "Jane Roe" for a in said)
    assert _attributions(build_nlp(rules=tmp_path), TEXT) == said
    assert all(a is None for a in _attributions(build_nlp(), TEXT))


def test_compiled_once_per_rule_set() -> None:
    rules = RuleSet.default()
    assert compile_context(rules) is compile_context(rules)


GROUP_TEXT = (
    "Care workers at Nordvik, part-time drivers and the Harbor Nurses Guild met. "
    "Couriers at the hub said staff nurses, dockworkers (and 40 striking teachers) "
    "earn less; INTERNS—and newly hired workers’ pay—fell.\nWorkers voted. "
    "Amazon drivers, UPS workers; fast-food workers & union members."
)


@pytest.mark.parametrize("seed", range(5))
def test_group_scan_equals_finditer(seed: int) -> None:
    vocab = RuleSet.default().context()
    pattern = GroupPattern.compile(vocab.group_nouns, vocab.group_modifiers, vocab.group_stop_words)
    rng = random.Random(seed)
    text = " ".join(rng.sample(GROUP_TEXT.split(" "), len(GROUP_TEXT.split(" "))))
    for lo, hi in [(0, len(text))] + [
        sorted(rng.sample(range(len(text) + 1), 2)) for _ in range(40)
    ]:
        expected = [m.span() for m in pattern.pattern.finditer(text, lo, hi)]
        assert [m.span() for m in pattern.finditer(text, lo, hi)] == expected


@pytest.mark.parametrize("word", ["revenue", "pay", "at&t", "o'neil", "co-op", "x"])
def test_written_equals_pattern(word: str) -> None:
    text = "Revenue rose; pay-revenue, at&t's co-op x_1 o'neil revenue_ x. pay"
    rx = re.compile(rf"(?<![\w’'-]){re.escape(word)}\b")
    assert _written(text, word) == (rx.search(text) is not None)


def test_aliases_by_prefix_and_surname() -> None:
    text = (
        "The union met Harbor Freight Couriers on Monday, and later Jane Roe, its chief; "
        "then Harbor Freight said pay rose, and Roe agreed."
    )
    names = Names(text, [(0, len(text))]).within(0, len(text))
    by_name = {e.name: e for e in Inventory(text, names).entities}
    assert "Harbor Freight" in by_name["Harbor Freight Couriers"].forms
    assert "Roe" in by_name["Jane Roe"].forms


def _subjects(nlp: object, text: str) -> list[str | None]:
    doc = nlp(text)  # type: ignore[operator]
    return [m.subject for m in doc._.lf_mentions if m.kind != "date"]


def test_known_place_from_user_rules(tmp_path: Path) -> None:
    """The names that are places, and never what a figure is about, are
    context.json's ``known_places``: one line in a user file adds one."""
    text = "Kestrel Haulage said Brannock drivers earn $24.10 an hour. Brannock has 3,100 jobs."
    assert "Brannock" in _subjects(build_nlp(), text)
    (tmp_path / "context.json").write_text(json.dumps({"known_places": ["Brannock"]}))
    assert "Brannock" not in _subjects(build_nlp(rules=tmp_path), text)
