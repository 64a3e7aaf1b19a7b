"""The quantity grammar: every pattern and word set the readers use, compiled
from one :class:`~laborfacts.rules.RuleSet`, once per fingerprint."""

from __future__ import annotations

import re
from dataclasses import dataclass

from laborfacts.pipeline.numbers import DIGITS, number_words
from laborfacts.pipeline.quantities.changes import ChangeGrammar, compile_changes
from laborfacts.pipeline.quantities.elided import compile_elided
from laborfacts.pipeline.quantities.hedges import HedgeGrammar, compile_hedges
from laborfacts.pipeline.quantities.items import ItemGrammar, compile_items
from laborfacts.pipeline.quantities.measures import MeasureGrammar, compile_measures
from laborfacts.pipeline.quantities.money import MoneyGrammar, compile_money
from laborfacts.pipeline.quantities.nonfacts import NonfactGrammar, compile_nonfacts
from laborfacts.pipeline.quantities.numbers import NumberGrammar, compile_numbers
from laborfacts.pipeline.quantities.ranges import RangeGrammar, compile_ranges
from laborfacts.pipeline.quantities.rates import RateGrammar, compile_rates
from laborfacts.pipeline.quantities.text import WS
from laborfacts.rules import RuleSet, phrase_regex


@dataclass(frozen=True)
class QuantityGrammar:
    rules: RuleSet
    numbers: NumberGrammar
    money: MoneyGrammar
    measures: MeasureGrammar
    hedges: HedgeGrammar
    changes: ChangeGrammar
    items: ItemGrammar
    rates: RateGrammar
    ranges: RangeGrammar
    nonfacts: NonfactGrammar
    share_verb: re.Pattern[str]  # "two-thirds reported": a share of the people asked
    elided: re.Pattern[str]  # "… instead of", "…, sometimes": a bare number of the same unit


def compile_grammar(rules: RuleSet) -> QuantityGrammar:
    units = rules.units()
    cues = rules.lexicon("cues")
    words = number_words(rules)
    verbs = phrase_regex([v for v in cues["attribution_verbs"] if " " not in v])
    return QuantityGrammar(
        rules=rules,
        numbers=compile_numbers(words),
        money=compile_money(units, rules.countries()),
        measures=compile_measures(units),
        hedges=compile_hedges(rules.lexicon("qualifiers"), DIGITS, words.words),
        changes=compile_changes(rules.changes(), cues),
        items=compile_items(rules.lexicon("items"), words),
        rates=compile_rates(units),
        ranges=compile_ranges(
            list(units["durations"])
            + [f for e in units["measures"].values() for f in e["forms"] if f[:1].isalpha()]
        ),
        nonfacts=compile_nonfacts(rules.nonfacts(), rules.lexicon("codes")),
        share_verb=re.compile(
            rf"{WS}+(?:{verbs}|were|are|have|had|described|experienced|suffered|worked|earn(?:ed)?)\b",
            re.IGNORECASE,
        ),
        elided=compile_elided(units),
    )


_COMPILED: dict[str, QuantityGrammar] = {}


def quantity_grammar(rules: RuleSet | None = None) -> QuantityGrammar:
    """The grammar of ``rules`` (the package's by default), compiled once per fingerprint."""
    rules = rules or RuleSet.default()
    got = _COMPILED.get(rules.fingerprint)
    if got is None:
        got = _COMPILED[rules.fingerprint] = compile_grammar(rules)
    return got
