"""diff and eval draw the progress bar while they extract, on a terminal only."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from terminal import stderr_on_a_terminal

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize(
    "args",
    [
        ["diff", str(ROOT / "data" / "raw"), "-f", "json"],
        ["eval", str(ROOT / "tests" / "gold"), str(ROOT / "data" / "raw"), "-f", "json"],
    ],
    ids=["diff", "eval"],
)
def test_progress_on_a_terminal_and_not_when_piped(args: list[str]) -> None:
    code, seen = stderr_on_a_terminal(args)
    assert code == 0 and b"extracting" in seen, seen
    piped = subprocess.run(
        [sys.executable, "-m", "laborfacts", *args], capture_output=True, text=True, timeout=120
    )
    assert piped.returncode == 0 and "extracting" not in piped.stderr
    quiet = stderr_on_a_terminal([*args, "-q"])
    assert quiet[0] == 0 and b"extracting" not in quiet[1]
