"""An interrupted ``extract --db`` leaves a consistent store: the run is
killed mid-way in a subprocess, then the database is checked and completed."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from laborfacts.api import extract_text
from store_articles import ARTICLES

COPIES = 240  # enough that a kill lands mid-run on a fast machine


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute("select count(*) from documents").fetchone()[0])
    except sqlite3.OperationalError:  # tables not created yet
        return 0


def _run(folder: Path, db: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "laborfacts", "extract", str(folder), "--db", str(db), "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["TERM", "KILL"])
def test_a_killed_run_leaves_every_document_with_its_facts(
    tmp_path: Path, signum: signal.Signals
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    text = ARTICLES["calder_march.txt"]
    for i in range(COPIES):
        (folder / f"a{i:03d}.txt").write_text(text, encoding="utf-8")
    expected = len(extract_text(text))
    db = tmp_path / "facts.db"
    proc = _run(folder, db)
    deadline = time.monotonic() + 120
    while _stored(db) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.fail("the run ended before it could be interrupted; raise COPIES")
    assert proc.returncode == (143 if signum == signal.SIGTERM else -signal.SIGKILL), err

    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert conn.execute("pragma foreign_key_check").fetchall() == []
        counts = dict(
            conn.execute(
                "select d.id, (select count(*) from facts f where f.doc = d.id) from documents d"
            ).fetchall()
        )
        orphans = conn.execute(
            "select count(*) from facts where doc not in (select id from documents)"
        ).fetchone()[0]
    conn.close()
    assert 0 < len(counts) < COPIES
    assert set(counts.values()) == {expected}
    assert orphans == 0

    # the next run stores the rest and leaves what was stored alone
    done = subprocess.run(
        [sys.executable, "-m", "laborfacts", "extract", str(folder), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert f"{len(counts)} unchanged" in done.stderr
    assert _stored(db) == COPIES
