"""The classify stage's vocabulary besides its type rules (``rules/metrics.json``):
the words of a vote tally and of each vote metric, and of a yearly rate.

:func:`check_metrics` compiles every pattern (case-blind) and checks each
metric is a :class:`VoteMetric`; a problem raises :class:`LexiconError`
naming file, entry and reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from laborfacts.rules.checks import LexiconError

FILE = "metrics.json"


class VoteMetric(StrEnum):
    """The metric of a union_vote count."""

    VOTES_FOR = "votes_for"
    VOTES_AGAINST = "votes_against"
    CHALLENGED = "challenged"
    VOID = "void"
    ELIGIBLE = "eligible"
    BALLOTS_CAST = "ballots_cast"
    TURNOUT_PCT = "turnout_pct"
    MARGIN = "margin"


@dataclass(frozen=True)
class MetricRules:
    vote_context: re.Pattern[str]
    rejected: re.Pattern[str]
    # words right after a tally that put its larger, first number against ("12-5 against")
    rejected_after: re.Pattern[str]
    vote_after: tuple[tuple[re.Pattern[str], VoteMetric], ...]
    vote_before: tuple[tuple[re.Pattern[str], VoteMetric], ...]
    yearly: re.Pattern[str]


def _fail(entry: str, reason: str) -> LexiconError:
    return LexiconError(f"rules/{FILE}: {entry}: {reason}")


def _rx(entry: str, pattern: object) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise _fail(entry, "must be a regular expression")
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise _fail(entry, f"bad regular expression: {exc}") from exc


def _metric_list(key: str, entries: object) -> tuple[tuple[re.Pattern[str], VoteMetric], ...]:
    if not isinstance(entries, list):
        raise _fail(key, "must be a list of {metric, re}")
    out = []
    for n, e in enumerate(entries):
        if not isinstance(e, dict) or set(e) != {"metric", "re"}:
            raise _fail(f"{key} {n}", "keys must be metric and re")
        try:
            metric = VoteMetric(e["metric"])
        except ValueError:
            raise _fail(
                f"{key} {n}", f"metric must be one of {[m.value for m in VoteMetric]}"
            ) from None
        out.append((_rx(f"{key} {n}", e["re"]), metric))
    return tuple(out)


def check_metrics(data: dict[str, Any]) -> MetricRules:
    """The compiled vocabulary of ``data``; else the first problem, by entry."""
    expected = {"vote_context", "rejected", "rejected_after", "vote_after", "vote_before", "yearly"}
    if set(data) != expected:
        raise _fail("top level", f"keys must be {sorted(expected)}")
    return MetricRules(
        vote_context=_rx("vote_context", data["vote_context"]),
        rejected=_rx("rejected", data["rejected"]),
        rejected_after=_rx("rejected_after", data["rejected_after"]),
        vote_after=_metric_list("vote_after", data["vote_after"]),
        vote_before=_metric_list("vote_before", data["vote_before"]),
        yearly=_rx("yearly", data["yearly"]),
    )
