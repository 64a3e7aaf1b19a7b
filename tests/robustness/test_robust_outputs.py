"""Nothing outside the named output is touched: special targets, inputs named as
outputs, temporary files, and errors that name what the user named."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from robust_samples import ARTICLE
from typer.testing import CliRunner

from laborfacts.cli import app

runner = CliRunner()
LABORFACTS = [sys.executable, "-m", "laborfacts"]


def _article(folder: Path, name: str = "a.txt", text: str = ARTICLE) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _expected_jsonl(article: Path) -> str:
    result = runner.invoke(app, ["extract", str(article), "-f", "jsonl"])
    assert result.exit_code == 0 and result.stdout
    return result.stdout


def _no_temporaries(folder: Path) -> None:
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


# --- 1. special targets -------------------------------------------------------


def test_output_through_a_symlink_writes_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    article = _article(tmp_path / "in")
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "facts.jsonl"
    target.write_text("old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    result = runner.invoke(app, ["extract", str(article), "-f", "jsonl", "-o", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == _expected_jsonl(article)
    _no_temporaries(tmp_path)
    _no_temporaries(tmp_path / "real")


def test_output_into_a_named_pipe_streams_into_it(tmp_path: Path) -> None:
    article = _article(tmp_path / "in")
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as fh:
            got.append(fh.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    proc = subprocess.run(
        [*LABORFACTS, "extract", str(article), "-f", "jsonl", "-o", str(fifo)],
        capture_output=True,
        timeout=120,
    )
    reader.join(timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert got and got[0].decode() == _expected_jsonl(article)
    _no_temporaries(tmp_path)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="mknod needs root")
def test_output_into_a_device_writes_it_and_leaves_it_a_device(tmp_path: Path) -> None:
    article = _article(tmp_path / "in")
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # the null device
    result = runner.invoke(app, ["extract", str(article), "-f", "jsonl", "-o", str(null)])
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    _no_temporaries(tmp_path)


def test_diff_output_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    a = _article(tmp_path / "in", "a.txt")
    b = _article(tmp_path / "in", "b.txt", ARTICLE.replace("5,000", "9,000"))
    target = tmp_path / "diff.json"
    target.write_text("{}")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    result = runner.invoke(app, ["diff", str(a), str(b), "-f", "json", "-o", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and "frames" in json.loads(target.read_text())


# --- 5. an input named as the output ---------------------------------------------


@pytest.mark.parametrize("how", ["same", "symlink", "hardlink", "in-folder"])
def test_an_output_that_is_an_input_is_refused_before_anything_is_read(
    tmp_path: Path, how: str
) -> None:
    article = _article(tmp_path / "in")
    before = article.read_bytes()
    output = {
        "same": article,
        "symlink": tmp_path / "link.txt",
        "hardlink": tmp_path / "hard.txt",
        "in-folder": article,
    }[how]
    if how == "symlink":
        output.symlink_to(article)
    elif how == "hardlink":
        os.link(article, output)
    given = str(article.parent) if how == "in-folder" else str(article)
    result = runner.invoke(app, ["extract", given, "-f", "jsonl", "-o", str(output)])
    assert result.exit_code == 2
    assert "is one of the inputs" in result.stderr
    assert article.read_bytes() == before


def test_diff_refuses_an_output_that_is_one_of_its_inputs(tmp_path: Path) -> None:
    a = _article(tmp_path, "a.txt")
    b = _article(tmp_path, "b.txt")
    result = runner.invoke(app, ["diff", str(a), str(b), "-o", str(b)])
    assert result.exit_code == 2 and "is one of the inputs" in result.stderr
    assert b.read_text() == ARTICLE


# --- 10. errors name what the user named ------------------------------------------


def test_an_unwritable_output_is_named_as_given_not_by_its_temporary_name(
    tmp_path: Path,
) -> None:
    article = _article(tmp_path)
    result = runner.invoke(app, ["extract", str(article), "-o", "/proc/laborfacts.jsonl"])
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith("laborfacts: cannot write /proc/laborfacts.jsonl:")
    )
    assert ".tmp" not in result.stderr


def test_a_failed_stdout_summary_is_blamed_on_stdout_not_on_the_out_dir(tmp_path: Path) -> None:
    article = _article(tmp_path)
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [*LABORFACTS, "extract", str(article), "--out-dir", str(tmp_path / "out")],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert lines == ["laborfacts: cannot write standard output: no space left on device"]
    assert (tmp_path / "out" / "a.json").exists()


# --- 11. temporary files of killed runs ---------------------------------------------


def test_stale_temporary_files_of_our_naming_are_removed_by_a_later_run(tmp_path: Path) -> None:
    article = _article(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(dead.stdout)
    stale = out / ".facts.jsonl.0badcafe.tmp"  # no pid in the name: age alone decides
    stale_dead = out / f".facts.jsonl.{dead_pid:08x}0badcafe.tmp"
    fresh = out / ".facts.jsonl.0123abcd.tmp"
    alive = out / f".facts.jsonl.{os.getpid():08x}0123abcd.tmp"  # its writer still runs
    foreign = out / ".notes.tmp"
    for p in (stale, stale_dead, fresh, alive, foreign):
        p.write_text("partial")
    old = time.time() - 3600
    for p in (stale, stale_dead, alive, foreign):
        os.utime(p, (old, old))
    result = runner.invoke(
        app, ["extract", str(article), "-f", "jsonl", "-o", str(out / "facts.jsonl")]
    )
    assert result.exit_code == 0, result.output
    assert not stale.exists() and not stale_dead.exists()
    assert fresh.exists()  # recent: may belong to a run still writing
    assert alive.exists()
    assert foreign.exists()  # not a name we give


def test_a_killed_run_leaves_a_temporary_file_that_the_next_run_removes(tmp_path: Path) -> None:
    article = _article(tmp_path / "in")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [*LABORFACTS, "extract", str(article), "-", "-f", "jsonl", "-o", str(out / "f.jsonl")],
        stdin=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    # Waits for stdin, its temporary file already open: SIGKILL runs no cleanup.
    deadline = time.time() + 60
    while time.time() < deadline and not list(out.glob(".f.jsonl.*.tmp")):
        time.sleep(0.1)
    proc.kill()
    proc.wait()
    assert proc.stdin is not None
    proc.stdin.close()
    left = list(out.glob(".f.jsonl.*.tmp"))
    assert len(left) == 1
    old = time.time() - 3600
    os.utime(left[0], (old, old))
    result = runner.invoke(
        app, ["extract", str(article), "-f", "jsonl", "-o", str(out / "f.jsonl")]
    )
    assert result.exit_code == 0
    assert list(out.glob(".*.tmp")) == []
