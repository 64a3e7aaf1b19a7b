"""Pairs of numbers the classify stage splits, and the metric of a vote count.

A tally ("won 19-8", "voted 1,798 to 738") and a descending pair ("fell from
6.9 to 6.4") are read by the quantity stage as one range; classify decides
what the pair is (:class:`Pair`) and, for a tally or a descending pair, splits
it into two level facts. It is the one place classify changes what the
quantity stage read: a tally's two halves become counts of votes (``kind``
"count", ``item`` "vote") typed union_vote, for and against in the order the
words give. The words are data (``rules/metrics.json``).
"""

from __future__ import annotations

from enum import Enum

from laborfacts.pipeline.mentions import Mention
from laborfacts.rules.metrics import MetricRules, VoteMetric

TALLY_RULE = "vote.tally"


class Pair(Enum):
    """What a range of two numbers is, for the classify stage."""

    ONE = "one"  # a range or bound: one fact, as the quantity stage read it
    TALLY = "tally"  # a vote tally: two union_vote counts, for and against
    PAIR = "pair"  # two levels ("6.9 to 6.4"): two facts, typed by the rules
    SCORE = "score"  # "won 7-3", "a 2-1 ruling": no fact at all


def is_tally_shape(m: Mention, text: str, sent: tuple[int, int], words: MetricRules) -> bool:
    """A plain range of bare numbers or counts with vote words just before it."""
    return (
        "range" in m.flags
        and "between" not in m.flags
        and m.kind in ("bare", "count")
        and m.qualifier in ("exact", "range")
        and words.vote_context.search(text, max(sent[0], m.start - 60), m.start) is not None
    )


def pair_of(m: Mention, text: str, sent: tuple[int, int], words: MetricRules) -> Pair:
    """What ``m`` is: one fact, a vote tally, a pair of levels, or a score."""
    if m.core2_start < 0 or not ("descending" in m.flags or is_tally_shape(m, text, sent, words)):
        return Pair.ONE
    before = text[max(sent[0], m.start - 60) : m.start]
    voted = words.vote_context.search(before) or words.vote_context.search(text[m.end : m.end + 30])
    if voted and m.kind in ("bare", "count"):
        return Pair.TALLY  # not "ratified a deal cutting the week from 40 to 36 hours"
    if "hyphen" in m.flags and m.kind == "bare":
        return Pair.SCORE
    return Pair.PAIR


def split_pair(m: Mention) -> tuple[Mention, Mention]:
    """Two level facts from a tally or a descending pair ("19-8", "6.9 to 6.4")."""
    first = Mention(
        start=m.core_start, end=m.core_end, kind=m.kind, value=m.low, unit=m.unit, per=m.per,
        item=m.item, item_group=m.item_group, rule=m.rule, core_start=m.core_start,
        core_end=m.core_end, confidence=m.confidence, flags=set(m.flags), reader=m.reader,
    )  # fmt: skip
    if m.start < m.core_start and m.qualifier == "exact":
        first.start = m.start  # keep a currency sign with the first number
    second = Mention(
        start=m.core2_start, end=m.core2_end, kind=m.kind, value=m.high, unit=m.unit,
        per=m.per, item=m.item, item_group=m.item_group, rule=m.rule,
        core_start=m.core2_start, core_end=m.core2_end, confidence=m.confidence,
        flags=set(m.flags), reader=m.reader,
    )  # fmt: skip
    return first, second


def label_tally(
    m: Mention, parts: tuple[Mention, Mention], text: str, sent: tuple[int, int], words: MetricRules
) -> None:
    """Type the two halves of a tally: for, then against, unless the tally was
    rejected ("rejected the union 1,798 to 738", "voted 12-5 against": the
    larger, first number is against; "lost 1,402 to 1,798" keeps the
    for-against order)."""
    first, second = VoteMetric.VOTES_FOR, VoteMetric.VOTES_AGAINST
    larger_first = "descending" in m.flags or (
        m.low is not None and m.high is not None and m.low > m.high
    )
    if larger_first and (
        words.rejected.search(text, sent[0], m.start)
        or words.rejected_after.match(text[m.end : min(sent[1], m.end + 40)])
    ):
        first, second = second, first
    for part, metric in ((parts[0], first), (parts[1], second)):
        part.type, part.metric, part.rule = "union_vote", metric.value, TALLY_RULE
        part.item = "vote"
        if part.kind == "bare":
            part.kind = "count"  # a tally counts votes


def vote_metric(
    text: str, m: Mention, sent: tuple[int, int], words: MetricRules
) -> VoteMetric | None:
    """The metric of a union_vote count from the words just after, then before it."""
    after = text[m.end : min(sent[1], m.end + 40)]
    for rx, metric in words.vote_after:
        if rx.match(after):
            return metric
    before = text[max(sent[0], m.start - 50) : m.start]
    for rx, metric in words.vote_before:
        if rx.search(before):
            return metric
    return None
