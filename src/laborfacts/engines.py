"""Extraction and the claim diff as partitioned jobs (Dask; Spark or Ray by the same function).

The unit of work is a partition: a batch of ``(doc_id, path, bytes)``.
``extract_partition`` turns one into records (documents, and the problems
met), ``partition_to_frame`` into a pandas DataFrame of typed fact rows
(``laborfacts.tabular``). Bytes are decoded with ``reading.decode``, the same
decoder as a local run, so the records are the same. Nothing in these two
needs Dask: Spark's ``mapInPandas`` or Ray Data's ``map_batches`` can call
them (see the README).

``extract_dask`` maps partitions of files over a Dask cluster. Each worker
process builds the pipeline once (``pipeline.get_nlp``, warmed by a worker
plugin when the worker starts). With ``out_dir`` each partition writes its own
Parquet files, under names fixed by the partition's number and atomically, so
a partition run twice (its worker died and the scheduler retried it) replaces
its files and no record is doubled::

    DIR/facts/part-00000.parquet      typed fact rows (tabular.ROW_COLUMNS)
    DIR/documents/part-00000.parquet  one row per document (DOCUMENT_COLUMNS)
    DIR/warnings.parquet              inputs skipped or read with a caveat (WARNING_COLUMNS)

Without ``out_dir`` the documents come back to the caller, in input order.
An input that cannot be read, or on which extraction fails, becomes a
warning record; a partition whose worker keeps dying is run again one file
at a time, and a file that still kills its worker becomes a warning too.

``diff_dask`` settles the claims of such a Parquet folder with a shuffle on
the frame key: claims are read and normalized partition by partition, moved
so that each group of comparable claims is in one partition, and each group
is settled there by ``diff.assign_frames`` and ``diff.settle``, the functions
of the local diff. No process holds all claims.

Dask, pandas, pyarrow and fsspec are the optional extra ``laborfacts[dask]``;
this module imports them only when a function needs them.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import secrets
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from laborfacts.api import Problem, extract_decoded
from laborfacts.diff import (
    CLAIM_FIELDS,
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
from laborfacts.export import arrow_schema, atomic_binary_writer
from laborfacts.models import Document
from laborfacts.pipeline.subjects import last_name_map, resolve_document, subject_key, subjects
from laborfacts.reading import (
    ARTICLE_SUFFIXES,
    PIECE_CHARS,
    STDIN,
    Decoded,
    Source,
    UnreadableInput,
    decode,
    decode_as,
    discover,
    iter_pieces,
    os_reason,
    printable,
)
from laborfacts.tabular import ROW_COLUMNS, fact_row, row_fact

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa
    from distributed import Client

INSTALL_HINT = "pip install 'laborfacts[dask]'"
PARTITION_SIZE = 64
FACTS_DIR = "facts"
DOCUMENTS_DIR = "documents"
WARNINGS_FILE = "warnings.parquet"
_PART = "part-{:05d}.parquet"
_PART_NAME = re.compile(r"part-(\d{5,})\.parquet")

# A document's row: its metadata fields (not its facts; its warnings are rows
# of warnings.parquet) and ``seq``, its place in the input order.
DOCUMENT_COLUMNS: dict[str, str] = {
    **{
        name: "int" if info.annotation is int else "str"
        for name, info in Document.model_fields.items()
        if name not in ("facts", "warnings")
    },
    "seq": "int",
}
WARNING_COLUMNS: dict[str, str] = {"path": "str", "reason": "str", "skipped": "bool"}
# A claim's row: diff.claim_record's fields; numbers where the record has numbers.
_CLAIM_NUMERIC = {"value", "low", "high", "interval_low", "interval_high"}
CLAIM_COLUMNS: dict[str, str] = {
    name: "float" if name in _CLAIM_NUMERIC else "int" if name in ("start", "end") else "str"
    for name in CLAIM_FIELDS
}


class EngineUnavailable(RuntimeError):
    """The optional dependencies of the Dask engine are not installed."""


class EngineError(RuntimeError):
    """A partition failed for a reason that is not its input (say, an output not writable)."""


def require_dask() -> None:
    """Raise EngineUnavailable (with the install command) unless the extra is installed."""
    missing = []
    for module in ("dask", "distributed", "pandas", "pyarrow", "fsspec"):
        try:
            __import__(module)
        except ImportError:
            missing.append(module)
    if missing:
        raise EngineUnavailable(f"the Dask engine needs {', '.join(missing)}: {INSTALL_HINT}")


# --- Typed Parquet -------------------------------------------------------------------


def arrow_table(rows: Sequence[dict[str, Any]], columns: dict[str, str]) -> pa.Table:
    """``rows`` under the schema of ``columns`` (``export.arrow_schema``, as a local run)."""
    import pyarrow as pa

    return pa.Table.from_pylist(list(rows), schema=arrow_schema(columns))


def write_parquet(rows: Sequence[dict[str, Any]], columns: dict[str, str], target: Path) -> int:
    """Write ``rows`` to ``target`` with the schema of ``columns``, atomically; returns rows.

    A file written again (a retried partition) replaces the old one whole.
    """
    import pyarrow.parquet as pq

    with atomic_binary_writer(target) as fh:
        pq.write_table(arrow_table(rows, columns), fh)
    return len(rows)


# --- The partition function ---------------------------------------------------------

Item = tuple[str, str, bytes]


@dataclass
class PartitionRecords:
    """What one partition gives: its documents, in order, and the problems met."""

    documents: list[Document]
    problems: list[Problem]


def extract_partition(
    batch: Iterable[Item],
    *,
    types: Iterable[str] | None = None,
    problems: list[Problem] | None = None,
    piece_chars: int = PIECE_CHARS,
    published: str | None = None,
    encoding: str | None = None,
) -> PartitionRecords:
    """Extract a batch of ``(doc_id, path, bytes)``: the documents, and the problems met.

    Bytes are decoded by ``reading.decode`` (``reading.decode_as`` with
    ``encoding``); an input that cannot be decoded or on which extraction
    fails is a problem (``skipped=True``), never an exception. ``published``
    stands for every input's publication date, as in ``extract_paths``. Uses
    the process-wide pipeline (``get_nlp``).
    """
    sink: list[Problem] = problems if problems is not None else []

    def decoded() -> Iterator[tuple[Source, Decoded]]:
        for doc_id, path, data in batch:
            source = Source(path, doc_id)
            try:
                text, label, warnings = (
                    decode(data) if encoding is None else decode_as(data, encoding)
                )
            except UnreadableInput as exc:
                sink.append(Problem(source.name, str(exc)))
                continue
            yield source, Decoded(label, warnings, partial(iter_pieces, text, piece_chars))

    documents = [
        item
        for item in extract_decoded(
            decoded(), types=types, problems=sink, piece_chars=piece_chars, published=published
        )
        if isinstance(item, Document)  # without parts=True, every item is
    ]
    return PartitionRecords(documents, sink)


def fact_rows(documents: Iterable[Document]) -> Iterator[dict[str, Any]]:
    for document in documents:
        for fact in document.facts:
            yield fact_row(fact, document.path)


def facts_frame(documents: Iterable[Document]) -> pd.DataFrame:
    """Typed fact rows of ``documents`` as a DataFrame (dtypes of ``ROW_COLUMNS``)."""
    return arrow_table(list(fact_rows(documents)), ROW_COLUMNS).to_pandas()


def partition_to_frame(
    batch: Iterable[Item], *, types: Iterable[str] | None = None
) -> pd.DataFrame:
    """A batch of ``(doc_id, path, bytes)`` to a DataFrame of typed fact rows."""
    return facts_frame(extract_partition(batch, types=types).documents)


# --- Inputs --------------------------------------------------------------------------


def is_url(path: str) -> bool:
    return "://" in path


@dataclass(frozen=True)
class Input:
    """One input file of a job: its place in the input order, id and path (or URL)."""

    seq: int
    doc_id: str
    path: str


def _url_inputs(url: str, problems: list[Problem]) -> Iterator[tuple[str, str]]:
    import fsspec

    try:
        fs, root = fsspec.core.url_to_fs(url)
        if fs.isdir(root):
            found = sorted(
                f
                for f in fs.find(root)
                if PurePosixPath(f).suffix.lower() in ARTICLE_SUFFIXES
                and not any(
                    part.startswith(".") for part in PurePosixPath(f).relative_to(root).parts
                )
            )
            if not found:
                problems.append(
                    Problem(url, "folder holds no article files (*.txt, *.md, *.markdown)")
                )
        elif fs.exists(root):
            found = [root]
        else:
            problems.append(Problem(url, "no such file or folder"))
            return
    except (OSError, ValueError, ImportError) as exc:
        problems.append(Problem(url, f"cannot list: {exc}"))
        return
    for f in found:
        yield printable(PurePosixPath(f).stem), fs.unstrip_protocol(f)


def discover_inputs(paths: Iterable[str | Path], problems: list[Problem]) -> Iterator[Input]:
    """Inputs in command-line order: local paths as ``reading.discover`` finds them,
    fsspec URLs (``file://``, ``s3://``, ...) listed through fsspec. Problems
    (a missing path, an empty folder) are appended as they are met."""
    seq = itertools.count()
    for is_remote, group in itertools.groupby((os.fspath(p) for p in paths), key=is_url):
        if is_remote:
            for url in group:
                for doc_id, path in _url_inputs(url, problems):
                    yield Input(next(seq), doc_id, path)
            continue
        found: list[tuple[str, str]] = []
        for source in discover(list(group), found):
            problems.extend(Problem(p, reason) for p, reason in found)
            found.clear()
            if source.path == STDIN:
                problems.append(Problem(source.name, "stdin cannot be sent to a cluster"))
                continue
            yield Input(next(seq), source.doc_id, source.path)
        problems.extend(Problem(p, reason) for p, reason in found)


def read_inputs(inputs: Iterable[Input], problems: list[Problem]) -> Iterator[Item]:
    """The bytes of each input (local path or fsspec URL); a failed read is a problem."""
    for inp in inputs:
        try:
            if is_url(inp.path):
                import fsspec

                with fsspec.open(inp.path, "rb") as fh:
                    data = fh.read()
            else:
                with open(inp.path, "rb") as fh:
                    data = fh.read()
        except OSError as exc:
            problems.append(Problem(printable(inp.path), os_reason(exc)))
            continue
        yield inp.doc_id, inp.path, data


# --- One partition as a Dask task ---------------------------------------------------


@dataclass(frozen=True)
class Job:
    """What every partition of one run shares."""

    types: list[str] | None = None
    out_dir: str | None = None  # Parquet files here; else documents are returned
    piece_chars: int = PIECE_CHARS
    published: str | None = None  # every input's publication date (--published)
    encoding: str | None = None  # every input's codec (--encoding), else detected


@dataclass
class PartitionOutcome:
    """What a partition task sends back: documents (unless written), problems, counts."""

    index: int
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    n_documents: int = 0
    n_facts: int = 0
    n_words: int = 0


def part_name(index: int) -> str:
    return _PART.format(index)


def run_partition(index: int, inputs: Sequence[Input], job: Job) -> PartitionOutcome:
    """Read, extract and (with ``job.out_dir``) write one partition."""
    problems: list[Problem] = []
    records = extract_partition(
        read_inputs(inputs, problems),
        types=job.types,
        problems=problems,
        piece_chars=job.piece_chars,
        published=job.published,
        encoding=job.encoding,
    )
    docs = records.documents
    outcome = PartitionOutcome(
        index,
        problems=problems,
        n_documents=len(docs),
        n_facts=sum(len(d.facts) for d in docs),
        n_words=sum(d.words for d in docs),
    )
    if job.out_dir is None:
        outcome.documents = docs
        return outcome
    _write_partition(Path(job.out_dir), index, docs, inputs)
    return outcome


def _write_partition(
    out: Path, index: int, documents: Sequence[Document], inputs: Sequence[Input]
) -> None:
    seq = {printable(inp.path): inp.seq for inp in inputs}
    meta = [
        {
            **{k: getattr(d, k) for k in DOCUMENT_COLUMNS if k != "seq"},
            "seq": seq.get(d.path or "", -1),
        }
        for d in documents
    ]
    try:
        write_parquet(list(fact_rows(documents)), ROW_COLUMNS, out / FACTS_DIR / part_name(index))
        write_parquet(meta, DOCUMENT_COLUMNS, out / DOCUMENTS_DIR / part_name(index))
    except OSError as exc:
        raise EngineError(f"cannot write {exc.filename or out}: {exc.strerror or exc}") from exc


def _died(index: int, inputs: Sequence[Input]) -> PartitionOutcome:
    return PartitionOutcome(
        index,
        problems=[
            Problem(printable(inp.path), "extraction failed: its worker process died")
            for inp in inputs
        ],
    )


# --- The job ------------------------------------------------------------------------


class _WarmPipeline:
    """A worker plugin: build the pipeline when the worker starts, not in its first task."""

    name = "laborfacts-pipeline"

    def setup(self, worker: Any) -> None:
        from laborfacts.pipeline import get_nlp

        get_nlp()


def warm_workers(client: Client) -> None:
    """Build the pipeline on every worker, and on every worker that joins later."""
    from distributed import WorkerPlugin

    # distributed is imported only here (an optional extra), so is its base class.
    plugin = type("WarmPipeline", (_WarmPipeline, WorkerPlugin), {})()
    client.register_plugin(plugin, name=_WarmPipeline.name)


@contextmanager
def dask_client(
    scheduler: str | None = None, *, workers: int = 1, dashboard: bool = True
) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler``, or of a new ``LocalCluster``.

    The local cluster has ``workers`` worker processes of one thread each and
    listens on the loopback interface only; its dashboard (when bokeh is
    installed and ``dashboard``) is on 127.0.0.1 too, on a free port.
    """
    import logging

    from distributed import Client, LocalCluster

    if scheduler is not None:
        with Client(scheduler) as client:
            warm_workers(client)
            yield client
        return
    try:
        import bokeh  # noqa: F401

        address: str | None = "127.0.0.1:0" if dashboard else None
    except ImportError:
        address = None
    with (
        LocalCluster(
            n_workers=max(1, workers),
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=address,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        warm_workers(client)
        yield client


def _partitions(inputs: Iterable[Input], size: int) -> Iterator[list[Input]]:
    it = iter(inputs)
    while batch := list(itertools.islice(it, size)):
        yield batch


Task = Callable[[int, Sequence[Input], Job], PartitionOutcome]


def extract_dask(
    paths: Iterable[str | Path],
    client: Client,
    *,
    types: Iterable[str] | None = None,
    out_dir: str | Path | None = None,
    partition_size: int = PARTITION_SIZE,
    problems: list[Problem] | None = None,
    piece_chars: int = PIECE_CHARS,
    task: Task = run_partition,
    published: str | None = None,
    encoding: str | None = None,
) -> Iterator[PartitionOutcome]:
    """Extract ``paths`` on the cluster of ``client``, partition by partition, in input order.

    Yields each partition's outcome in order (its documents, unless written
    to ``out_dir`` as Parquet); problems are appended to ``problems`` in
    input order. A few partitions per worker are in flight, so the client's
    memory does not grow with the corpus. With ``out_dir``, ``warnings.parquet``
    is written at the end, and part files left by an earlier, longer run are
    removed. Raises EngineError when a partition fails for another reason
    than its inputs (an output that cannot be written).
    """
    from distributed import KilledWorker

    if partition_size < 1:
        raise ValueError("partition_size must be at least 1")
    sink: list[Problem] = problems if problems is not None else []
    out = Path(out_dir).resolve() if out_dir is not None else None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    job = Job(
        list(types) if types is not None else None,
        str(out) if out else None,
        piece_chars,
        published,
        encoding,
    )
    run = secrets.token_hex(4)
    window = max(4, 3 * sum(client.nthreads().values()))
    found: list[Problem] = []
    # (problems met while discovering it, partition number, its inputs, future)
    pending: deque[tuple[list[Problem], int, list[Input], Any]] = deque()
    parts = enumerate(_partitions(discover_inputs(paths, found), partition_size))
    warnings: list[Problem] = []
    total = 0

    def submit() -> bool:
        nxt = next(parts, None)
        met = found[:]
        found.clear()
        if nxt is None:
            sink.extend(met)
            warnings.extend(met)
            return False
        index, batch = nxt
        future = client.submit(task, index, batch, job, key=f"laborfacts-{run}-{index}")
        pending.append((met, index, batch, future))
        return True

    while len(pending) < window and submit():
        pass
    while pending:
        met, index, batch, future = pending.popleft()
        sink.extend(met)
        warnings.extend(met)
        try:
            outcome = future.result()
        except KilledWorker:
            outcome = _one_by_one(client, task, index, batch, job, run)
        except EngineError:
            raise
        except Exception as exc:
            raise EngineError(f"partition {index} failed: {type(exc).__name__}: {exc}") from exc
        finally:
            future.release()
        sink.extend(outcome.problems)
        warnings.extend(outcome.problems)
        total = index + 1
        yield outcome
        submit()
    if out is not None:
        rows = [{"path": p.path, "reason": p.reason, "skipped": p.skipped} for p in warnings]
        write_parquet(rows, WARNING_COLUMNS, out / WARNINGS_FILE)
        _remove_stale_parts(out, total)


def _one_by_one(
    client: Client, task: Task, index: int, batch: list[Input], job: Job, run: str
) -> PartitionOutcome:
    """Run a partition whose worker kept dying one file per task; a file that still
    kills its worker becomes a problem. The partition's files are written here.

    The tasks run one after another: the scheduler also counts a death against
    the tasks that shared the worker, so files of one partition run side by
    side could take the blame for the one that kills.
    """
    from distributed import KilledWorker

    sub = replace(job, out_dir=None)
    outcomes = []
    for i, inp in enumerate(batch):
        future = client.submit(task, index, [inp], sub, key=f"laborfacts-{run}-{index}-{i}")
        try:
            outcomes.append(future.result())
        except KilledWorker:
            outcomes.append(_died(index, [inp]))
        finally:
            future.release()
    merged = PartitionOutcome(index)
    for o in outcomes:
        merged.documents += o.documents
        merged.problems += o.problems
        merged.n_documents += o.n_documents
        merged.n_facts += o.n_facts
        merged.n_words += o.n_words
    if job.out_dir is not None:
        _write_partition(Path(job.out_dir), index, merged.documents, batch)
        merged.documents = []
    return merged


def _remove_stale_parts(out: Path, count: int) -> None:
    for folder in (out / FACTS_DIR, out / DOCUMENTS_DIR):
        for f in folder.glob("part-*.parquet") if folder.is_dir() else ():
            m = _PART_NAME.fullmatch(f.name)
            if m and int(m.group(1)) >= count:
                f.unlink(missing_ok=True)


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


def _read_rows(path: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    rows: list[dict[str, Any]] = pq.read_table(path).to_pylist()
    return rows


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


def _rows_of(df: pd.DataFrame) -> list[dict[str, Any]]:
    import pyarrow as pa

    rows: list[dict[str, Any]] = pa.Table.from_pandas(df, preserve_index=False).to_pylist()
    return rows


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
    import dask
    import dask.dataframe as dd
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
    problems: list[Problem] = []

    # Ids met twice: the first document is kept, as the local diff does.
    docs = dd.from_map(
        lambda n: arrow_table(_read_rows(src / DOCUMENTS_DIR / n), DOCUMENT_COLUMNS).to_pandas(),
        names,
        meta=arrow_table([], DOCUMENT_COLUMNS).to_pandas(),
    )
    seen = docs.groupby("id")["seq"].agg(["min", "count"])
    twice = client.compute(seen[seen["count"] > 1]).result()
    first_seq = {str(k): int(v) for k, v in twice["min"].items()}
    problems += [
        Problem(str(src), f"document {k!r} given twice; first one kept", skipped=False)
        for k in first_seq
    ]

    meta = arrow_table([], _PRE_COLUMNS).to_pandas()

    def claims(last: dict[str, str] | None) -> Any:
        return dd.from_map(
            _claims_part, names, args=[str(src), tolerance, type_list, first_seq, last], meta=meta
        )

    # The corpus-wide step of subject normalization needs the distinct names only.
    distinct = set(client.compute(claims(None)["name"].dropna().unique()).result())
    last = last_name_map({str(n) for n in distinct}, lex)
    keyed = claims(last)
    if last:
        distinct = {last.get(n.casefold(), n) if " " not in n else n for n in distinct}
    wanted = subject_filter(subject, distinct, lex) if subject is not None else None

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
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    parts = settled.to_delayed()
    targets = [str(out / part_name(i)) for i in range(len(parts))]
    writes = [dask.delayed(_write_part)(p, t) for p, t in zip(parts, targets, strict=True)]
    written = client.gather(client.compute(writes))
    for f in out.glob("part-*.parquet"):
        m = _PART_NAME.fullmatch(f.name)
        if m and int(m.group(1)) >= len(parts):
            f.unlink(missing_ok=True)
    frames = dict.fromkeys((Status.conflict, Status.changed, Status.agree, Status.only), 0)
    for w in written:
        for k, v in w["frames"].items():
            frames[Status(k)] += v
    return DaskDiffSummary(
        frames, sum(w["claims"] for w in written), [Path(t) for t in targets], problems
    )
