"""Every command ends the same way when the world fails it: a full disk, an
unwritable output, a closed pipe, paths too long. One line on stderr, a
documented exit code, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from robust_samples import ARTICLE

LABORFACTS = [sys.executable, "-m", "laborfacts"]


@pytest.fixture
def pair(tmp_path: Path) -> list[str]:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(ARTICLE, encoding="utf-8")
    b.write_text(ARTICLE.replace("$23", "$31"), encoding="utf-8")
    return [str(a), str(b)]


@pytest.fixture
def gold(tmp_path: Path, pair: list[str]) -> str:
    out = tmp_path / "gold.jsonl"
    subprocess.run([*LABORFACTS, "extract", *pair, "-q", "-o", str(out)], check=True, timeout=120)
    return str(out)


def _commands(pair: list[str], gold: str) -> dict[str, list[str]]:
    return {
        "extract": ["extract", *pair, "-f", "jsonl"],
        "diff": ["diff", *pair, "-f", "json"],
        "eval": ["eval", gold, *pair, "-f", "json"],
        "schema": ["schema"],
    }


def _run(args: list[str], stdout: object = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*LABORFACTS, *args], stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=300
    )


def _one_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.mark.parametrize("command", ["extract", "diff", "eval", "schema"])
def test_a_full_stdout_ends_in_one_line_and_exit_1(
    command: str, pair: list[str], gold: str
) -> None:
    args = _commands(pair, gold)[command]
    if command == "extract":
        args = [*args, "-q"]
    with open("/dev/full", "w") as full:
        proc = _run(args, stdout=full)
    assert proc.returncode == 1
    line = _one_line(proc.stderr)
    assert line == "laborfacts: cannot write standard output: no space left on device"


@pytest.mark.parametrize("command", ["extract", "diff", "eval", "schema"])
def test_a_closed_pipe_ends_every_command_quietly_with_141(
    command: str, pair: list[str], gold: str
) -> None:
    proc = subprocess.Popen(
        [*LABORFACTS, *_commands(pair, gold)[command]],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the first byte is written
    stderr = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=300) == 141
    assert "Traceback" not in stderr and "Broken pipe" not in stderr


def test_an_unwritable_diff_output_is_named_in_one_line(pair: list[str]) -> None:
    proc = _run(["diff", *pair, "-f", "json", "-o", "/sys/laborfacts-diff.json"])
    assert proc.returncode == 1
    line = _one_line(proc.stderr)
    assert line.startswith("laborfacts: cannot write /sys/laborfacts-diff.json: ")


def _deep_tree(root: Path, article: str) -> None:
    """Folders nested deeper than PATH_MAX, made relative to each other (by fd)."""
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(24):
            name = "d" * 200
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        out = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, article.encode())
        os.close(out)
    finally:
        os.close(fd)


def test_diff_on_a_tree_with_paths_too_long_reports_them(tmp_path: Path, pair: list[str]) -> None:
    root = tmp_path / "tree"
    root.mkdir()
    (root / "top.txt").write_text(ARTICLE, encoding="utf-8")
    _deep_tree(root, ARTICLE)
    proc = _run(["diff", str(root), pair[1], "-f", "json"])
    assert proc.returncode in (1, 2), proc.stderr
    assert "Traceback" not in proc.stderr
    assert all(
        line.startswith(("warning:", "skipped:", "error:")) for line in proc.stderr.splitlines()
    )
    assert "file name too long" in proc.stderr


@pytest.mark.parametrize("command", ["extract", "diff", "eval", "schema"])
def test_help_lists_every_exit_code(command: str) -> None:
    from typer.testing import CliRunner

    from laborfacts.cli import app

    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    text = " ".join(result.stdout.split())
    for code in ("0 ", "1 ", "2 ", "129", "130", "141", "143"):
        assert f"{code}" in text.split("Exit codes:", 1)[1], (command, code)


def test_too_few_documents_is_one_error_line_after_the_skipped_inputs(tmp_path: Path) -> None:
    one = tmp_path / "one.txt"
    one.write_text(ARTICLE, encoding="utf-8")
    proc = _run(["diff", str(one), str(tmp_path / "missing.txt")])
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        f"skipped: {tmp_path / 'missing.txt'}: no such file or folder",
        "error: a diff needs at least two documents; 1 could be read",
    ]
