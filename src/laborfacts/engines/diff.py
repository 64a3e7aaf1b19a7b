"""``diff_dask``: the claim diff of a Parquet extraction as a shuffle on the frame key.

Claims are read and normalized partition by partition, moved so that each
group of comparable claims is in one partition, and each group is settled
there by ``diff.assign_frames`` and ``diff.settle``, the functions of the
local diff. No process holds all claims.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from laborfacts.api import Problem
from laborfacts.diff import (
    DEFAULT_TOLERANCE,
    Claim,
    DiffError,
    FrameDiff,
    Status,
    assign_frames,
    claim_of,
    claim_record,
    settle,
    subject_filter,
)
from laborfacts.engines.parquet import (
    _PART_NAME,
    CLAIM_COLUMNS,
    DOCUMENT_COLUMNS,
    DOCUMENTS_DIR,
    FACTS_DIR,
    _read_rows,
    _rows_of,
    arrow_table,
    part_name,
    write_parquet,
)
from laborfacts.pipeline.subjects import last_name_map, resolve_document, subject_key, subjects
from laborfacts.tabular import ROW_COLUMNS, row_fact

if TYPE_CHECKING:
    import pandas as pd
    from distributed import Client

# --- The diff as a shuffle on the frame key ------------------------------------------

# Columns of a claim before it is settled: the fact's row, where the document
# stands in the input, the fact's place in it, the subject as normalized in its
# document, the publication date, and the key of its group.
_PRE_COLUMNS: dict[str, str] = {
    **ROW_COLUMNS,
    "seq": "int",
    "i": "int",
    "name": "str",
    "published": "str",
    "group": "str",
}


@dataclass
class DaskDiffSummary:
    """What ``diff_dask`` wrote: frames per status, claims, files."""

    frames: dict[Status, int]
    claims: int
    files: list[Path]
    problems: list[Problem] = field(default_factory=list)


def extraction_parts(folder: Path) -> list[str]:
    """The part file names of an extraction written by ``extract_dask``, in order."""
    facts = folder / FACTS_DIR
    if not facts.is_dir() or not (folder / DOCUMENTS_DIR).is_dir():
        raise DiffError(
            f"{folder} is not a Parquet extraction (no {FACTS_DIR}/ and {DOCUMENTS_DIR}/)"
        )
    return sorted(f.name for f in facts.iterdir() if _PART_NAME.fullmatch(f.name))


def _group_key(type_: str, name: str, per: str | None, unit: str, direction: str) -> str:
    # diff.assign_frames' first bucket: claims that may only differ by metric and item.
    return json.dumps([type_, subject_key(name), per, unit, direction])


def _claims_part(
    name: str,
    folder: str,
    tolerance: float,
    types: list[str] | None,
    first_seq: dict[str, int],
    last: dict[str, str] | None,
) -> pd.DataFrame:
    """The claims of one extraction part, their subjects normalized within each document
    (and, once ``last`` is known, by the corpus' last-name map)."""
    lex = subjects()
    docs = _read_rows(Path(folder, DOCUMENTS_DIR, name))
    facts = _read_rows(Path(folder, FACTS_DIR, name))
    # By id and path: two files of one id (a/x.txt, b/x.txt) are two documents.
    by_doc: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
    for row in facts:
        if types is None or row["type"] in types:
            by_doc.setdefault((row["doc"], row["path"]), []).append(row)
    out = []
    for doc in docs:
        if first_seq.get(doc["id"], doc["seq"]) != doc["seq"]:
            continue  # the id was met earlier in the input: the first document is kept
        rows = by_doc.get((doc["id"], doc["path"]), [])
        names = resolve_document([r["subject"] for r in rows], lex)
        for i, (row, subject) in enumerate(zip(rows, names, strict=True)):
            if subject is not None and last is not None and " " not in subject:
                subject = last.get(subject.casefold(), subject)
            claim = claim_of(doc["id"], row_fact(row), subject, doc["published"], tolerance)
            if claim is None:
                continue
            group = None
            if subject is not None:
                group = _group_key(row["type"], subject, row["per"], row["unit"], row["direction"])
            out.append(
                {
                    **row,
                    "seq": doc["seq"],
                    "i": i,
                    "name": subject,
                    "published": doc["published"],
                    "group": group,
                }
            )
    return arrow_table(out, _PRE_COLUMNS).to_pandas()


def _claim(row: dict[str, Any], tolerance: float) -> Claim:
    claim = claim_of(row["doc"], row_fact(row), row["name"], row["published"], tolerance)
    assert claim is not None  # it was a claim when it was read
    return claim


def _settle_part(df: pd.DataFrame, tolerance: float) -> pd.DataFrame:
    """Settle every group of claims of a partition (each group whole in it)."""
    rows = sorted(_rows_of(df), key=lambda r: (r["group"] or "", r["seq"], r["i"]))
    out: list[dict[str, Any]] = []
    for group, members in itertools.groupby(rows, key=lambda r: r["group"]):
        member_rows = list(members)
        claims = [_claim(r, tolerance) for r in member_rows]
        paths = {c.doc: r["path"] for c, r in zip(claims, member_rows, strict=True)}
        if group is None:
            # No subject: never compared, a frame of its own each (as diff_documents does).
            for c in claims:
                assign_frames([c])
                c.status = Status.only
                out.append(claim_record(c, FrameDiff(c.frame, [c], Status.only), paths[c.doc]))  # type: ignore[arg-type]
            continue
        for frame, frame_claims in assign_frames(claims).items():
            fd = FrameDiff(frame, frame_claims, settle(frame_claims))
            out.extend(claim_record(c, fd, paths[c.doc]) for c in frame_claims)
    return arrow_table(out, CLAIM_COLUMNS).to_pandas()


def _write_part(df: pd.DataFrame, target: str) -> dict[str, Any]:
    rows = _rows_of(df)
    write_parquet(rows, CLAIM_COLUMNS, Path(target))
    frames: dict[str, set[tuple[str, str]]] = {}
    only = 0
    for r in rows:
        if r["subject"] is None:
            only += 1  # one frame per claim without a subject
        else:
            frames.setdefault(r["frame_status"], set()).add((r["frame"], r["frame_status"]))
    counts = {k: len(v) for k, v in frames.items()}
    counts[Status.only] = counts.get(Status.only, 0) + only
    return {"frames": counts, "claims": len(rows)}


def diff_dask(
    folder: str | Path,
    out_dir: str | Path,
    client: Client,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    types: Iterable[str] | None = None,
    subject: str | None = None,
    statuses: Iterable[Status | str] | None = None,
) -> DaskDiffSummary:
    """Diff the claims of an extraction written by ``extract_dask`` (Parquet) on a cluster.

    Writes one row per claim (``CLAIM_COLUMNS``: its frame, the frame's
    status, its own status, its values) to ``out_dir/part-NNNNN.parquet``;
    the frames and statuses are those of ``diff.diff_documents`` on the same
    documents. Raises DiffError when the folder is not such an extraction or
    holds fewer than two documents.
    """
    import pyarrow.parquet as pq

    if tolerance < 0:
        raise DiffError("tolerance must not be negative")
    src = Path(folder).resolve()
    names = extraction_parts(src)
    n_docs = sum(pq.read_metadata(src / DOCUMENTS_DIR / n).num_rows for n in names)
    if n_docs < 2:
        raise DiffError(f"a diff needs at least two documents; {src} holds {n_docs}")
    type_list = [str(t) for t in types] if types is not None else None
    lex = subjects()
    first_seq = _first_seq(client, src, names)
    problems = [
        Problem(str(src), f"document {k!r} given twice; first one kept", skipped=False)
        for k in first_seq
    ]
    claims = partial(_claims, names, [str(src), tolerance, type_list, first_seq])
    # The corpus-wide step of subject normalization needs the distinct names only.
    distinct = set(client.compute(claims(None)["name"].dropna().unique()).result())
    last = last_name_map({str(n) for n in distinct}, lex)
    keyed = claims(last)
    if last:
        distinct = {last.get(n.casefold(), n) if " " not in n else n for n in distinct}
    wanted = subject_filter(subject, distinct, lex) if subject is not None else None
    settled = _settled(keyed, tolerance, statuses, wanted)
    targets, written = _write_claims(client, settled, Path(out_dir).resolve())
    frames = dict.fromkeys((Status.conflict, Status.changed, Status.agree, Status.only), 0)
    for w in written:
        for k, v in w["frames"].items():
            frames[Status(k)] += v
    return DaskDiffSummary(frames, sum(w["claims"] for w in written), targets, problems)


def _first_seq(client: Client, src: Path, names: list[str]) -> dict[str, int]:
    """Ids met twice -> the place of their first document (which is kept, as the
    local diff keeps it)."""
    import dask.dataframe as dd

    docs = dd.from_map(
        lambda n: arrow_table(_read_rows(src / DOCUMENTS_DIR / n), DOCUMENT_COLUMNS).to_pandas(),
        names,
        meta=arrow_table([], DOCUMENT_COLUMNS).to_pandas(),
    )
    seen = docs.groupby("id")["seq"].agg(["min", "count"])
    twice = client.compute(seen[seen["count"] > 1]).result()
    return {str(k): int(v) for k, v in twice["min"].items()}


def _claims(names: list[str], args: list[Any], last: dict[str, str] | None) -> Any:
    """The claims of every part (``_claims_part``) as a Dask frame."""
    import dask.dataframe as dd

    meta = arrow_table([], _PRE_COLUMNS).to_pandas()
    return dd.from_map(_claims_part, names, args=[*args, last], meta=meta)


def _settled(
    keyed: Any,
    tolerance: float,
    statuses: Iterable[Status | str] | None,
    wanted: set[str] | None,
) -> Any:
    """Every claim settled in its frame, then filtered by status and subject."""
    import dask.dataframe as dd

    settled_meta = arrow_table([], CLAIM_COLUMNS).to_pandas()
    # Each group whole in one partition; claims without a subject are never
    # compared, so they stay where they are (one group of them would be skewed).
    grouped = keyed[~keyed["group"].isna()].shuffle("group")
    alone = keyed[keyed["group"].isna()]
    settled = dd.concat(
        [
            grouped.map_partitions(_settle_part, tolerance, meta=settled_meta),
            alone.map_partitions(_settle_part, tolerance, meta=settled_meta),
        ]
    )
    if statuses is not None:
        keep = [str(Status(s)) for s in statuses]
        settled = settled[settled["frame_status"].isin(keep)]
    if wanted is not None:
        settled = settled[
            settled["subject"].map(
                lambda s: bool(s) and subject_key(s) in wanted, meta=("subject", bool)
            )
        ]
    return settled


def _write_claims(
    client: Client, settled: Any, out: Path
) -> tuple[list[Path], list[dict[str, Any]]]:
    """Write each partition of ``settled`` to ``out/part-NNNNN.parquet``; remove the
    parts of an earlier, longer run. Returns the files and what each part holds."""
    import dask

    out.mkdir(parents=True, exist_ok=True)
    parts = settled.to_delayed()
    targets = [str(out / part_name(i)) for i in range(len(parts))]
    writes = [dask.delayed(_write_part)(p, t) for p, t in zip(parts, targets, strict=True)]
    written: list[dict[str, Any]] = client.gather(client.compute(writes))
    for f in out.glob("part-*.parquet"):
        m = _PART_NAME.fullmatch(f.name)
        if m and int(m.group(1)) >= len(parts):
            f.unlink(missing_ok=True)
    return [Path(t) for t in targets], written
