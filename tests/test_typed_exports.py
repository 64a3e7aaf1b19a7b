"""Typed exports: CSV and Parquet rows of ``laborfacts.tabular`` load into
pandas with one type per column; JSONL stays in the SPEC record form."""

from __future__ import annotations

import io
import json
import math
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from laborfacts.api import extract_paths
from laborfacts.cli import app
from laborfacts.export import arrow_schema, read_csv
from laborfacts.models import FACT_FIELDS
from laborfacts.tabular import ROW_COLUMNS, fact_row
from store_articles import write_articles

runner = CliRunner()


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    write_articles(tmp_path / "articles")
    return tmp_path / "articles"


def _extract(*args: str) -> str:
    result = runner.invoke(app, ["extract", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _records(folder: Path) -> list[dict]:
    return [json.loads(line) for line in _extract(str(folder), "-f", "jsonl").splitlines()]


def _check_types(frame: pd.DataFrame, folder: Path) -> None:
    assert list(frame.columns) == list(ROW_COLUMNS)
    for name in ("value", "low", "high", "confidence"):
        assert pd.api.types.is_float_dtype(frame[name]), (name, frame[name].dtype)
    for name in ("start", "end"):
        assert pd.api.types.is_integer_dtype(frame[name]), (name, frame[name].dtype)
    for name in ("date", "path", "subject"):
        assert frame[name].dtype == object or pd.api.types.is_string_dtype(frame[name])
    dates = frame[frame["type"] == "date"]
    assert len(dates) and dates["value"].isna().all() and dates["date"].notna().all()
    assert frame.loc[frame["type"] != "date", "date"].isna().all()
    assert set(frame["path"]) == {str(p) for p in folder.iterdir()}


def test_csv_columns_have_one_type_each(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "facts.csv"
    _extract(str(folder), "-f", "csv", "-o", str(out))
    _check_types(pd.read_csv(out), folder)


def test_parquet_has_the_schema_of_the_rows(folder: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "facts.parquet"
    _extract(str(folder), "-f", "parquet", "-o", str(out))
    assert pq.read_schema(out).remove_metadata() == arrow_schema()
    frame = pd.read_parquet(out)
    _check_types(frame, folder)
    assert len(frame) == len(_records(folder))


def test_out_dir_with_parquet_writes_one_facts_parquet(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _extract(str(folder), "-f", "parquet", "--out-dir", str(out), "-q")
    names = sorted(p.name for p in out.iterdir())
    assert names == ["calder_april.json", "calder_march.json", "facts.parquet", "pools.json"]
    _check_types(pd.read_parquet(out / "facts.parquet"), folder)


def test_jsonl_read_by_pandas_gives_spec_records(folder: Path) -> None:
    text = _extract(str(folder), "-f", "jsonl")
    frame = pd.read_json(io.StringIO(text), lines=True, dtype=False, convert_dates=False)
    assert list(frame.columns) == list(FACT_FIELDS)
    rows = [
        {k: None if isinstance(v, float) and math.isnan(v) else v for k, v in r.items()}
        for r in frame.to_dict("records")
    ]
    assert rows == [json.loads(line) for line in text.splitlines()]
    assert any(r["type"] == "date" and isinstance(r["value"], str) for r in rows)


def test_laborfacts_reads_its_typed_csv_back_as_spec_records(folder: Path) -> None:
    text = _extract(str(folder), "-f", "csv")
    back = [f.record() for f in read_csv(io.StringIO(text, newline=""))]
    assert back == _records(folder)


def test_old_csv_with_a_date_in_value_still_reads(folder: Path) -> None:
    old = (
        "doc,type,metric,value,low,high,qualifier,direction,unit,per,item,subject,time,"
        "attribution,text,start,end,sentence,confidence,rule\r\n"
        'a,date,,2026-04-16,,,exact,level,date,,,,,,"April 16",3,11,"On April 16.",0.9,\r\n'
    )
    (fact,) = read_csv(io.StringIO(old, newline=""))
    assert fact.value == "2026-04-16"


def test_parquet_needs_a_file_and_pyarrow(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert runner.invoke(app, ["extract", str(folder), "-f", "parquet"]).exit_code == 2
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import fails as if not installed
    out = tmp_path / "facts.parquet"
    result = runner.invoke(app, ["extract", str(folder), "-f", "parquet", "-o", str(out)])
    assert result.exit_code == 2
    assert "pip install 'laborfacts[parquet]'" in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == [folder]


def test_the_one_csv_writer_writes_every_table_of_the_project(folder: Path) -> None:
    # The claim and pair tables of diff, written by write_rows, are the bytes
    # their own writers give: any command can write its CSV through it.
    from laborfacts.diff import CLAIM_FIELDS, claim_rows, diff_paths, write_diff_csv
    from laborfacts.export import csv_text, write_rows
    from laborfacts.pairs import PAIR_FIELDS, pair_rows, write_pairs_csv

    result = diff_paths([folder])
    for fields, rows, own in (
        (CLAIM_FIELDS, claim_rows, write_diff_csv),
        (PAIR_FIELDS, pair_rows, write_pairs_csv),
    ):
        mine, theirs = io.StringIO(), io.StringIO()
        n = write_rows(mine, fields, rows(result), quote_text=False)
        assert n == own(result, theirs) and n > 0
        assert mine.getvalue() == theirs.getvalue()
    # Facts: every text cell quoted, numbers bare, a formula neutralised.
    facts = [f for d in extract_paths([folder]) for f in d.facts]
    buf = io.StringIO()
    rows = [fact_row(f, "a.txt") | {"text": "=1+1"} for f in facts[:1]]
    write_rows(buf, list(ROW_COLUMNS), rows)
    line = buf.getvalue().split("\r\n")[1]
    assert '"\'=1+1"' in line and ',"a.txt"' in line
    assert csv_text(facts).count("\r\n") == len(facts) + 1
