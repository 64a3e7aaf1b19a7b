"""Pairs of claims: what a fact-checker reads ("A says about 1,200, B says
1,187: agree").

A frame's status is the worst over its claims, and a claim's the worst over
the claims of other documents; the pairs say which two claims agree, which
conflict and which show a change, each with its reason. Pairs are listed per
frame from the claims ``diff.settle`` already placed, so the cost is the
number of pairs reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from laborfacts.diff import Claim, DiffResult, FrameDiff, Interval, Status, pair_status
from laborfacts.export import write_rows

PAIR_FIELDS = (
    "frame", "frame_status", "status", "reason",
    "doc_a", "text_a", "value_a", "time_a", "start_a", "end_a",
    "doc_b", "text_b", "value_b", "time_b", "start_b", "end_b",
)  # fmt: skip


@dataclass(frozen=True)
class Pair:
    a: Claim
    b: Claim
    status: Status
    reason: str


def _bounds(iv: Interval) -> str:
    low = "-∞" if iv.low is None else f"{iv.low:g}"
    high = "∞" if iv.high is None else f"{iv.high:g}"
    return f"{'(' if iv.low_open else '['}{low}, {high}{')' if iv.high_open else ']'}"


def reason_of(a: Claim, b: Claim, status: Status) -> str:
    """Why two claims have their status, in a line."""
    if status is Status.agree:
        return f"{_bounds(a.interval)} and {_bounds(b.interval)} overlap"
    if status is Status.changed:
        return f"{_bounds(a.interval)} in {a.year} and {_bounds(b.interval)} in {b.year}: a change"
    if a.year is not None and a.year == b.year:
        when = f"both {a.year}"
    else:
        when = "no two known years"
    return f"{_bounds(a.interval)} and {_bounds(b.interval)} are disjoint ({when})"


def pairs_of(frame: FrameDiff) -> Iterator[Pair]:
    """Every pair of claims of the frame from different documents, in claim order."""
    claims = frame.claims
    for i, a in enumerate(claims):
        for b in claims[i + 1 :]:
            if a.doc == b.doc:
                continue
            status = pair_status(a, b)
            yield Pair(a, b, status, reason_of(a, b, status))


def _side(claim: Claim) -> dict[str, Any]:
    rec = claim.fact
    return {
        "doc": claim.doc,
        "text": rec.text,
        "value": rec.value,
        "low": rec.low,
        "high": rec.high,
        "qualifier": rec.qualifier,
        "time": claim.time,
        "start": rec.start,
        "end": rec.end,
    }


def pair_json(pair: Pair) -> dict[str, Any]:
    return {
        "status": str(pair.status),
        "reason": pair.reason,
        "a": _side(pair.a),
        "b": _side(pair.b),
    }


def pair_rows(result: DiffResult) -> Iterator[dict[str, Any]]:
    """A flat row per pair, PAIR_FIELDS as keys."""
    for frame in result.frames:
        for pair in pairs_of(frame):
            row: dict[str, Any] = {
                "frame": frame.frame.label(),
                "frame_status": str(frame.status),
                "status": str(pair.status),
                "reason": pair.reason,
            }
            for key, claim in (("a", pair.a), ("b", pair.b)):
                side = _side(claim)
                for name in ("doc", "text", "value", "time", "start", "end"):
                    row[f"{name}_{key}"] = side[name]
            yield row


def write_pairs_csv(result: DiffResult, fh: IO[str]) -> int:
    """One row per pair of claims; returns the number of rows."""
    return write_rows(fh, PAIR_FIELDS, pair_rows(result), quote_text=False)


def diff_json_with_pairs(result: DiffResult) -> dict[str, Any]:
    """``diff.diff_json`` with each frame's pairs of claims (``pairs``)."""
    from laborfacts.diff import diff_json

    data = diff_json(result)
    for frame, out in zip(result.frames, data["frames"], strict=True):
        out["pairs"] = [pair_json(p) for p in pairs_of(frame)]
    data["pair_summary"] = {str(s): n for s, n in pair_counts(result).items()}
    return data


def pair_counts(result: DiffResult) -> dict[Status, int]:
    counts = dict.fromkeys((Status.agree, Status.changed, Status.conflict), 0)
    for frame in result.frames:
        for pair in pairs_of(frame):
            counts[pair.status] += 1
    return counts
