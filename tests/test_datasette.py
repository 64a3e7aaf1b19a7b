"""Datasette serves the store: ``datasette facts.db --metadata metadata.json``
in a subprocess on a free port, read through its JSON API."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from laborfacts.cli import app
from store_articles import write_articles

DATASETTE = shutil.which("datasette") or str(Path(sys.executable).parent / "datasette")
if not Path(DATASETTE).exists() and not os.environ.get("CI"):
    pytest.skip("datasette is not installed (pip install -e '.[dev]')", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read().decode("utf-8"))


def test_datasette_serves_the_facts_with_their_facets(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    write_articles(folder)
    db = tmp_path / "facts.db"
    result = CliRunner().invoke(app, ["extract", str(folder), "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    port = _free_port()
    server = subprocess.Popen(
        [DATASETTE, "serve", str(db), "--metadata", str(tmp_path / "metadata.json"),
         "-h", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(f"{base}/-/versions.json")
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None or time.monotonic() > deadline:
                    _, err = server.communicate(timeout=5)
                    pytest.fail(f"datasette did not start: {err.decode(errors='replace')}")
                time.sleep(0.2)
        page = _get(f"{base}/facts/facts.json?_shape=objects&_size=max")
        rows = page["rows"]
        assert len(rows) == page.get("filtered_table_rows_count", len(rows))
        assert {r["doc"] for r in rows} >= {"calder_march", "calder_april"}
        wage = next(r for r in rows if r["type"] == "wage" and r["doc"] == "calder_march")
        assert wage["value"] == 19.75 and wage["unit"] == "USD"
        # the facets of metadata.json
        faceted = _get(f"{base}/facts/facts.json?_shape=objects")
        facets = faceted.get("facet_results", {})
        facets = facets.get("results", facets)  # newer datasette nests them
        assert {"type", "metric", "subject"} <= set(facets)
        searched = _get(f"{base}/facts/facts.json?_shape=objects&_search=filing")
        assert {r["doc"] for r in searched["rows"]} == {"calder_april"}
    finally:
        server.terminate()
        server.communicate(timeout=10)
