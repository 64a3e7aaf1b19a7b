"""``extract_dask``: partitions of inputs mapped over a cluster, a few in flight, in order."""

from __future__ import annotations

import itertools
import secrets
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from laborfacts.api import Problem
from laborfacts.engines.errors import EngineError
from laborfacts.engines.inputs import Input, discover_inputs
from laborfacts.engines.parquet import (
    _PART_NAME,
    DOCUMENTS_DIR,
    FACTS_DIR,
    WARNING_COLUMNS,
    WARNINGS_FILE,
    write_parquet,
)
from laborfacts.engines.partition import (
    Job,
    PartitionOutcome,
    _died,
    _write_partition,
    run_partition,
)
from laborfacts.reading import PIECE_CHARS

if TYPE_CHECKING:
    from distributed import Client

PARTITION_SIZE = 64


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
    rules: str | Path | None = None,
) -> Iterator[PartitionOutcome]:
    """Extract ``paths`` on the cluster of ``client``, partition by partition, in input order.

    Yields each partition's outcome in order (its documents, unless written
    to ``out_dir`` as Parquet); problems are appended to ``problems`` in
    input order. A few partitions per worker are in flight, so the client's
    memory does not grow with the corpus. With ``out_dir``, ``warnings.parquet``
    is written at the end, and part files left by an earlier, longer run are
    removed. ``rules`` is a folder of rule files merged over the package's,
    read by every worker (``pipeline.get_nlp(rules)``; a path every worker
    can read). Raises EngineError when a partition fails for another reason
    than its inputs (an output that cannot be written).
    """
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
        rules=job_rules(rules),
    )
    warnings: list[Problem] = []

    def note(found: list[Problem]) -> None:
        sink.extend(found)
        warnings.extend(found)

    total = 0
    for outcome in _Window(client, task, job, note).outcomes(paths, partition_size):
        note(outcome.problems)
        total = outcome.index + 1
        yield outcome
    if out is not None:
        rows = [{"path": p.path, "reason": p.reason, "skipped": p.skipped} for p in warnings]
        write_parquet(rows, WARNING_COLUMNS, out / WARNINGS_FILE)
        _remove_stale_parts(out, total)


def job_rules(rules: str | Path | None) -> str | None:
    """A rules folder as the workers are given it: an absolute path (their working
    folder may not be the caller's), or None for the package's rules."""
    return None if rules is None else str(Path(rules).resolve())


class _Window:
    """Partitions submitted a few per worker ahead, their outcomes taken in order."""

    def __init__(
        self,
        client: Client,
        task: Task,
        job: Job,
        note: Callable[[list[Problem]], None],
    ) -> None:
        self.client = client
        self.task = task
        self.job = job
        self.run = secrets.token_hex(4)
        self.size = max(4, 3 * sum(client.nthreads().values()))
        # Problems are noted in input order: those discovery met before a
        # partition, then the partition's own.
        self.note = note
        self.found: list[Problem] = []  # met by discovery since the last submit
        self.parts: Iterator[tuple[int, list[Input]]] = iter(())
        # (problems met while discovering it, partition number, its inputs, future)
        self.pending: deque[tuple[list[Problem], int, list[Input], Any]] = deque()

    def submit(self) -> bool:
        nxt = next(self.parts, None)
        met = self.found[:]
        self.found.clear()
        if nxt is None:
            self.note(met)
            return False
        index, batch = nxt
        key = f"laborfacts-{self.run}-{index}"
        future = self.client.submit(self.task, index, batch, self.job, key=key)
        self.pending.append((met, index, batch, future))
        return True

    def outcomes(
        self, paths: Iterable[str | Path], partition_size: int
    ) -> Iterator[PartitionOutcome]:
        """The outcome of each partition of ``paths``, in input order."""
        from distributed import KilledWorker

        self.parts = enumerate(_partitions(discover_inputs(paths, self.found), partition_size))
        while len(self.pending) < self.size and self.submit():
            pass
        while self.pending:
            met, index, batch, future = self.pending.popleft()
            self.note(met)
            try:
                outcome = future.result()
            except KilledWorker:
                outcome = _one_by_one(self.client, self.task, index, batch, self.job, self.run)
            except EngineError:
                raise
            except Exception as exc:
                message = f"partition {index} failed: {type(exc).__name__}: {exc}"
                raise EngineError(message) from exc
            finally:
                future.release()
            yield outcome
            self.submit()


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
