"""diff and eval draw the progress bar while they extract, on a terminal only."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def _stderr_on_a_terminal(args: list[str]) -> tuple[int, bytes]:
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "laborfacts", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=slave,
        env={**os.environ, "COLUMNS": "120"},
    )
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    return proc.wait(timeout=60), seen


@pytest.mark.parametrize(
    "args",
    [
        ["diff", str(ROOT / "data" / "raw"), "-f", "json"],
        ["eval", str(ROOT / "tests" / "gold"), str(ROOT / "data" / "raw"), "-f", "json"],
    ],
    ids=["diff", "eval"],
)
def test_progress_on_a_terminal_and_not_when_piped(args: list[str]) -> None:
    code, seen = _stderr_on_a_terminal(args)
    assert code == 0 and b"extracting" in seen, seen
    piped = subprocess.run(
        [sys.executable, "-m", "laborfacts", *args], capture_output=True, text=True, timeout=120
    )
    assert piped.returncode == 0 and "extracting" not in piped.stderr
    quiet = _stderr_on_a_terminal([*args, "-q"])
    assert quiet[0] == 0 and b"extracting" not in quiet[1]
