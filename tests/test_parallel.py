"""extract_paths_parallel: the serial output, in order, on worker processes."""

from __future__ import annotations

import io
import multiprocessing
import os
import random
import re
import signal
from pathlib import Path

import pytest

from laborfacts import parallel
from laborfacts.api import Problem, extract_paths
from laborfacts.models import Document
from laborfacts.parallel import WorkerDied, extract_paths_parallel

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
ARTICLES = 30
BINARY_AT = 13


def _vary(text: str, rng: random.Random) -> str:
    """The same article with every digit redrawn (first digits kept non-zero)."""

    def redraw(m: re.Match[str]) -> str:
        digits = m.group()
        return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in digits[1:])

    return re.sub(r"\d+", redraw, text)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30 small articles from data/raw with varied numbers, a binary file among them."""
    folder = tmp_path_factory.mktemp("corpus")
    samples = [p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))]
    rng = random.Random(7)
    for i in range(ARTICLES):
        text = _vary(samples[i % len(samples)], rng)
        # Short pieces keep the test fast; each still has a headline, date and figures.
        (folder / f"a{i:02d}.txt").write_text(text[: rng.randint(600, 1500)], encoding="utf-8")
    (folder / f"a{BINARY_AT:02d}.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    return folder


def _serial(paths: list[Path | str], **kw: object) -> tuple[list[Document], list[Problem]]:
    problems: list[Problem] = []
    docs = list(extract_paths(paths, problems=problems, **kw))  # type: ignore[arg-type]
    return docs, problems


def _parallel(
    paths: list[Path | str], jobs: int = 2, **kw: object
) -> tuple[list[Document], list[Problem]]:
    problems: list[Problem] = []
    docs = list(extract_paths_parallel(paths, jobs=jobs, problems=problems, **kw))  # type: ignore[arg-type]
    return docs, problems


@pytest.fixture(autouse=True)
def small_tasks(monkeypatch: pytest.MonkeyPatch) -> None:
    # Several tasks even for a small corpus, so the pool and its ordering are exercised.
    monkeypatch.setattr(parallel, "TASK_SOURCES", 4)


def test_two_workers_give_the_serial_documents_and_problems_in_order(corpus: Path) -> None:
    expected, expected_problems = _serial([corpus])
    docs, problems = _parallel([corpus])
    assert len(expected) == ARTICLES - 1
    assert sum(len(d.facts) for d in expected) > 50
    assert [d.id for d in docs] == [f"a{i:02d}" for i in range(ARTICLES) if i != BINARY_AT]
    assert docs == expected
    assert problems == expected_problems
    assert [(Path(p.path).name, p.skipped) for p in problems] == [(f"a{BINARY_AT:02d}.txt", True)]
    assert "binary file (PNG)" in problems[0].reason


def test_discovery_problems_keep_their_place_among_the_inputs(corpus: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    paths: list[Path | str] = [corpus / "a01.txt", tmp_path / "gone.txt", corpus, empty, "-"]
    stdin = (RAW / "01_kessler_union_vote.txt").read_bytes()
    # Small pieces: long texts are cut, and the pieces joined, in the workers as in the serial path.
    kw = {"types": ["union_vote"], "piece_chars": 700}
    expected, expected_problems = _serial(paths, stdin=io.BytesIO(stdin), **kw)
    docs, problems = _parallel(paths, stdin=io.BytesIO(stdin), **kw)
    assert docs == expected
    assert docs[-1].id == "stdin" and docs[-1].facts
    assert {f.type for d in docs for f in d.facts} == {"union_vote"}
    assert problems == expected_problems
    assert [Path(p.path).name for p in problems] == ["gone.txt", f"a{BINARY_AT:02d}.txt", "empty"]


def test_one_task_runs_without_workers(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool was started for one task")

    monkeypatch.setattr(parallel, "_run_pool", no_pool)
    paths: list[Path | str] = [corpus / "a00.txt", corpus / "a01.txt"]
    assert _parallel(paths) == _serial(paths)


def test_jobs_one_is_the_serial_path(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "_run_pool", None)
    assert _parallel([corpus], jobs=1) == _serial([corpus])
    with pytest.raises(ValueError):
        _parallel([corpus], jobs=-1)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_found_in_a_folder_is_skipped_not_opened(corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "with-pipe"
    folder.mkdir()
    for name in ("a00.txt", "a01.txt", "a02.txt", "a03.txt", "a04.txt"):
        (folder / name).write_bytes((corpus / name).read_bytes())
    os.mkfifo(folder / "a02b.txt")
    docs, problems = _parallel([folder])
    assert [d.id for d in docs] == ["a00", "a01", "a02", "a03", "a04"]
    assert [(Path(p.path).name, p.reason) for p in problems] == [("a02b.txt", "not a regular file")]


def _stop_early(corpus: Path, how: str) -> None:
    docs = extract_paths_parallel([corpus], jobs=2)
    assert next(docs).id == "a00"
    assert multiprocessing.active_children()
    if how == "close":
        docs.close()
    else:
        with pytest.raises(KeyboardInterrupt):
            docs.throw(KeyboardInterrupt)


@pytest.mark.parametrize("how", ["close", "interrupt"])
def test_stopping_early_terminates_the_workers(corpus: Path, how: str) -> None:
    _stop_early(corpus, how)
    assert multiprocessing.active_children() == []


def test_a_killed_worker_is_an_error_not_a_hang(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "TASK_SOURCES", 1)
    docs = extract_paths_parallel([corpus], jobs=2)
    next(docs)
    for child in multiprocessing.active_children():
        os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
    with pytest.raises(WorkerDied):
        list(docs)
    assert multiprocessing.active_children() == []
