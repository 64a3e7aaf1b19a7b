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

import csv
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from laborfacts.export import csv_safe
from laborfacts.models import Document, Fact
from laborfacts.pipeline.subjects import Subjects, resolve_corpus, subject_key, subjects

if TYPE_CHECKING:
    from laborfacts.api import Problem

DEFAULT_TOLERANCE = 0.10
NOT_CLAIMS = frozenset({"date", "time_of_day"})
INF = float("inf")
# Floating-point slack on approx bounds, so "exactly 10% apart" agrees.
_SLACK = 1e-9
_YEAR = re.compile(r"^(\d{4})")


class Status(StrEnum):
    agree = "agree"
    conflict = "conflict"
    changed = "changed"
    only = "only"


# Precedence when summarising several pairs, and display order.
STATUS_ORDER = (Status.conflict, Status.changed, Status.agree, Status.only)


class DiffError(ValueError):
    """The inputs cannot be diffed (for instance, fewer than two documents);
    ``problems`` are the inputs that could not be used, and why."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass(frozen=True)
class Interval:
    """A closed, open or half-open interval of values; infinite ends are open."""

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    # An open end sits just inside its bound: (v, 0) is v itself, (v, +1) just
    # above, (v, -1) just below, so "ends before" is a tuple comparison.
    @property
    def low_pos(self) -> tuple[float, int]:
        return (self.low, 1 if self.low_open else 0)

    @property
    def high_pos(self) -> tuple[float, int]:
        return (self.high, -1 if self.high_open else 0)

    def intersects(self, other: Interval) -> bool:
        return not (self.high_pos < other.low_pos or other.high_pos < self.low_pos)


def interval_of(fact: Fact, tolerance: float = DEFAULT_TOLERANCE) -> Interval | None:
    """The values a fact allows, from its value fields and qualifier; None if it has none."""
    if fact.type in NOT_CLAIMS or isinstance(fact.value, str):
        return None
    q = str(fact.qualifier)
    value = fact.value if isinstance(fact.value, (int, float)) else None
    low, high = fact.low, fact.high

    def first(*vals: float | None) -> float | None:
        return next((float(v) for v in vals if v is not None), None)

    if q == "more_than" or q == "at_least":
        bound = first(low, value, high)
        return None if bound is None else Interval(bound, INF, q == "more_than", True)
    if q == "less_than" or q == "at_most":
        bound = first(high, value, low)
        return None if bound is None else Interval(-INF, bound, True, q == "less_than")
    if value is not None:
        a = b = float(value)
    elif low is not None or high is not None:
        a = first(low, high) or 0.0
        b = first(high, low) or 0.0
    else:
        return None
    if q == "approx":
        a -= abs(a) * tolerance * (1 + _SLACK)
        b += abs(b) * tolerance * (1 + _SLACK)
    return Interval(min(a, b), max(a, b))


def year_of(time: str | None) -> int | None:
    m = _YEAR.match(time or "")
    return int(m.group(1)) if m else None


@dataclass(frozen=True)
class Frame:
    """What a claim is about; claims of one frame are comparable."""

    type: str
    subject: str | None
    metric: str | None
    per: str | None
    unit: str
    direction: str
    item: str | None

    def label(self) -> str:
        """A short reading: 'turnover_rate/annual_turnover · Amazon · percent/year'."""
        kind = f"{self.type}/{self.metric}" if self.metric else self.type
        unit = self.unit + (f"/{self.per}" if self.per else "")
        if self.item:
            unit += f" {self.item}"
        if self.direction != "level":
            unit += f" ({self.direction})"
        return f"{kind} · {self.subject or '(no subject)'} · {unit}"

    def record(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "metric": self.metric,
            "subject": self.subject,
            "per": self.per,
            "unit": self.unit,
            "direction": self.direction,
            "item": self.item,
        }


@dataclass(eq=False)
class Claim:
    """One fact of one document, placed in its frame."""

    doc: str
    fact: Fact
    interval: Interval
    subject: str | None
    time: str | None
    time_source: str | None  # "fact", "published" or None
    frame: Frame | None = None
    status: Status = Status.only

    @property
    def year(self) -> int | None:
        return year_of(self.time)


def pair_status(a: Claim, b: Claim) -> Status:
    """The SPEC's status of two comparable claims from different documents."""
    if a.interval.intersects(b.interval):
        return Status.agree
    ya, yb = a.year, b.year
    if ya is not None and yb is not None and ya != yb:
        return Status.changed
    return Status.conflict


def worst(statuses: Iterable[Status]) -> Status:
    seen = set(statuses)
    return next((s for s in STATUS_ORDER if s in seen), Status.only)


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


def claim_of(
    doc_id: str, fact: Fact, subject: str | None, published: str | None, tolerance: float
) -> Claim | None:
    """A fact as a claim, with its normalized ``subject``; None if it is no claim."""
    iv = interval_of(fact, tolerance)
    if iv is None:
        return None
    if fact.time:
        time, source = fact.time, "fact"
    elif published:
        time, source = published, "published"
    else:
        time, source = None, None
    return Claim(doc_id, fact, iv, subject, time, source)


def _wildcard(values: set[str | None]) -> Callable[[str | None], str | None]:
    """Map a missing value to the group's single known value, if it has one."""
    known = {v for v in values if v is not None}
    sole = next(iter(known)) if len(known) == 1 else None
    return lambda v: sole if v is None else v


def assign_frames(claims: Iterable[Claim]) -> dict[Frame, list[Claim]]:
    """Bucket claims by frame (a dict, so the cost is linear in claims)."""
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
) -> DiffResult:
    """Diff the claims of several documents.

    ``types`` keeps only claims of those types; ``subject`` keeps the frames
    whose normalized subject is the normalized ``subject``; ``statuses`` keeps
    frames of those statuses. Filters do not change a status: anaphors are
    resolved over all of a document's facts first.
    """
    if tolerance < 0:
        raise DiffError("tolerance must not be negative")
    lex = subjects()
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
    # The option goes through the same rules, lexicon and last-name map as the claims.
    resolved = resolve_corpus([[subject], sorted(names)], lex)[0][0]
    return {subject_key(resolved or subject)}


# --- Inputs ------------------------------------------------------------------


def _problem(path: str, reason: str, skipped: bool = True) -> Problem:
    from laborfacts.api import Problem

    return Problem(path, reason, skipped)


def load_documents(
    paths: Iterable[str | Path],
    *,
    types: Iterable[str] | None = None,
    problems: list[Problem] | None = None,
    jobs: int = 1,
    on_document: Callable[[Document], None] | None = None,
) -> list[Document]:
    """Documents from articles, folders and extraction outputs, in input order.

    ``on_document`` is called with each article extracted (a progress bar).

    Inputs are found by ``reading.discover`` (with extract's outputs):
    ``.jsonl``, ``.json`` and ``.csv`` files (and ``--out-dir`` folders)
    are read as records (``inputs.read_records``), other files are extracted.
    A document id met twice keeps its first document. Inputs that cannot be
    used are appended to ``problems`` and skipped.
    """
    from laborfacts.api import Problem
    from laborfacts.inputs import read_records
    from laborfacts.reading import Source, UnreadableInput, discover

    sink: list[Problem] = problems if problems is not None else []
    type_set = {str(t) for t in types} if types is not None else None
    docs: list[Document] = []
    seen: set[str] = set()

    def keep(doc: Document, where: str) -> None:
        if doc.id in seen:
            # Not a failure: the same article reached twice (say, as text and as JSON).
            sink.append(
                _problem(where, f"document {doc.id!r} given twice; first one kept", skipped=False)
            )
            return
        seen.add(doc.id)
        if type_set is not None:
            doc = doc.model_copy(update={"facts": [f for f in doc.facts if f.type in type_set]})
        docs.append(doc)

    def extract(articles: list[Source]) -> None:
        from laborfacts.parallel import extract_paths_parallel

        for doc in extract_paths_parallel(articles, jobs=jobs, types=type_set, problems=sink):
            if on_document is not None:
                on_document(doc)
            keep(doc, doc.path or doc.id)

    found: list[tuple[str, str]] = []
    repeated: list[str] = []
    articles: list[Source] = []
    for source in discover(paths, found, records=True, repeated=repeated):
        sink.extend(Problem(p, reason) for p, reason in found)
        sink.extend(Problem(p, "given twice; read once", skipped=False) for p in repeated)
        found.clear()
        repeated.clear()
        if source.kind != "records":
            articles.append(source)
            continue
        if articles:
            extract(articles)
            articles = []
        try:
            for doc in read_records(source):
                keep(doc, source.name)
        except UnreadableInput as exc:
            sink.append(Problem(source.name, str(exc)))
    sink.extend(Problem(p, reason) for p, reason in found)
    sink.extend(Problem(p, "given twice; read once", skipped=False) for p in repeated)
    if articles:
        extract(articles)
    return docs


def diff_paths(
    paths: Iterable[str | Path],
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    types: Iterable[str] | None = None,
    subject: str | None = None,
    statuses: Iterable[Status | str] | None = None,
    jobs: int = 1,
    on_document: Callable[[Document], None] | None = None,
) -> DiffResult:
    """Load documents from paths and diff them; problems land on the result.

    Raises DiffError when fewer than two documents could be read.
    """
    problems: list[Problem] = []
    type_list = list(types) if types is not None else None
    documents = load_documents(
        paths, types=type_list, problems=problems, jobs=jobs, on_document=on_document
    )
    if len(documents) < 2:
        raise DiffError(
            f"a diff needs at least two documents; {len(documents)} could be read", problems
        )
    result = diff_documents(
        documents, tolerance=tolerance, types=type_list, subject=subject, statuses=statuses
    )
    result.problems = problems
    return result


# --- Output records --------------------------------------------------------------

CLAIM_FIELDS = (
    "frame", "frame_status", "type", "metric", "subject", "per", "unit", "direction", "item",
    "doc", "status", "value", "low", "high", "qualifier", "interval_low", "interval_high",
    "time", "time_source", "text", "start", "end", "subject_as_written", "sentence", "path",
)  # fmt: skip


def _bound(v: float) -> float | None:
    return None if v in (INF, -INF) else v


def claim_record(claim: Claim, frame: FrameDiff, path: str | None = None) -> dict[str, Any]:
    """A flat record of one claim: where it is, what it says, its frame and status."""
    rec = claim.fact.record()
    assert claim.frame is not None
    return {
        "frame": claim.frame.label(),
        "frame_status": str(frame.status),
        **claim.frame.record(),
        "doc": claim.doc,
        "status": str(claim.status),
        "value": rec["value"],
        "low": rec["low"],
        "high": rec["high"],
        "qualifier": rec["qualifier"],
        "interval_low": _bound(claim.interval.low),
        "interval_high": _bound(claim.interval.high),
        "time": claim.time,
        "time_source": claim.time_source,
        "text": rec["text"],
        "start": rec["start"],
        "end": rec["end"],
        "subject_as_written": rec["subject"],
        "sentence": rec["sentence"],
        "path": path,
    }


def diff_json(result: DiffResult) -> dict[str, Any]:
    """The ``--format json`` form: documents, summary, frames with their claims."""
    paths = {d.id: d.path for d in result.documents}
    frames = []
    for f in result.frames:
        claims = []
        for c in f.claims:
            rec = claim_record(c, f, paths.get(c.doc))
            for k in ("frame", "frame_status", *Frame.__dataclass_fields__):
                rec.pop(k)
            rec["interval"] = {
                "low": _bound(c.interval.low),
                "high": _bound(c.interval.high),
                "low_open": c.interval.low_open,
                "high_open": c.interval.high_open,
            }
            del rec["interval_low"], rec["interval_high"]
            claims.append(rec)
        frames.append(
            {
                "frame": f.frame.label(),
                **f.frame.record(),
                "status": str(f.status),
                "claims": claims,
            }
        )
    return {
        "tolerance": result.tolerance,
        "documents": [
            {"id": d.id, "path": d.path, "title": d.title, "published": d.published}
            for d in result.documents
        ],
        "summary": {str(s): n for s, n in result.counts().items()},
        "frames": frames,
    }


def claim_rows(result: DiffResult) -> Iterator[dict[str, Any]]:
    paths = {d.id: d.path for d in result.documents}
    for f in result.frames:
        for c in f.claims:
            yield claim_record(c, f, paths.get(c.doc))


def write_diff_csv(result: DiffResult, fh: IO[str]) -> int:
    """One row per claim, CLAIM_FIELDS as header; returns the number of rows."""
    writer = csv.writer(fh, lineterminator="\r\n")
    writer.writerow(CLAIM_FIELDS)
    n = 0
    for rec in claim_rows(result):
        writer.writerow([csv_safe("" if rec[k] is None else rec[k]) for k in CLAIM_FIELDS])
        n += 1
    return n
