"""The quantity stage runs on the rules it is given: a user's rule folder
changes what it reads through ``build_nlp(rules=...)``, without touching the
default pipeline, and a bad entry fails when the rules load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import laborfacts
from laborfacts.pipeline import build_nlp
from laborfacts.pipeline.quantities import (
    QuantityFinder,
    Reader,
    find_quantities,
    nonfact_spans,
    quantity_grammar,
)
from laborfacts.rules import LexiconError, RuleSet


def _folder(tmp_path: Path, **files: object) -> Path:
    for name, data in files.items():
        (tmp_path / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
    return tmp_path


def _facts(nlp: object, text: str) -> list[tuple[str, object, str, str | None]]:
    return [(f.text, f.value, f.unit, f.reader) for f in laborfacts.extract_text(text, nlp=nlp)]


def test_percent_word_from_a_user_folder(tmp_path: Path) -> None:
    nlp = build_nlp(rules=_folder(tmp_path, units={"percent_words": ["pc", "pcent"]}))
    assert _facts(nlp, "Turnover hit 40 pc at the depot.") == [
        ("40 pc", 40, "percent", "percent.word")
    ]
    assert _facts(nlp, "Turnover hit 40 pcent at the depot.") == [
        ("40 pcent", 40, "percent", "percent.word")
    ]
    # the default pipeline does not know the added word
    assert [f.unit for f in laborfacts.extract_text("Turnover hit 40 pcent at the depot.")] != [
        "percent"
    ]


def test_currency_from_a_user_folder(tmp_path: Path) -> None:
    assert "ISK" not in RuleSet.default().units()["currencies"]
    entry = {"ISK": {"name": "Icelandic krona", "signs": ["kr."], "words": ["kronur"]}}
    nlp = build_nlp(rules=_folder(tmp_path, units={"currencies": entry}))
    assert _facts(nlp, "Dockers earn 9,000 kronur a shift.")[0][1:] == (
        9000,
        "ISK",
        "rate.per_after",
    )
    assert _facts(nlp, "The fine came to ISK 2 million.") == [
        ("ISK 2 million", 2000000, "ISK", "money.prefix_code")
    ]
    assert _facts(nlp, "A bonus of kr. 50,000 was paid.") == [
        ("kr. 50,000", 50000, "ISK", "money.prefix_sign")
    ]
    assert all(f.unit != "ISK" for f in laborfacts.extract_text("Dockers earn 9,000 kronur."))


def test_unknown_currency_fails_at_load(tmp_path: Path) -> None:
    entry = {"ZZZ": {"name": "No such money", "signs": [], "words": ["zeds"]}}
    folder = _folder(tmp_path, units={"currencies": entry})
    with pytest.raises(LexiconError, match=r"units\.json.*currencies\.ZZZ"):
        RuleSet.load(folder)
    with pytest.raises(LexiconError, match=r"units\.json.*currencies\.ZZZ"):
        build_nlp(rules=folder)


def test_grammar_is_compiled_once_per_fingerprint(tmp_path: Path) -> None:
    assert quantity_grammar() is quantity_grammar(RuleSet.default())
    user = RuleSet.load(_folder(tmp_path, units={"percent_words": ["pcent"]}))
    assert quantity_grammar(user) is not quantity_grammar()
    assert quantity_grammar(user) is quantity_grammar(user)
    assert QuantityFinder(rules=user).grammar is quantity_grammar(user)


def test_free_functions_take_rules(tmp_path: Path) -> None:
    user = RuleSet.load(_folder(tmp_path, units={"percent_words": ["pcent"]}))
    text = "Turnover hit 40 pcent."
    assert [m.kind for m in find_quantities(text, [], rules=user)] == ["percent"]
    assert [m.kind for m in find_quantities(text, [])] != ["percent"]
    assert [m.reader for m in find_quantities(text, [], rules=quantity_grammar(user))] == [
        Reader.PERCENT_WORD
    ]
    assert nonfact_spans("The S&P 500 fell.") == nonfact_spans("The S&P 500 fell.", rules=user)


@pytest.mark.parametrize(
    ("text", "unit", "per"),
    [
        ("The fund paid JPY 500 million.", "JPY", None),  # a code before the number
        ("Staff there earn 6,000 Swiss francs a month.", "CHF", "month"),  # a word, from the data
        ("The posting lists an HOURLY wage of $23.", "USD", "hour"),  # case-blind rate word
    ],
)
def test_listed_defects_stay_fixed(text: str, unit: str, per: str | None) -> None:
    facts = laborfacts.extract_text(text)
    assert [(f.unit, f.per) for f in facts] == [(unit, per)]


def test_quarter_of_a_million_hyphenated() -> None:
    facts = laborfacts.extract_text("A quarter-of-a-million drivers deliver for it.")
    assert [(f.value, f.reader) for f in facts] == [(250000, "count.item")]
