"""``diff`` meets claims on their resolved entity: the same facility named in
one article and called "the warehouse" in another is one frame."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from laborfacts.cli import app

runner = CliRunner()

NAMED = (
    "Inside the Kestrel Point warehouse\n\n"
    "May 2, 2026\n\n"
    "The Kestrel Point Fulfillment Center outside Reno employs about 1,200 workers, "
    "the company said on Thursday.\n"
)
DESCRIBED = (
    "County filings show a busy season in Reno\n\n"
    "May 9, 2026\n\n"
    "Kestrel Point Fulfillment Center opened in 2019 on the edge of town. "
    "Today the warehouse employs 1,187 workers, according to county filings.\n"
)
OTHER_EMPLOYER = (
    "A second site\n\nMay 10, 2026\n\nLarchmont Parcel employs 400 workers at its Reno depot.\n"
)


def _frames(tmp_path: Path, *texts: str) -> dict[str, dict]:
    paths = []
    for i, text in enumerate(texts):
        path = tmp_path / f"a{i}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    result = runner.invoke(app, ["diff", *paths, "--format", "json"])
    assert result.exit_code == 0, result.output
    return {f["frame"]: f for f in json.loads(result.stdout)["frames"]}


def test_a_facility_by_name_and_as_the_warehouse_is_one_frame(tmp_path: Path) -> None:
    frames = _frames(tmp_path, NAMED, DESCRIBED)
    frame = frames["workforce/headcount · Kestrel Point Fulfillment Center · count worker"]
    assert frame["status"] == "agree"  # about 1,200 and 1,187
    assert sorted(c["doc"] for c in frame["claims"]) == ["a0", "a1"]


def test_another_employer_stays_apart(tmp_path: Path) -> None:
    frames = _frames(tmp_path, NAMED, OTHER_EMPLOYER)
    workforce = [f for f in frames.values() if f["frame"].startswith("workforce/")]
    assert len(workforce) == 2 and all(f["status"] == "only" for f in workforce)


def test_the_reference_is_reported_as_such(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_text(DESCRIBED, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--format", "jsonl"])
    facts = [json.loads(line) for line in result.stdout.splitlines()]
    workforce = next(f for f in facts if f["type"] == "workforce")
    assert workforce["subject"] == "Kestrel Point Fulfillment Center"
    assert workforce["context"]["subject"] == "reference"


SMALLER = (
    "Kestrel Point cuts staff\n\n"
    "May 12, 2026\n\n"
    "Kestrel Point Fulfillment Center now employs 600 workers after the layoffs.\n"
)


def test_every_pair_has_its_own_status_and_reason(tmp_path: Path) -> None:
    frames = _frames(tmp_path, NAMED, DESCRIBED, SMALLER)
    frame = frames["workforce/headcount · Kestrel Point Fulfillment Center · count worker"]
    assert frame["status"] == "conflict"  # the worst over its claims
    pairs = {(p["a"]["doc"], p["b"]["doc"]): p for p in frame["pairs"]}
    assert {k: p["status"] for k, p in pairs.items()} == {
        ("a0", "a1"): "agree",
        ("a0", "a2"): "conflict",
        ("a1", "a2"): "conflict",
    }
    assert "overlap" in pairs[("a0", "a1")]["reason"]
    assert "disjoint" in pairs[("a0", "a2")]["reason"]


def test_pairs_as_csv_rows(tmp_path: Path) -> None:
    paths = []
    for i, text in enumerate((NAMED, DESCRIBED, SMALLER)):
        path = tmp_path / f"a{i}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    result = runner.invoke(app, ["diff", *paths, "--pairs", "--format", "csv"])
    assert result.exit_code == 0, result.output
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    workforce = [r for r in rows if r["frame"].startswith("workforce/")]
    assert sorted(r["status"] for r in workforce) == ["agree", "conflict", "conflict"]
    assert {r["text_a"] for r in workforce} == {"about 1,200", "1,187"}
    table = runner.invoke(app, ["diff", *paths, "--pairs", "--format", "table"])
    assert table.exit_code == 0 and "pairs: 1 agree" in table.stdout
