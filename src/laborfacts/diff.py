"""Claim diff (SPEC section 6): what several articles agree on, contradict or update.

A claim is a fact placed in a frame: type, metric, normalized subject, ``per``,
and also unit, direction and item, so that a level is never set against a
change, dollars against percent, nor drivers against all employees. A
claim's time is the fact's ``time``, else its document's publication date.

Frames:

* ``metric`` and ``item`` match where both claims have one: in a group of
  claims that agree on everything else, a claim without a metric joins the
  only metric the group holds; if the group holds several, it stays in a
  frame of its own (metric unknown) rather than be compared with all of them.
  Items the same way.
* A claim without a subject is never compared (two unattributed figures are
  not the same claim); it is listed with status ``only``.
* Dates (and clock times) are not claims.

Status of two claims from different documents, in SPEC order: ``agree`` when
their intervals intersect; ``changed`` when disjoint and both times are known
and in different years; ``conflict`` otherwise. A claim's status is the worst
over all its pairs (conflict, then changed, then agree); ``only`` (SPEC
``only_in``) when no other document has a claim in its frame. A frame's status
is the worst over its claims: conflict if any pair conflicts, else changed if
any pair changed, else agree; ``only`` when one document holds all its claims.

Intervals: a point value is [v, v]; ``approx`` widens a point or a range by
the tolerance (a fraction of each bound, default 0.10), ``more_than`` is
(v, +inf), ``at_least`` [v, +inf), ``less_than`` (-inf, v), ``at_most``
(-inf, v], ``range`` [low, high]. Claims of one frame are settled by counting
over sorted interval ends (a sweep), never by comparing every pair, so a diff
costs O(n log n) in the number of claims.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from laborfacts.claims import (
    DEFAULT_TOLERANCE,
    INF,
    NOT_CLAIMS,
    STATUS_ORDER,
    Claim,
    Frame,
    Interval,
    Status,
    claim_of,
    interval_of,
    pair_status,
    worst,
    year_of,
)
from laborfacts.models import Document

if TYPE_CHECKING:
    from laborfacts.pipeline.subjects import Subjects
    from laborfacts.results import Problem


class DiffError(ValueError):
    """The inputs cannot be diffed (for instance, fewer than two documents);
    ``problems`` are the inputs that could not be used, and why."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass
class FrameDiff:
    frame: Frame
    claims: list[Claim]
    status: Status

    @property
    def docs(self) -> list[str]:
        return list(dict.fromkeys(c.doc for c in self.claims))


@dataclass
class DiffResult:
    """Frames with their claims and statuses, most interesting first."""

    documents: list[Document]
    frames: list[FrameDiff]
    tolerance: float = DEFAULT_TOLERANCE
    problems: list[Problem] = field(default_factory=list)

    def counts(self) -> dict[Status, int]:
        out = dict.fromkeys(STATUS_ORDER, 0)
        for f in self.frames:
            out[f.status] += 1
        return out

    def claims(self) -> Iterator[Claim]:
        for f in self.frames:
            yield from f.claims


class _Ends:
    """Sorted interval ends of a set of claims: counts claims disjoint from one."""

    __slots__ = ("highs", "lows")

    def __init__(self) -> None:
        self.highs: list[tuple[float, int]] = []
        self.lows: list[tuple[float, int]] = []

    def add(self, iv: Interval) -> None:
        self.highs.append(iv.high_pos)
        self.lows.append(iv.low_pos)

    def seal(self) -> None:
        self.highs.sort()
        self.lows.sort()

    def disjoint(self, iv: Interval) -> int:
        below = bisect_left(self.highs, iv.low_pos)
        above = len(self.lows) - bisect_right(self.lows, iv.high_pos)
        return below + above


def settle(claims: Sequence[Claim]) -> Status:
    """Set each claim's status within one frame and return the frame's status.

    For each claim, count the claims of other documents that are disjoint
    from it, split by time: disjoint and in another known year is a change,
    any other disjoint one a conflict. Counting uses sorted ends per group
    (all, per document, per year, per document and year, known years), so a
    frame of n claims costs O(n log n).
    """
    if len({c.doc for c in claims}) < 2:
        for c in claims:
            c.status = Status.only
        return Status.only
    groups: dict[tuple[Any, ...], _Ends] = defaultdict(_Ends)
    sizes: dict[str, int] = defaultdict(int)
    for c in claims:
        sizes[c.doc] += 1
        keys: list[tuple[Any, ...]] = [("all",), ("doc", c.doc)]
        y = c.year
        if y is not None:
            keys += [("known",), ("doc-known", c.doc), ("year", y), ("doc-year", c.doc, y)]
        for k in keys:
            groups[k].add(c.interval)
    for ends in groups.values():
        ends.seal()
    empty = _Ends()

    def other(c: Claim, key: tuple[Any, ...], own: tuple[Any, ...]) -> int:
        return groups.get(key, empty).disjoint(c.interval) - groups.get(own, empty).disjoint(
            c.interval
        )

    for c in claims:
        disjoint = other(c, ("all",), ("doc", c.doc))
        y = c.year
        if y is None:
            changed = 0
        else:
            known = other(c, ("known",), ("doc-known", c.doc))
            same_year = other(c, ("year", y), ("doc-year", c.doc, y))
            changed = known - same_year
        conflict = disjoint - changed
        if conflict:
            c.status = Status.conflict
        elif changed:
            c.status = Status.changed
        else:
            c.status = Status.agree
    return worst(c.status for c in claims)


def _claims_of(
    documents: Sequence[Document], tolerance: float, types: set[str] | None, lex: Subjects
) -> list[Claim]:
    from laborfacts.pipeline.subjects import resolve_corpus

    names = resolve_corpus([[f.subject for f in d.facts] for d in documents], lex)
    out = []
    for doc, doc_names in zip(documents, names, strict=True):
        for fact, name in zip(doc.facts, doc_names, strict=True):
            if types is not None and fact.type not in types:
                continue
            claim = claim_of(doc.id, fact, name, doc.published, tolerance)
            if claim is not None:
                out.append(claim)
    return out


def _wildcard(values: set[str | None]) -> Callable[[str | None], str | None]:
    """Map a missing value to the group's single known value, if it has one."""
    known = {v for v in values if v is not None}
    sole = next(iter(known)) if len(known) == 1 else None
    return lambda v: sole if v is None else v


def assign_frames(claims: Iterable[Claim]) -> dict[Frame, list[Claim]]:
    """Bucket claims by frame (a dict, so the cost is linear in claims)."""
    from laborfacts.pipeline.subjects import subject_key

    base: dict[tuple[Any, ...], list[Claim]] = defaultdict(list)
    frames: dict[Frame, list[Claim]] = defaultdict(list)
    for c in claims:
        f = c.fact
        if c.subject is None:
            # Not comparable: a frame of its own (keyed by the claim itself).
            frame = Frame(str(f.type), None, f.metric, f.per, str(f.unit), str(f.direction), f.item)
            frames[frame].append(c)
            c.frame = frame
            continue
        key = (str(f.type), subject_key(c.subject), f.per, str(f.unit), str(f.direction))
        base[key].append(c)
    for group in base.values():
        metric_of = _wildcard({c.fact.metric for c in group})
        by_metric: dict[str | None, list[Claim]] = defaultdict(list)
        for c in group:
            by_metric[metric_of(c.fact.metric)].append(c)
        for metric, sub in by_metric.items():
            item_of = _wildcard({c.fact.item for c in sub})
            subject = sub[0].subject
            for c in sub:
                f = c.fact
                frame = Frame(
                    str(f.type), subject, metric, f.per, str(f.unit), str(f.direction),
                    item_of(f.item),
                )  # fmt: skip
                c.frame = frame
                frames[frame].append(c)
    return frames


def diff_documents(
    documents: Sequence[Document],
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    types: Iterable[str] | None = None,
    subject: str | None = None,
    statuses: Iterable[Status | str] | None = None,
    rules: str | Path | None = None,
) -> DiffResult:
    """Diff the claims of several documents.

    ``types`` keeps only claims of those types; ``subject`` keeps the frames
    whose normalized subject is the normalized ``subject``; ``statuses`` keeps
    frames of those statuses. Filters do not change a status: anaphors are
    resolved over all of a document's facts first. ``rules`` (a rules folder)
    brings its subject aliases (``aliases.json``) to the grouping.
    """
    from laborfacts.pipeline.subjects import subjects_of

    if tolerance < 0:
        raise DiffError("tolerance must not be negative")
    lex = subjects_of(rules)
    type_set = {str(t) for t in types} if types is not None else None
    claims = _claims_of(documents, tolerance, type_set, lex)
    frames = list(frames_of(claims))
    names = {c.subject for c in claims if c.subject is not None}
    return finish_diff(documents, frames, names, tolerance, subject, statuses, lex)


def frames_of(claims: Iterable[Claim]) -> Iterator[FrameDiff]:
    """The frames of some claims, each settled (SPEC section 6).

    Frames never span two base keys (type, subject key, per, unit,
    direction), so claims can be given one base key at a time, in document
    order, to hold one group in memory (``Store.diff``).
    """
    for frame, members in assign_frames(claims).items():
        if frame.subject is None:
            # Claims without a subject stay apart, one frame each.
            for c in members:
                c.status = Status.only
                yield FrameDiff(frame, [c], Status.only)
            continue
        yield FrameDiff(frame, members, settle(members))


def finish_diff(
    documents: Sequence[Document],
    frames: list[FrameDiff],
    names: set[str],
    tolerance: float,
    subject: str | None = None,
    statuses: Iterable[Status | str] | None = None,
    lex: Subjects | None = None,
) -> DiffResult:
    """Filter settled frames by subject and status and put them in display order.

    ``names`` are the normalized subjects of all claims, which ``subject``
    is resolved against.
    """
    from laborfacts.pipeline.subjects import subject_key, subjects

    lex = lex or subjects()
    if subject is not None:
        wanted = subject_filter(subject, names, lex)
        frames = [f for f in frames if f.frame.subject and subject_key(f.frame.subject) in wanted]
    if statuses is not None:
        keep = {Status(s) for s in statuses}
        frames = [f for f in frames if f.status in keep]
    order = {d.id: i for i, d in enumerate(documents)}
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    for f in frames:
        f.claims.sort(key=lambda c: (order.get(c.doc, 0), c.fact.start))
    frames.sort(
        key=lambda f: (
            rank[f.status],
            f.frame.type,
            subject_key(f.frame.subject or "~"),
            f.frame.metric or "",
            order.get(f.claims[0].doc, 0),
            f.claims[0].fact.start,
        )
    )
    return DiffResult(list(documents), frames, tolerance)


def subject_filter(subject: str, names: set[str], lex: Subjects) -> set[str]:
    """Subject keys ``--subject`` selects among the claims' normalized ``names``."""
    from laborfacts.pipeline.subjects import resolve_corpus, subject_key

    # The option goes through the same rules, lexicon and last-name map as the claims.
    resolved = resolve_corpus([[subject], sorted(names)], lex)[0][0]
    return {subject_key(resolved or subject)}


# Reading and writing live beside the comparison; kept importable from here.
from laborfacts.corpus import diff_paths, load_documents  # noqa: E402
from laborfacts.diff_records import (  # noqa: E402
    CLAIM_FIELDS,
    claim_record,
    claim_rows,
    diff_json,
    write_diff_csv,
)

__all__ = [
    "CLAIM_FIELDS",
    "DEFAULT_TOLERANCE",
    "INF",
    "NOT_CLAIMS",
    "STATUS_ORDER",
    "Claim",
    "DiffError",
    "DiffResult",
    "Frame",
    "FrameDiff",
    "Interval",
    "Status",
    "assign_frames",
    "claim_of",
    "claim_record",
    "claim_rows",
    "diff_documents",
    "diff_json",
    "diff_paths",
    "finish_diff",
    "frames_of",
    "interval_of",
    "load_documents",
    "pair_status",
    "settle",
    "subject_filter",
    "worst",
    "write_diff_csv",
    "year_of",
]
