"""bench/run.py: the synthetic corpus and one measurement, on a tiny corpus (no timings asserted)."""

from __future__ import annotations

import importlib.util
import random
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "run.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("laborfacts_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_varied_articles_keep_dates_valid_and_change_every_figure(bench: ModuleType) -> None:
    text = "Acme Corp, May 9, 2024\n\nBy Ann Lee\n\nAcme cut 1,250 jobs on 2023-11-30.\n\nIt paid $18.25."
    out = bench.vary(text, ["Acme", "Ann", "Lee"], random.Random(1))
    assert "1,250" not in out and "18.25" not in out and "Acme" not in out
    assert re.search(r"May (\d+), (20\d\d)", out)
    day = int(re.search(r"May (\d+)", out)[1])  # type: ignore[index]
    assert 1 <= day <= 28
    iso = re.search(r"(20\d\d)-(\d\d)-(\d\d)", out)
    assert iso and 1 <= int(iso[2]) <= 12 and 1 <= int(iso[3]) <= 28


def test_corpus_is_built_once_and_measured(bench: ModuleType, tmp_path: Path) -> None:
    folders = bench.build_corpus(0.03, root=tmp_path / "corpus")
    files = list(bench.corpus_files(folders))
    assert len(files) >= 5
    assert sum(f.stat().st_size for f in files) >= 0.03 * 2**20
    assert len({f.read_bytes() for f in files}) == len(files)
    stamp = files[0].stat().st_mtime_ns
    assert bench.build_corpus(0.03, root=tmp_path / "corpus") == folders
    assert files[0].stat().st_mtime_ns == stamp
    figures = bench.child_extract(folders, jobs=1)
    assert figures["documents"] == len(files) and figures["facts"] > 0
    assert figures["output_bytes"] > 0


def test_long_articles_join_the_corpus_to_the_size_asked(bench: ModuleType, tmp_path: Path) -> None:
    folders = bench.build_corpus(0.03, root=tmp_path / "corpus")
    lines = bench.long_article(folders, 0.05, False, tmp_path / "a.txt").read_text()
    line = bench.long_article(folders, 0.05, True, tmp_path / "b.txt").read_text()
    assert len(lines) == len(line) == int(0.05 * 2**20)
    assert "\n\n" in lines and "\n" not in line
