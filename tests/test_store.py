"""The SQLite store: ``extract --db``, incremental updates, its schema, and
``diff --db``; the interrupted runs are in test_store_signals.py."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from typer.testing import CliRunner

from laborfacts.api import extract_paths
from laborfacts.cli import app
from laborfacts.store import FACT_COLUMNS, Store
from laborfacts.tabular import ROW_COLUMNS
from store_articles import ARTICLES, write_articles

runner = CliRunner()


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    write_articles(tmp_path / "articles")
    return tmp_path / "articles"


def _extract(folder: Path, db: Path, *more: str) -> str:
    result = runner.invoke(app, ["extract", str(folder), "--db", str(db), *more])
    assert result.exit_code == 0, result.output
    return result.stderr


def _facts(db: Path) -> list[dict]:
    return list(sqlite_utils.Database(db).query("select * from facts order by fact_id"))


def test_extract_db_stores_every_document_and_fact(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "facts.db"
    summary = _extract(folder, db)
    assert "extracted 3 documents" in summary and "unchanged" not in summary
    store = sqlite_utils.Database(db)
    docs = {r["id"]: r for r in store.query("select * from documents")}
    assert set(docs) == {"calder_march", "calder_april", "pools"}
    march = docs["calder_march"]
    assert march["published"] == "2026-03-03"
    assert march["title"] == "Calder Freight drivers weigh a union"
    assert json.loads(march["warnings"]) == []
    assert march["laborfacts_version"] and march["extracted_at"]
    expected = {d.id: d for d in extract_paths([folder])}
    assert store["facts"].count == sum(len(d.facts) for d in expected.values())
    for doc_id, doc in expected.items():
        assert docs[doc_id]["sha256"] == doc.sha256
        rows = list(store.query("select * from facts where doc = ? order by n", [doc_id]))
        assert [r["fact_id"] for r in rows] == [f"{doc_id}:{n}" for n in range(1, len(rows) + 1)]
        assert [r["text"] for r in rows] == [f.text for f in doc.facts]


def test_columns_have_their_types_keys_indexes_and_search(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "facts.db"
    _extract(folder, db)
    store = sqlite_utils.Database(db)
    facts = store["facts"]
    assert isinstance(facts, sqlite_utils.db.Table)
    assert set(FACT_COLUMNS) == set(facts.columns_dict)
    assert set(ROW_COLUMNS) < set(facts.columns_dict)
    sql_types = {c.name: c.type for c in facts.columns}
    assert {sql_types[n] for n in ("value", "low", "high", "confidence")} == {"FLOAT"}
    assert {sql_types[n] for n in ("start", "end", "n")} == {"INTEGER"}
    assert facts.pks == ["fact_id"]
    assert [(k.column, k.other_table, k.other_column) for k in facts.foreign_keys] == [
        ("doc", "documents", "id")
    ]
    indexed = {tuple(i.columns) for i in facts.indexes}
    assert {("type",), ("metric",), ("subject",), ("time",)} <= indexed
    # a date fact's ISO string in `date`, its value null; numbers are REAL
    dates = list(store.query("select value, date from facts where type = 'date'"))
    assert dates and all(r["value"] is None and r["date"] for r in dates)
    kinds = {r[0] for r in store.execute("select typeof(value) from facts where type != 'date'")}
    assert kinds <= {"real", "null"} and "real" in kinds
    # full-text search on the sentence
    hits = list(facts.search("pay sheet"))
    assert hits and all("pay sheet" in h["sentence"] for h in hits)
    assert {h["doc"] for h in facts.search("filing")} == {"calder_april"}


def test_a_second_run_extracts_nothing(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "facts.db"
    _extract(folder, db)
    before = _facts(db)
    stamps = list(sqlite_utils.Database(db).query("select id, extracted_at from documents"))
    with Store(db) as store:
        stats = store.update(extract_paths([folder], skip=store.unchanged))
    assert (stats.documents, stats.facts, stats.unchanged) == (0, 0, 3)
    summary = _extract(folder, db)
    assert "extracted 0 documents, 0 facts; 3 unchanged" in summary
    assert _facts(db) == before
    after = list(sqlite_utils.Database(db).query("select id, extracted_at from documents"))
    assert after == stamps


def test_editing_one_article_replaces_only_its_facts(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "facts.db"
    _extract(folder, db)
    before = _facts(db)
    text = ARTICLES["calder_april.txt"].replace("$22.40 an hour", "$23.10 an hour")
    (folder / "calder_april.txt").write_text(text, encoding="utf-8")
    summary = _extract(folder, db)
    assert "extracted 1 document," in summary and "2 unchanged" in summary
    after = _facts(db)
    assert [r for r in after if r["doc"] != "calder_april"] == [
        r for r in before if r["doc"] != "calder_april"
    ]
    wages = [r["value"] for r in after if r["doc"] == "calder_april" and r["type"] == "wage"]
    assert wages == [23.1]
    # the store holds what a fresh extraction of the edited article gives
    fresh = next(extract_paths([folder / "calder_april.txt"]))
    assert [r["text"] for r in after if r["doc"] == "calder_april"] == [f.text for f in fresh.facts]
    order = [r["id"] for r in sqlite_utils.Database(db).query("select id from documents")]
    assert order == ["calder_april", "calder_march", "pools"]  # a changed one keeps its place


def test_other_settings_count_as_a_change(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "facts.db"
    _extract(folder, db)
    summary = _extract(folder, db, "--type", "wage")
    assert "extracted 3 documents" in summary
    assert {r["type"] for r in _facts(db)} == {"wage"}


def test_rebuild_starts_over(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "facts.db"
    _extract(folder, db)
    (folder / "pools.md").unlink()
    assert "2 unchanged" in _extract(folder, db)
    assert sqlite_utils.Database(db)["documents"].count == 3  # kept: incremental
    summary = _extract(folder, db, "--rebuild")
    assert "extracted 2 documents" in summary and "unchanged" not in summary
    assert {r["doc"] for r in _facts(db)} == {"calder_march", "calder_april"}


def test_metadata_json_beside_the_database(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "out" / "labor.db"
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "metadata.json").write_text(
        json.dumps({"title": "My facts", "license": "CC-BY"}), encoding="utf-8"
    )
    _extract(folder, db)
    meta = json.loads((tmp_path / "out" / "metadata.json").read_text(encoding="utf-8"))
    assert meta["title"] == "My facts" and meta["license"] == "CC-BY"  # edits kept
    tables = meta["databases"]["labor"]["tables"]
    assert tables["facts"]["facets"] == ["type", "metric", "subject"]
    assert tables["documents"]["label_column"] == "title"


def test_db_excludes_other_outputs(folder: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["extract", str(folder), "--db", str(tmp_path / "x.db"), "-o", "x.jsonl"]
    )
    assert result.exit_code == 2
    assert runner.invoke(app, ["extract", str(folder), "--rebuild"]).exit_code == 2


def _diff_json(args: list[str]) -> dict:
    result = runner.invoke(app, ["diff", *args, "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    "options",
    [[], ["--type", "wage"], ["--subject", "Calder Freight"], ["--status", "agree"]],
    ids=["all", "type", "subject", "status"],
)
def test_diff_db_equals_diff_of_the_articles(
    folder: Path, tmp_path: Path, options: list[str]
) -> None:
    db = tmp_path / "facts.db"
    paths = [str(p) for p in sorted(folder.iterdir())]
    _extract(folder, db, "--rebuild")
    # the store holds them in the order discovery found them: the same sorted order
    from_db = _diff_json(["--db", str(db), *options])
    from_files = _diff_json([*paths, *options])
    assert from_db == from_files
    assert from_db["frames"]


def test_diff_db_finds_agreement_and_conflict(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "facts.db"
    _extract(folder, db)
    frames = {f["frame"]: f["status"] for f in _diff_json(["--db", str(db)])["frames"]}
    assert frames["wage/hourly_wage · Calder Freight drivers · USD/hour"] == "conflict"
    assert frames["turnover_rate/annual_turnover · Calder Freight · percent"] == "agree"


def test_diff_db_errors(folder: Path, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["diff", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "no such database" in missing.stderr
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("create table t (x)").connection.close()
    assert runner.invoke(app, ["diff", "--db", str(other)]).exit_code == 2
    assert runner.invoke(app, ["diff", "--db", str(other), str(folder)]).exit_code == 2
    one = tmp_path / "one.db"
    _extract(folder / "pools.md", one)
    assert runner.invoke(app, ["diff", "--db", str(one)]).exit_code == 2


def test_a_failed_write_leaves_the_document_as_it_was(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "facts.db"
    _extract(folder, db)
    before = _facts(db)
    edited = next(extract_paths([folder / "calder_april.txt"]))
    edited = edited.model_copy(update={"facts": edited.facts[:2], "sha256": "0" * 64})

    def fail(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # after the old facts were deleted and the row updated

    monkeypatch.setattr(sqlite_utils.db.Table, "insert_all", fail)
    with Store(db) as store, pytest.raises(KeyboardInterrupt):
        store.write(edited)
    assert _facts(db) == before
    sha = sqlite_utils.Database(db).execute(
        "select sha256 from documents where id = 'calder_april'"
    )
    assert sha.fetchone()[0] != "0" * 64


def test_a_db_that_is_no_database_is_a_usage_error(folder: Path, tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("these are notes, not a database\n" * 40, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(folder), "--db", str(text)])
    assert result.exit_code == 2 and "not a usable SQLite database" in result.stderr
    assert text.read_text(encoding="utf-8").startswith("these are notes")
    result = runner.invoke(app, ["extract", str(folder), "--db", str(tmp_path)])
    assert result.exit_code == 2 and "is a folder" in result.stderr


def test_parallel_runs_skip_unchanged_articles_too(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "facts.db"
    _extract(folder, db, "--jobs", "2")
    assert "3 unchanged" in _extract(folder, db, "--jobs", "2")
    (folder / "pools.md").write_text(ARTICLES["pools.md"] + "\nSome 30 lifeguards work there.\n")
    summary = _extract(folder, db, "--jobs", "2")
    assert "extracted 1 document," in summary and "2 unchanged" in summary
    assert any("lifeguards" in r["sentence"] for r in _facts(db) if r["doc"] == "pools")
