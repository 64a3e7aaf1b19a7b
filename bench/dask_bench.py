"""Throughput of ``extract --engine dask`` on a LocalCluster of 1 and 2 workers (``make bench-dask``).

Uses the synthetic corpus of ``bench/run.py`` (5 MB by default, in
``bench/corpus-dask/``), writes Parquet as ``laborfacts extract --engine dask
--format parquet`` does, and reports words/s for each cluster, their ratio,
each worker's peak memory and the Parquet bytes per fact. From these it
projects what a 10-million-article run needs. Figures go to
``bench/dask_results.json``. Nothing is asserted: this is a benchmark.

    python bench/dask_bench.py            # 5 MB
    python bench/dask_bench.py --mb 2     # another size
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "bench" / "corpus-dask"
RESULTS = ROOT / "bench" / "dask_results.json"
ARTICLES = 10_000_000
# A worker's memory limit is set above its measured peak with this headroom
# (a partition of long articles, pandas buffers at write time).
HEADROOM = 2.0


def _bench_module() -> Any:
    spec = importlib.util.spec_from_file_location("laborfacts_bench", ROOT / "bench" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s() -> float:
    return time.process_time()


def measure(folders: list[Path], workers: int, partition_size: int) -> dict[str, Any]:
    from laborfacts.engines import FACTS_DIR, dask_client, extract_dask

    with (
        tempfile.TemporaryDirectory() as tmp,
        dask_client(workers=workers, dashboard=False) as client,
    ):
        cpu_before = sum(client.run(_cpu_s).values())
        start = time.perf_counter()
        documents = facts = words = 0
        for outcome in extract_dask(folders, client, out_dir=tmp, partition_size=partition_size):
            documents += outcome.n_documents
            facts += outcome.n_facts
            words += outcome.n_words
        seconds = time.perf_counter() - start
        cpu = sum(client.run(_cpu_s).values()) - cpu_before
        peaks = sorted(client.run(_peak_rss_mb).values())
        parquet = sum(f.stat().st_size for f in Path(tmp).rglob("*.parquet"))
        facts_bytes = sum(f.stat().st_size for f in (Path(tmp) / FACTS_DIR).glob("*.parquet"))
    return {
        "workers": workers,
        "seconds": seconds,
        "workers_cpu_s": cpu,
        "documents": documents,
        "facts": facts,
        "words": words,
        "words_per_s": words / seconds,
        "documents_per_s": documents / seconds,
        # What a core gives when it is not shared: wall time on a busy machine is not.
        "words_per_cpu_s": words / cpu,
        "documents_per_cpu_s": documents / cpu,
        "worker_peak_rss_mb": peaks,
        "parquet_bytes": parquet,
        "facts_parquet_bytes": facts_bytes,
        "loadavg_1min": os.getloadavg()[0],
    }


def project(one: dict[str, Any], workers: int) -> dict[str, Any]:
    """What ``ARTICLES`` articles need at the measured rate of one worker (one core).

    The rate is per CPU second of the worker, so other programs on the machine
    do not count; the wall-clock rate of the same run is kept beside it.
    """
    hours_per_million = 1_000_000 / one["documents_per_cpu_s"] / 3600
    wall_hours_per_million = 1_000_000 / one["documents_per_s"] / 3600
    facts_per_article = one["facts"] / one["documents"]
    bytes_per_fact = one["facts_parquet_bytes"] / one["facts"]
    bytes_per_article = one["parquet_bytes"] / one["documents"]  # facts, documents, warnings
    return {
        "articles": ARTICLES,
        "workers": workers,
        "core_hours_per_million_articles": hours_per_million,
        "core_hours_per_million_articles_wall_rate": wall_hours_per_million,
        "wall_hours": ARTICLES / 1_000_000 * hours_per_million / workers,
        "memory_per_worker_mb": round(max(one["worker_peak_rss_mb"]) * HEADROOM),
        "facts": round(facts_per_article * ARTICLES),
        "parquet_mb_per_million_facts": bytes_per_fact * 1_000_000 / 2**20,
        "parquet_gb": bytes_per_article * ARTICLES / 2**30,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size in MB")
    parser.add_argument("--partition-size", type=int, default=64)
    parser.add_argument("--project-workers", type=int, default=64)
    args = parser.parse_args()
    bench = _bench_module()
    print(f"corpus: {args.mb:g} MB under {CORPUS.relative_to(ROOT)} …", file=sys.stderr)
    folders = bench.build_corpus(args.mb, root=CORPUS)
    runs = []
    for workers in (1, 2):
        print(f"LocalCluster of {workers} worker(s) …", file=sys.stderr)
        runs.append(measure(folders, workers, args.partition_size))
    one, two = runs
    figures = {
        "cpu_count": os.cpu_count(),
        "corpus_mb": args.mb,
        "partition_size": args.partition_size,
        "runs": runs,
        "ratio_2_1": two["words_per_s"] / one["words_per_s"],
        # Above the number of cores, other programs took CPU time: the ratio is unreliable.
        "loadavg_1min": max(r["loadavg_1min"] for r in runs),
        "same_facts": one["facts"] == two["facts"],
        "projection": project(one, args.project_workers),
    }
    RESULTS.write_text(json.dumps(figures, indent=1) + "\n")
    p = figures["projection"]
    for r in runs:
        print(
            f"{r['workers']} worker(s): {r['seconds']:.1f} s, {r['words_per_s']:,.0f} words/s, "
            f"{r['documents_per_s']:.1f} articles/s, {r['words_per_cpu_s']:,.0f} words per CPU s, "
            f"peak RSS {max(r['worker_peak_rss_mb']):.0f} MB"
        )
    print(f"ratio 2/1 workers: {figures['ratio_2_1']:.2f}")
    if figures["loadavg_1min"] > (os.cpu_count() or 1):
        print(
            f"load average {figures['loadavg_1min']:.1f}: the machine was shared, ratios unreliable"
        )
    print(
        f"{ARTICLES:,} articles on {p['workers']} workers: {p['wall_hours']:.1f} h "
        f"({p['core_hours_per_million_articles']:.1f} core-hours per million), "
        f"{p['memory_per_worker_mb']} MB per worker, "
        f"{p['parquet_mb_per_million_facts']:.0f} MB of Parquet per million facts"
    )
    print(f"figures written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
