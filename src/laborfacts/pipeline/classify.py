"""Choosing each quantity's type and metric from the words around it.

Rules are data (``rules/classify.jsonl``): each names the kinds of
quantity it applies to (percent, money, count, duration, bare number), the
counted items it needs, and the cue words that must appear within a window of
characters in the same sentence. The rule with the lowest tier wins, then the
one whose cue is nearest; labor-specific rules sit in lower tiers than the
generic ones, so the labor type wins where the context supports it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from laborfacts.pipeline.component import RuleComponent
from laborfacts.pipeline.extensions import text_of
from laborfacts.pipeline.mentions import Mention
from laborfacts.pipeline.rule_cues import (
    Compiled,
    Shape,
    below_max,
    compile_rules,
    cue_near,
    fits,
    sentence_holds,
    shape_of,
)
from laborfacts.pipeline.votes import Pair, label_tally, pair_of, split_pair, vote_metric
from laborfacts.rules import ClassifyRule, RuleSet
from laborfacts.rules.metrics import MetricRules


def choose_rule(
    rules: list[tuple[int, Compiled]],
    text: str,
    m: Mention,
    sent: tuple[int, int],
    lowered: str | None = None,
    holds: dict[int, bool] | None = None,
) -> ClassifyRule | None:
    """The applicable rule of the lowest tier, then the nearest cue, then file order.

    ``rules`` fit the mention's shape (see ``fits``), so only their value limit
    is left to check; they come sorted by (tier, file order), so a worse tier
    ends the search. ``holds`` keeps, for the figures of one sentence, whether
    each rule (by its index) can match in it (see ``sentence_holds``).
    """
    if lowered is None:
        lowered = text[sent[0] : sent[1]].lower()
    if holds is None:
        holds = {}
    best: tuple[int, int, int] | None = None
    chosen = None
    for i, c in rules:
        rule = c.rule
        if best is not None and rule.tier > best[0]:
            break
        if rule.max_value is not None and not below_max(c, m):
            continue
        ok = holds.get(i)
        if ok is None:
            ok = holds[i] = sentence_holds(c, text, sent, lowered)
        if not ok:
            continue
        d = cue_near(c, text, m, sent, lowered)
        if d is None:
            continue
        key = (rule.tier, d, i)
        if best is None or key < best:
            best, chosen = key, rule
            if d == 0:
                break  # no later rule is nearer, nor of a lower tier
    return chosen


_GENERIC_RULES = frozenset({"count.other", "percentage.other", "money.other", ""})
_PERIODS = 400  # about the days of a year: how far a daily rate may stand from a yearly total
_LABOR_COUNT_TYPES = frozenset({"workforce", "union_membership", "union_vote", "workload"})


def _carry_over(text: str, mentions: list[Mention]) -> None:
    """Give a figure that only a generic rule classified the type of its context.

    Two cases, both general: the same value in the same unit was classified
    earlier in the article ("6.9 ... per 100 workers" and later "a drop from
    6.9"); or a sibling in the same sentence, in the same unit and of a similar
    size, has a labor type ("€13.90 an hour ... a further increase to €14.60";
    "employs 1.1 million people, including more than 780,000 in the US").
    """
    seen: dict[tuple[str, float], tuple[str, str | None]] = {}
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.kind == "date":
            continue
        by_sentence.setdefault(m.sentence, []).append(m)
    for m in mentions:
        if m.kind == "date":
            continue
        v = m.value if isinstance(m.value, float) else (m.low if m.low is not None else m.high)
        if m.rule not in _GENERIC_RULES and m.type not in (None, "count", "percentage", "money"):
            if v is not None:
                seen.setdefault((m.unit, round(v, 4)), (str(m.type), m.metric))
            continue
        if m.rule not in _GENERIC_RULES or v is None:
            continue
        key = (m.unit, round(v, 4))
        if key in seen and m.item is None:
            m.type, m.metric = seen[key]
            m.rule = "carry.same_value"
            continue
        for sib in by_sentence.get(m.sentence, []):
            if abs(sib.start - m.start) > 400:
                continue
            if sib is m or sib.rule in _GENERIC_RULES or sib.unit != m.unit:
                continue
            sv = (
                sib.value
                if isinstance(sib.value, float)
                else (sib.low if sib.low is not None else sib.high)
            )
            if sv is None or v <= 0 or sv <= 0:
                continue
            ratio = max(v, sv) / min(v, sv)
            money_like = m.unit not in ("count", "percent") and sib.type == "wage" and ratio <= 3
            # a rate beside a total ("3.4 million containers last year,
            # roughly 9,300 a day") differs from it by the period too
            reach = 100 * _PERIODS if m.per is not None and m.per != sib.per else 100
            count_like = (
                m.unit == "count"
                and m.item is None
                and sib.type in _LABOR_COUNT_TYPES
                and ratio <= reach
            )
            if money_like or count_like:
                m.type, m.metric = sib.type, sib.metric
                if m.per is None and sib.type == "wage":
                    m.per = sib.per
                m.rule = "carry.sentence"
                break


@dataclass(frozen=True)
class _Rules:
    """The classify rules of one RuleSet, compiled."""

    # rules by the kind of quantity they apply to, sorted by (tier, file order)
    by_kind: dict[str, list[tuple[int, Compiled]]]
    # the rules that fit each shape of mention, sorted as above (filled as met)
    fitting: dict[Shape, list[tuple[int, Compiled]]]
    words: MetricRules


@lru_cache(maxsize=8)
def _rules(fingerprint: str, rules: RuleSet) -> _Rules:
    compiled = list(enumerate(compile_rules(rules.classify_rules())))
    by_kind = {
        kind: sorted(
            ((i, c) for i, c in compiled if kind in c.rule.kinds),
            key=lambda ic: (ic[1].rule.tier, ic[0]),
        )
        for kind in ("percent", "money", "count", "duration", "measure", "bare")
    }
    return _Rules(by_kind, {}, rules.metrics())


class Classifier(RuleComponent):
    """Component: sets ``type``, ``metric`` and ``rule`` (the type rule's id) on
    every quantity mention. Where the rules' type calls for it, it also sets
    what that type implies: a vote count is a count, a wage's period, a raise's
    direction (see ``_refine``); it splits tallies and pairs (``votes``)."""

    def compile(self, rules: RuleSet) -> None:
        self._compiled = _rules(rules.fingerprint, rules)

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        from laborfacts.pipeline.sentences import SentenceIndex

        index = SentenceIndex(doc._.lf_sentences or [(0, len(text))])
        words = self._compiled.words
        out: list[Mention] = []
        # per sentence: its text in lower case, and which rules can match in it
        lowered_of: dict[tuple[int, int], tuple[str, dict[int, bool]]] = {}
        for m in doc._.lf_mentions or []:
            if m.kind == "date":
                m.sentence = index.index_of(m.start)
                out.append(m)
                continue
            full_sent = index.span_of(m.core_start)
            # a long "sentence" (a table, a list) is only context near the figure
            sent = (max(full_sent[0], m.start - 400), min(full_sent[1], m.end + 400))
            pair = pair_of(m, text, sent, words)
            if pair is Pair.SCORE:
                continue
            parts: tuple[Mention, ...] = (m,)
            if pair is not Pair.ONE:
                parts = split_pair(m)
                if pair is Pair.TALLY:
                    label_tally(m, parts, text, sent, words)
            for part in parts:
                part.sentence = index.index_of(part.core_start)
                if part.type is None:
                    known = lowered_of.get(full_sent)
                    if known is None:
                        low = text[full_sent[0] : full_sent[1]].lower()
                        known = lowered_of[full_sent] = (low, {})
                    self.classify(text, part, full_sent, *known)
                out.append(part)
        _carry_over(text, out)
        doc._.lf_mentions = out
        return doc

    def classify(
        self,
        text: str,
        m: Mention,
        sent: tuple[int, int],
        lowered: str | None = None,
        holds: dict[int, bool] | None = None,
    ) -> None:
        shape = shape_of(m)
        fitting = self._compiled.fitting
        rules = fitting.get(shape)
        if rules is None:
            rules = fitting[shape] = [
                (i, c) for i, c in self._compiled.by_kind.get(m.kind, []) if fits(c.rule, shape)
            ]
        rule = choose_rule(rules, text, m, sent, lowered, holds)
        if rule is None:
            m.type = "count"
            return
        m.type = str(rule.type)
        hint = m.metric  # the quantity stage's reading: a unit's metric, "raise"
        m.metric = rule.metric
        m.rule = rule.id
        _refine(m, hint, text, sent, self._compiled.words)


def _refine(
    m: Mention, hint: str | None, text: str, sent: tuple[int, int], words: MetricRules
) -> None:
    """The metric the rule's type takes from the figure itself, and what the
    type implies for the figure: a vote count is a ``count`` (not ``bare``); a
    raise stated in percent is a change (``direction``); a turnover rate with
    "annual" around it is ``per`` year."""
    if m.type == "union_vote" and m.unit == "count":
        metric = vote_metric(text, m, sent, words)
        m.metric = metric.value if metric is not None else m.metric
        if m.kind == "bare":
            m.kind = "count"
    elif m.type == "union_membership" and m.direction != "level" and m.unit == "count":
        m.metric = "members_change"
    elif m.type == "wage":
        if hint == "raise" or m.direction == "increase":
            m.metric = "raise"  # "a 50p rise", "lift wages by $4 an hour"
        elif m.per == "hour":
            m.metric = "hourly_wage"
        elif m.per == "year" and m.metric is None:
            m.metric = "annual_salary"
    elif m.type == "measure":
        m.metric = hint  # the unit's metric: temperature, distance, weight…
    elif m.type == "injury_rate" and hint == "per_100_workers":
        m.metric = hint
    elif m.type == "injury_rate" and m.metric == "per_100_workers":
        # only the figure that carries the "per 100 workers" base is a rate
        m.metric = "injuries" if m.unit == "count" else m.metric
    if m.type == "wage" and m.metric == "raise" and m.direction == "level":
        if m.unit == "percent":
            m.direction = "increase"  # a raise of 4% is a change, whatever the verb
        else:
            m.metric = None  # "will rise to $16.50" states a new level, not a raise
    if (
        m.type == "turnover_rate"
        and m.per is None
        and words.yearly.search(text[sent[0] : sent[1]]) is not None
    ):
        m.per = "year"
