"""Memory flat in the size of one article: pieces processed with their
neighbours' text, their facts written as they come, nothing lost at the cuts."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

import pytest
from robust_samples import long_article

LABORFACTS = [sys.executable, "-m", "laborfacts"]
PEAK_MB = 400


def _extract(article: Path, fmt: str, out: Path, piece_chars: int | None = None) -> str:
    env = dict(os.environ)
    env.pop("LABORFACTS_PIECE_CHARS", None)
    if piece_chars is not None:
        env["LABORFACTS_PIECE_CHARS"] = str(piece_chars)
    args = ["extract", str(article), "-q"]
    args += ["--out-dir", str(out)] if fmt == "out-dir" else ["-f", fmt, "-o", str(out)]
    proc = subprocess.run([*LABORFACTS, *args], env=env, capture_output=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    if fmt == "out-dir":
        return (out / "a.json").read_text() + (out / "facts.csv").read_text()
    return out.read_text()


@pytest.mark.parametrize("single_line", [False, True], ids=["paragraphs", "one-line"])
@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "out-dir"])
def test_tiny_pieces_give_the_output_of_one_piece(
    tmp_path: Path, fmt: str, single_line: bool
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(long_article(20_000, single_line=single_line), encoding="utf-8")
    whole = _extract(article, fmt, tmp_path / "whole")
    pieces = _extract(article, fmt, tmp_path / "pieces", piece_chars=500)
    assert whole.count("drivers") > 100
    assert pieces == whole


def test_peak_memory_is_flat_in_the_size_of_an_article(tmp_path: Path) -> None:
    """A 20 MB article of paragraphs and an 8 MB article on one line, run side by side;
    the peak resident set of each child stays under PEAK_MB."""
    runs: dict[str, subprocess.Popen[bytes]] = {}
    sizes = (("paragraphs", 20_000_000, False), ("line", 8_000_000, True))
    with ExitStack() as stack:
        for name, chars, single_line in sizes:
            article = tmp_path / f"{name}.txt"
            article.write_text(long_article(chars, single_line=single_line), encoding="utf-8")
            out = stack.enter_context(open(tmp_path / f"{name}.jsonl", "wb"))
            err = stack.enter_context(open(tmp_path / f"{name}.err", "wb"))
            runs[name] = subprocess.Popen(
                [*LABORFACTS, "extract", str(article), "-q", "-f", "jsonl"], stdout=out, stderr=err
            )
        peaks = {}
        for name, proc in runs.items():
            # wait4 gives the child's own resource usage: its peak resident set.
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            assert proc.returncode == 0, (tmp_path / f"{name}.err").read_text()
            peaks[name] = usage.ru_maxrss / 1024  # kilobytes on Linux
    for name in runs:
        with open(tmp_path / f"{name}.jsonl", "rb") as fh:
            facts = sum(1 for _ in fh)
        assert facts > 100_000, (name, facts)
    assert all(peak < PEAK_MB for peak in peaks.values()), peaks


def test_with_workers_a_long_document_streams_in_its_place(tmp_path: Path) -> None:
    """--jobs 2: a document longer than LOCAL_PIECES pieces is extracted in the main
    process, in order among the others the workers do; the output is the serial one."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(40):
        size = 30_000 if i == 20 else 400
        (folder / f"a{i:02d}.txt").write_text(long_article(size, seed=i), encoding="utf-8")
    env = dict(os.environ, LABORFACTS_PIECE_CHARS="1000")
    outputs = []
    for jobs in ("1", "2"):
        proc = subprocess.run(
            [*LABORFACTS, "extract", str(folder), "-q", "-f", "jsonl", "-j", jobs],
            env=env,
            capture_output=True,
            timeout=600,
        )
        assert proc.returncode == 0, proc.stderr
        outputs.append(proc.stdout)
    assert outputs[0].count(b'"doc":"a20"') > 1000
    assert outputs[1] == outputs[0]
