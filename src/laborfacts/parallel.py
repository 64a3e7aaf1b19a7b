"""Extraction on several worker processes, with the output of ``extract_paths``
(which calls ``extract_on_workers`` when asked for more than one job).

The main process discovers the inputs (so problems such as a missing path
keep their place) and hands them out in small tasks of file paths; each worker
builds the pipeline once, runs ``extract_paths`` on every input of its task
and sends back the finished ``Document`` records (pickled: cheaper than JSON,
see ``bench/README.md``). Results are taken in input order, with at most a few
tasks in flight, so memory stays bounded whatever the corpus size.

Workers start from a fork server that has already imported the pipeline
(``spawn`` where there is no fork server), so no thread or open file of the
caller leaks into them; each builds the pipeline of the run's rules folder.
They ignore SIGINT: on Ctrl-C, SIGTERM or an early
stop, the caller's process terminates them.
"""

from __future__ import annotations

import dataclasses
import itertools
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from laborfacts.models import Document
from laborfacts.options import ExtractOptions
from laborfacts.reading import STDIN, Source, discover, piece_chars_default
from laborfacts.results import Part, Problem
from laborfacts.spools import Spools, fifo, regular, size, spooled

# Each task carries this many inputs; a few tasks per worker are in flight.
TASK_SOURCES = 16
# A file larger than this many pieces is extracted in this process, in
# order, its facts streamed as they come: a worker would send it back whole.
LOCAL_PIECES = 10
TASKS_IN_FLIGHT_PER_WORKER = 3


class WorkerDied(RuntimeError):
    """A worker process ended abnormally (killed, out of memory, crashed)."""


@dataclass(frozen=True)
class _Input:
    """One source as a worker gets it; ``spool`` holds stdin copied to a file."""

    source: Source
    spool: str | None = None


@dataclass(frozen=True)
class _Settings:
    """What a worker needs besides its inputs."""

    options: ExtractOptions
    parts: bool = False


@dataclass(frozen=True)
class _Task:
    inputs: list[_Input]


@dataclass(frozen=True)
class _Local:
    """A long document, extracted in this process while the workers go on."""

    source: Source


@dataclass(frozen=True)
class _Found:
    """Problems met by discovery, which take their place among the tasks."""

    problems: list[Problem]


# (problems met before it, the document or None) for each input of a task.
_Result = list[tuple[list[Problem], Document | None]]


def available_cpus() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def extract_paths_parallel(
    paths: Iterable[str | Path | Source], *, jobs: int, **kw: Any
) -> Iterator[Document]:
    """``extract_paths(paths, jobs=jobs, ...)``, under its former name."""
    from laborfacts.api import extract_paths

    return extract_paths(paths, jobs=jobs, **kw)


def extract_stream_parallel(
    paths: Iterable[str | Path | Source], *, jobs: int, **kw: Any
) -> Iterator[Document | Part]:
    """``extract_stream(paths, jobs=jobs, ...)``, under its former name."""
    from laborfacts.api import extract_stream

    return extract_stream(paths, jobs=jobs, **kw)


def extract_on_workers(
    paths: Iterable[str | Path | Source],
    options: ExtractOptions,
    *,
    workers: int,
    problems: list[Problem] | None = None,
    stdin: IO[bytes] | None = None,
    skip: Callable[[Source], bool] | None = None,
    parts: bool = True,
) -> Iterator[Document | Part]:
    """``extract_stream`` on ``workers`` processes: same documents, same order.

    ``skip`` is called in this process, before an input is handed to a
    worker. Problems are appended to ``problems`` in input order, each before
    the documents that follow it. When every input fits in one task, no
    worker is started. Raises ``WorkerDied`` if a worker process is killed.
    As with any ``multiprocessing`` code, a script that calls this needs an
    ``if __name__ == "__main__":`` guard.

    A file longer than ``LOCAL_PIECES`` pieces is extracted in this process
    (in its place in the order) while the workers go on with the next tasks;
    with ``parts``, its facts come as ``Part`` records, as ``extract_stream``
    gives them, so memory stays flat in the size of a document.
    """
    sink: list[Problem] = problems if problems is not None else []
    piece_chars = options.piece_chars or piece_chars_default()
    settings = _Settings(dataclasses.replace(options, piece_chars=piece_chars), parts)
    with Spools() as spools:
        entries = _entries(paths, stdin, spools, settings, skip)
        head: list[_Task | _Found | _Local] = []
        for entry in entries:
            head.append(entry)
            if sum(isinstance(e, _Task) for e in head) > 1:
                yield from _run_pool(itertools.chain(head, entries), workers, settings, sink)
                return
        # Everything fits in one task: starting workers would cost more than it saves.
        for entry in head:
            yield from _emit(entry, sink, settings)


def _emit(
    entry: _Task | _Found | _Local, sink: list[Problem], settings: _Settings
) -> Iterator[Document | Part]:
    """Run one entry in this process (the single-task case)."""
    if isinstance(entry, _Found):
        sink.extend(entry.problems)
    elif isinstance(entry, _Local):
        yield from _local(entry, sink, settings)
    else:
        yield from _deliver(_work(entry, settings), sink)


def _local(entry: _Local, sink: list[Problem], settings: _Settings) -> Iterator[Document | Part]:
    from laborfacts.api import extract_here

    stream = extract_here([entry.source], settings.options, problems=sink, parts=settings.parts)
    if settings.parts:
        yield from stream
        return
    for item in stream:
        assert isinstance(item, Document)  # without parts, documents come whole
        yield item


def _deliver(result: _Result, sink: list[Problem]) -> Iterator[Document]:
    for found, document in result:
        sink.extend(found)
        if document is not None:
            yield document


def _run_pool(
    entries: Iterator[_Task | _Found | _Local],
    jobs: int,
    settings: _Settings,
    sink: list[Problem],
) -> Iterator[Document | Part]:
    context = _context()
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_init_worker,
        initargs=(settings.options.rules,),
    )
    pending: deque[_Found | _Local | Future[_Result]] = deque()
    window = jobs * TASKS_IN_FLIGHT_PER_WORKER
    clean = False
    try:
        for entry in entries:
            if isinstance(entry, (_Found, _Local)):
                pending.append(entry)
            else:
                pending.append(pool.submit(_work, entry, settings))
            while sum(isinstance(p, Future) for p in pending) >= window:
                yield from _take(pending.popleft(), sink, settings)
        while pending:
            yield from _take(pending.popleft(), sink, settings)
        clean = True
    except BrokenProcessPool as exc:
        raise WorkerDied("a worker process ended abnormally (killed or out of memory?)") from exc
    finally:
        if clean:
            pool.shutdown(wait=True)
        else:
            # Interrupted, stopped early, or a worker died: stop the workers now.
            _terminate(pool)


def _take(
    item: _Found | _Local | Future[_Result], sink: list[Problem], settings: _Settings
) -> Iterator[Document | Part]:
    if isinstance(item, _Found):
        sink.extend(item.problems)
        return
    if isinstance(item, _Local):
        yield from _local(item, sink, settings)
        return
    yield from _deliver(item.result(), sink)


def _terminate(pool: ProcessPoolExecutor) -> None:
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if terminate is not None:
        terminate()
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # Imported once in the server; each worker then only builds the pipeline.
        context.set_forkserver_preload(["laborfacts.pipeline"])
        return context
    return multiprocessing.get_context("spawn")


def _init_worker(rules: str | None = None) -> None:
    # The parent handles Ctrl-C and terminates the workers; they must not die mid-task on their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    ExtractOptions(rules=rules).nlp()


def _entries(
    paths: Iterable[str | Path | Source],
    stdin: IO[bytes] | None,
    spools: Spools,
    settings: _Settings,
    skip: Callable[[Source], bool] | None = None,
) -> Iterator[_Task | _Found | _Local]:
    """Discovery problems and tasks of at most TASK_SOURCES inputs, in input order."""
    found: list[tuple[str, str]] = []
    task: list[_Input] = []
    for source in discover(paths, found):
        if found:
            if task:
                yield _Task(task)
                task = []
            yield _Found([Problem(p, reason) for p, reason in found])
            found.clear()
        if skip is not None and skip(source):
            continue
        if source.path == STDIN:
            task.append(_Input(source, spools.spool(stdin)))
        elif size(source.path) > LOCAL_PIECES * (settings.options.piece_chars or 0):
            if task:
                yield _Task(task)
                task = []
            yield _Local(source)
            continue
        elif source.explicit and fifo(source.path):
            # A pipe or /dev/fd/N (process substitution) is open in this process
            # only: its bytes go to a file a worker can open, under the same name.
            task.append(_Input(spooled(source, spools)))
        else:
            task.append(_Input(source))
        if len(task) >= TASK_SOURCES:
            yield _Task(task)
            task = []
    if task:
        yield _Task(task)
    if found:
        yield _Found([Problem(p, reason) for p, reason in found])


def _work(task: _Task, settings: _Settings) -> _Result:
    """Extract the inputs of a task (in a worker), in order.

    Consecutive inputs go through one ``extract_paths`` call, so they share
    its batches; the problems it reports before a document go with it.
    """
    out: _Result = []
    run: list[_Input] = []
    for item in task.inputs:
        source = item.source
        if not source.explicit and not regular(source.path):
            out.extend(_extract_run(run, settings))
            run = []
            out.append(([Problem(source.name, "not a regular file")], None))
        else:
            run.append(item)
    out.extend(_extract_run(run, settings))
    return out


def _extract_run(run: list[_Input], settings: _Settings) -> _Result:
    from laborfacts.api import extract_paths

    if not run:
        return []
    spool = next((item.spool for item in run if item.spool is not None), None)
    out: _Result = []
    found: list[Problem] = []
    seen = 0
    with ExitStack() as stack:
        stdin = stack.enter_context(open(spool, "rb")) if spool is not None else None
        for document in extract_paths(
            [item.source for item in run], settings.options, problems=found, stdin=stdin
        ):
            out.append((found[seen:], document))
            seen = len(found)
    if len(found) > seen:
        out.append((found[seen:], None))
    return out
