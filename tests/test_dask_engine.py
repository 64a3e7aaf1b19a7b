"""The Dask engine: the same records as a local run, the diff as a shuffle, workers that die.

One LocalCluster (two worker processes, loopback only) serves the module; the
CLI joins it with --scheduler. Without the ``dask`` extra these tests skip,
unless CI is set: there they must run.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from laborfacts.api import extract_paths
from laborfacts.cli import app
from laborfacts.diff import claim_rows, diff_paths
from laborfacts.engines import (
    DOCUMENTS_DIR,
    FACTS_DIR,
    WARNINGS_FILE,
    Input,
    Job,
    PartitionOutcome,
    extract_dask,
    extract_partition,
    job_rules,
    partition_to_frame,
    run_partition,
)
from laborfacts.tabular import row_fact

ROOT = Path(__file__).parent.parent
INPUTS = [ROOT / "data" / "raw", ROOT / "tests" / "fixtures" / "dask"]
runner = CliRunner()


def _need(module: str) -> Any:
    if os.environ.get("CI"):
        return __import__(module)  # CI installs the extra: a missing one is a failure
    return pytest.importorskip(module)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    for module in ("dask", "distributed", "pandas", "pyarrow", "fsspec"):
        _need(module)
    import dask

    from laborfacts.engines import dask_client

    # A task whose worker dies twice is given up (KilledWorker): the tests
    # below kill workers on purpose, and the default (3) would cost restarts.
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 1}),
        dask_client(workers=2, dashboard=False) as c,
    ):
        yield c


def _local_records() -> list[dict[str, Any]]:
    return [f.record() for d in extract_paths(INPUTS) for f in d.facts]


def _read_parts(folder: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    rows: list[dict[str, Any]] = []
    for f in sorted(folder.glob("part-*.parquet")):
        rows += pq.read_table(f).to_pylist()
    return rows


def _extract_parquet(client: Any, out: Path, *extra: str) -> Any:
    args = ["extract", *map(str, INPUTS), "--engine", "dask", "--format", "parquet"]
    args += ["--out-dir", str(out), "--scheduler", client.scheduler.address, "--partition-size"]
    return runner.invoke(app, [*args, "2", *extra])


def test_parquet_holds_the_records_of_a_local_run(client: Any, tmp_path: Path) -> None:
    import pandas as pd
    import pyarrow.parquet as pq

    out = tmp_path / "pq"
    result = _extract_parquet(client, out)
    # broken.txt holds NUL bytes, kept with a warning: exit 0, as a local run gives
    assert result.exit_code == 0 and "broken.txt" in result.output, result.output
    local = tmp_path / "local.jsonl"
    ran = runner.invoke(app, ["extract", *map(str, INPUTS), "-f", "jsonl", "-o", str(local)])
    assert ran.exit_code == 0 and "broken.txt" in ran.output
    expected = pd.DataFrame([json.loads(line) for line in local.read_text().splitlines()])

    rows = _read_parts(out / FACTS_DIR)
    got = pd.DataFrame([row_fact(r).record() for r in rows])
    pd.testing.assert_frame_equal(got, expected)
    assert len(list((out / FACTS_DIR).glob("*.parquet"))) >= 4  # one file per partition

    schema = pq.read_schema(next((out / FACTS_DIR).glob("part-*.parquet")))
    types = {name: str(schema.field(name).type) for name in ("value", "start", "date")}
    assert types == {"value": "double", "start": "int64", "date": "string"}
    # the schema of a local --format parquet file, column for column
    local_pq = tmp_path / "local.parquet"
    runner.invoke(app, ["extract", *map(str, INPUTS), "-f", "parquet", "-o", str(local_pq)])
    assert schema.remove_metadata().equals(pq.read_schema(local_pq).remove_metadata())

    docs = _read_parts(out / DOCUMENTS_DIR)
    local_docs = list(extract_paths(INPUTS))
    assert [d["id"] for d in docs] == [d.id for d in local_docs]
    assert [d["published"] for d in docs] == [d.published for d in local_docs]
    assert [d["seq"] for d in docs] == sorted(d["seq"] for d in docs)
    warnings = pq.read_table(out / WARNINGS_FILE).to_pylist()
    # its NUL bytes are kept, with a warning (not skipped), as in a local run
    assert [(Path(w["path"]).name, w["skipped"]) for w in warnings] == [("broken.txt", False)]
    assert warnings[0]["reason"] == "holds 3 NUL byte(s), kept as characters"


def test_jsonl_and_csv_are_those_of_a_local_run(client: Any, tmp_path: Path) -> None:
    for fmt in ("jsonl", "csv"):
        local, dask_out = tmp_path / f"local.{fmt}", tmp_path / f"dask.{fmt}"
        ran = runner.invoke(app, ["extract", *map(str, INPUTS), "-f", fmt, "-o", str(local)])
        result = runner.invoke(
            app,
            ["extract", *map(str, INPUTS), "-f", fmt, "-o", str(dask_out), "--engine", "dask"]
            + ["--scheduler", client.scheduler.address, "--partition-size", "3"],
        )
        # broken.txt's NUL bytes are kept with a warning, in both runs
        assert result.exit_code == ran.exit_code == 0 and "broken.txt" in result.output
        assert dask_out.read_bytes() == local.read_bytes()


def test_a_parquet_file_and_reading_options_are_those_of_a_local_run(
    client: Any, tmp_path: Path
) -> None:
    import pyarrow.parquet as pq

    for fmt, extra in (
        ("parquet", ["--published", "2020-05-01"]),
        ("jsonl", ["--encoding", "latin-1"]),
    ):
        local, dask_out = tmp_path / f"local.{fmt}", tmp_path / f"dask.{fmt}"
        args = ["extract", *map(str, INPUTS), "-f", fmt, *extra]
        ran = runner.invoke(app, [*args, "-o", str(local)])
        result = runner.invoke(
            app,
            [*args, "-o", str(dask_out), "--engine", "dask"]
            + ["--scheduler", client.scheduler.address, "--partition-size", "3"],
        )
        assert result.exit_code == ran.exit_code == 0 and "broken.txt" in result.output
        if fmt == "parquet":
            got, expected = pq.read_table(dask_out), pq.read_table(local)
            assert got.equals(expected) and got.num_rows > 0
        else:
            assert dask_out.read_bytes() == local.read_bytes()


def test_file_urls_read_through_fsspec(client: Any) -> None:
    folder = INPUTS[1]
    outcomes = list(extract_dask([folder.as_uri()], client, partition_size=2))
    local = list(extract_paths([folder]))
    docs = [d for o in outcomes for d in o.documents]
    assert [d.id for d in docs] == [d.id for d in local]
    assert [[f.record() for f in d.facts] for d in docs] == [
        [f.record() for f in d.facts] for d in local
    ]
    assert all(d.path and d.path.startswith("file://") for d in docs)
    problems = [p for o in outcomes for p in o.problems]
    assert [p.path.rsplit("/", 1)[-1] for p in problems] == ["broken.txt"]


def test_each_worker_builds_the_pipeline_once(client: Any) -> None:
    list(extract_dask(INPUTS, client, partition_size=1))  # more partitions than workers

    def builds() -> int:
        from laborfacts.pipeline import get_nlp

        return get_nlp.cache_info().misses

    assert set(client.run(builds).values()) == {1}


def test_diff_as_a_group_by_equals_the_local_diff(client: Any, tmp_path: Path) -> None:
    pq_dir, out = tmp_path / "pq", tmp_path / "diff"
    _extract_parquet(client, pq_dir)
    result = runner.invoke(
        app,
        ["diff", "--engine", "dask", str(pq_dir), "-o", str(out)]
        + ["--scheduler", client.scheduler.address],
    )
    assert result.exit_code == 0, result.output
    assert "1 conflict" in result.output and "1 agree" in result.output

    def key(r: dict[str, Any]) -> tuple[Any, ...]:
        return (r["frame"], r["frame_status"], r["doc"], r["start"], r["status"], r["time"])

    local = diff_paths(INPUTS)
    expected = sorted(key(r) for r in claim_rows(local))
    got = sorted(key(r) for r in _read_parts(out))
    assert got == expected
    assert {r[1] for r in got} == {"conflict", "changed", "agree", "only"}


def test_diff_filters_as_the_local_diff(client: Any, tmp_path: Path) -> None:
    pq_dir, out = tmp_path / "pq", tmp_path / "diff"
    _extract_parquet(client, pq_dir)
    args = ["--status", "changed", "--subject", "Corvane drivers", "--type", "wage"]
    result = runner.invoke(
        app,
        ["diff", "--engine", "dask", str(pq_dir), "-o", str(out), *args]
        + ["--scheduler", client.scheduler.address],
    )
    assert result.exit_code == 0, result.output
    local = diff_paths(INPUTS, statuses=["changed"], subject="Corvane drivers", types=["wage"])
    expected = sorted((r["frame"], r["doc"], r["status"]) for r in claim_rows(local))
    got = sorted((r["frame"], r["doc"], r["status"]) for r in _read_parts(out))
    assert got == expected and len(got) == 3


def test_two_files_of_one_name_keep_distinct_ids_in_a_dask_diff(
    client: Any, tmp_path: Path
) -> None:
    # Ids come from reading.discover, as in a local run: a/corvane.txt and
    # b/corvane.txt given as two folders are 'corvane' and 'b/corvane'.
    fixtures = INPUTS[1]
    for folder, name in (("a", "corvane_2025.txt"), ("b", "corvane_2026.txt")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "corvane.txt").write_bytes((fixtures / name).read_bytes())
    inputs = [tmp_path / "a", tmp_path / "b", fixtures / "corvane_notes.md"]
    pq_dir, out = tmp_path / "pq", tmp_path / "diff"
    list(extract_dask(inputs, client, out_dir=pq_dir, partition_size=1))
    from laborfacts.engines import diff_dask

    summary = diff_dask(pq_dir, out, client)
    assert summary.problems == []
    local = diff_paths(inputs)
    assert {"corvane", "b/corvane"} <= {r["doc"] for r in _read_parts(out)}

    def key(r: dict[str, Any]) -> tuple[Any, ...]:
        return (r["frame"], r["frame_status"], r["doc"], r["value"], r["status"])

    assert sorted(map(key, _read_parts(out))) == sorted(map(key, claim_rows(local)))
    assert 21 in {r["value"] for r in _read_parts(out)} and 24 not in {
        r["value"] for r in _read_parts(out) if r["doc"] == "corvane"
    }


def _die_once(index: int, inputs: Sequence[Input], job: Job, marker: str) -> PartitionOutcome:
    """Partition 1's first attempt writes its files, then kills its worker process."""
    outcome = run_partition(index, inputs, job)
    if index == 1 and not os.path.exists(marker):
        Path(marker).write_text("died")
        os._exit(1)
    return outcome


def test_a_killed_worker_loses_and_doubles_nothing(client: Any, tmp_path: Path) -> None:
    marker = tmp_path / "died"
    out = tmp_path / "pq"
    task = functools.partial(_die_once, marker=str(marker))
    outcomes = list(extract_dask(INPUTS, client, out_dir=out, partition_size=2, task=task))
    assert marker.exists()
    assert [o.index for o in outcomes] == list(range(len(outcomes)))
    got = [row_fact(r).record() for r in _read_parts(out / FACTS_DIR)]
    assert got == _local_records()
    docs = [d["id"] for d in _read_parts(out / DOCUMENTS_DIR)]
    assert len(docs) == len(set(docs)) == len(list(extract_paths(INPUTS)))


def _poison(index: int, inputs: Sequence[Input], job: Job, doc_id: str) -> PartitionOutcome:
    """Any task holding the input ``doc_id`` kills its worker process, every time."""
    if any(inp.doc_id == doc_id for inp in inputs):
        os._exit(1)
    return run_partition(index, inputs, job)


def test_a_file_that_always_kills_its_worker_becomes_a_warning(client: Any, tmp_path: Path) -> None:
    out = tmp_path / "pq"
    task = functools.partial(_poison, doc_id="corvane_2025")
    problems: list[Any] = []
    list(extract_dask(INPUTS, client, out_dir=out, partition_size=3, task=task, problems=problems))
    died = [p for p in problems if "worker process died" in p.reason]
    assert [Path(p.path).name for p in died] == ["corvane_2025.txt"]
    # Its partition's other files are all there, once.
    expected = [r for r in _local_records() if r["doc"] != "corvane_2025"]
    assert [row_fact(r).record() for r in _read_parts(out / FACTS_DIR)] == expected
    import pyarrow.parquet as pq

    warnings = pq.read_table(out / WARNINGS_FILE).to_pylist()
    assert {Path(w["path"]).name for w in warnings} == {"corvane_2025.txt", "broken.txt"}


def test_stale_parts_of_a_longer_run_are_removed(client: Any, tmp_path: Path) -> None:
    out = tmp_path / "pq"
    list(extract_dask(INPUTS, client, out_dir=out, partition_size=1))
    many = len(list((out / FACTS_DIR).glob("*.parquet")))
    list(extract_dask(INPUTS, client, out_dir=out, partition_size=4))
    assert 1 < len(list((out / FACTS_DIR).glob("*.parquet"))) < many
    assert [row_fact(r).record() for r in _read_parts(out / FACTS_DIR)] == _local_records()


def test_partition_function_needs_no_cluster() -> None:
    _need("pandas")
    _need("pyarrow")
    path = INPUTS[1] / "corvane_2026.txt"
    batch = [("corvane_2026", str(path), path.read_bytes()), ("bad", "bad.txt", b"\x00\x01\x02")]
    frame = partition_to_frame(batch)
    local = [f for d in extract_paths([path]) for f in d.facts]
    assert list(frame["text"]) == [f.text for f in local]
    assert str(frame["value"].dtype) == "float64" and str(frame["start"].dtype) == "int64"
    assert frame.loc[frame["type"] == "date", "date"].notna().all()
    records = extract_partition(batch)
    assert [p.path for p in records.problems] == ["bad.txt"]


def test_without_the_extra_the_engine_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    result = runner.invoke(app, ["extract", str(INPUTS[1]), "--engine", "dask"])
    assert result.exit_code == 2
    assert "pip install 'laborfacts[dask]'" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_dask_output_options_are_checked(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(INPUTS[1]), "--engine", "dask", "-f", "parquet"])
    assert result.exit_code == 2 and "--out-dir" in result.output
    db = str(tmp_path / "facts.db")
    result = runner.invoke(app, ["extract", str(INPUTS[1]), "--engine", "dask", "--db", db])
    assert result.exit_code == 2 and "local engine" in result.output
    result = runner.invoke(app, ["diff", "--engine", "dask", "--db", db, "-o", "x"])
    assert result.exit_code == 2 and "local engine" in result.output
    result = runner.invoke(app, ["diff", str(INPUTS[1]), "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2 and "--engine dask" in result.output
    result = runner.invoke(app, ["diff", "--engine", "dask", str(INPUTS[1])])
    assert result.exit_code == 2 and "-o DIR" in result.output


def test_a_rules_folder_reaches_the_pipeline_of_every_task(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import laborfacts.engines.partition as partition
    from laborfacts.pipeline import get_nlp

    asked: list[str | None] = []

    def recorded(rules: str | None = None) -> Any:
        asked.append(rules)
        return get_nlp(rules)

    monkeypatch.setattr(partition, "get_nlp", recorded)
    rules = tmp_path / "rules"
    rules.mkdir()  # no file of its own: the package's rules, merged over nothing
    path = INPUTS[1] / "corvane_2026.txt"
    batch = [("corvane_2026", str(path), path.read_bytes())]
    job = Job(rules=job_rules(rules))
    assert job.rules == str(rules.resolve())
    outcome = run_partition(0, [Input(0, "corvane_2026", str(path))], job)
    assert asked == [str(rules.resolve())]
    assert outcome.documents == extract_partition(batch).documents
    assert asked == [str(rules.resolve())]  # without rules, the process-wide pipeline


def test_workers_build_the_pipeline_of_the_rules_folder(client: Any, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()

    def builds() -> int:
        from laborfacts.pipeline import get_nlp

        return get_nlp.cache_info().misses

    before = client.run(builds)
    outcomes = list(extract_dask(INPUTS, client, partition_size=1, rules=rules))
    records = [f.record() for o in outcomes for d in o.documents for f in d.facts]
    assert records == _local_records()
    after = client.run(builds)
    # One more pipeline on every worker that ran a task, never one per task.
    assert {after[w] - before[w] for w in after} <= {0, 1}
    assert sum(after.values()) > sum(before.values())
