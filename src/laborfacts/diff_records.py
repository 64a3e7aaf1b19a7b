"""The diff as records: a flat row per claim (``--format csv``), the JSON form."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

from laborfacts.claims import INF, Claim, Frame
from laborfacts.export import write_rows

if TYPE_CHECKING:
    from laborfacts.diff import DiffResult, FrameDiff

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
    return write_rows(fh, CLAIM_FIELDS, claim_rows(result), quote_text=False)
