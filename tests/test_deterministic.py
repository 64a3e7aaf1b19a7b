"""The same article gives the same records in every process: nothing depends
on the order of a set, which Python changes from one process to the next."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ARTICLE = (
    "Two Marlowes at the depot\n\n"
    "June 3, 2026\n\n"
    "Dana Marlowe drives for Tessin Freight. Chris Marlowe drives there too. "
    "Ilse Marlowe runs the yard. Marlowe said she earns $24 an hour.\n"
)


def test_records_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    outputs = set()
    for seed in [str(n) for n in range(12)]:
        done = subprocess.run(
            [sys.executable, "-m", "laborfacts", "extract", str(path), "-f", "jsonl"],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        outputs.add(done.stdout)
    assert len(outputs) == 1
