"""Every shell and Python example of the README runs as written.

The examples are run in order, from a copy of the checkout's data (``data/``,
``tests/gold``) with the project's virtual environment beside it as
``.venv``, the way a newcomer runs them after ``make run``. A few lines need
what a test machine does not have, and say so here, each with where it is
tested instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"^```(?P<lang>\w*)\n(?P<body>.*?)^```", re.MULTILINE | re.DOTALL)

# Lines not run here, and why.
NOT_RUN = {
    "make ": "the set-up commands; CI runs them",
    "pip install": "an install",
    "datasette ": "a server; tests/test_datasette.py starts one",
    "--engine dask": "a cluster; tests/test_dask_engine.py runs one",
}
# Python blocks that need a cluster framework (marked untested in the README).
NOT_RUN_PYTHON = ("spark", "ray.data")


def _blocks() -> list[tuple[str, str]]:
    return [(m.group("lang"), m.group("body")) for m in BLOCK.finditer(README)]


def _example_article() -> str:
    marker = README.index("saved as `example.txt`")
    m = BLOCK.search(README, marker)
    assert m is not None and m.group("lang") == "text"
    return m.group("body")


def _commands() -> list[tuple[str, str]]:
    """(kind, code) in README order: shell lines and whole Python blocks."""
    out: list[tuple[str, str]] = []
    for lang, body in _blocks():
        if lang == "sh":
            for line in body.splitlines():
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                if any(key in line for key in NOT_RUN):
                    continue
                out.append(("sh", line))
        elif lang == "python" and not any(k in body.lower() for k in NOT_RUN_PYTHON):
            out.append(("python", body))
    return out


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "data" / "raw", ws / "data" / "raw")
    shutil.copytree(ROOT / "tests" / "gold", ws / "tests" / "gold")
    (ws / ".venv").symlink_to(Path(sys.prefix))  # the environment the tests run in
    (ws / "example.txt").write_text(_example_article(), encoding="utf-8")
    return ws


def test_the_readme_has_examples_to_run() -> None:
    kinds = [k for k, _ in _commands()]
    assert kinds.count("sh") >= 20 and kinds.count("python") >= 2


def test_every_example_runs_as_written(workspace: Path) -> None:
    env = {**os.environ, "COLUMNS": "100"}
    env["PATH"] = f"{workspace / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    failures = []
    for kind, code in _commands():
        if kind == "sh":
            cmd = ["bash", "-c", f"source .venv/bin/activate && {code}"]
        else:
            cmd = [sys.executable, "-c", code]
        done = subprocess.run(
            cmd, cwd=workspace, env=env, capture_output=True, text=True, timeout=300
        )
        if done.returncode != 0:
            failures.append(f"{code!r} exited {done.returncode}: {done.stderr.strip()[-500:]}")
    assert not failures, "\n".join(failures)
