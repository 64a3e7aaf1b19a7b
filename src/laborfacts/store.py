"""An SQLite store of documents and their facts, written with sqlite-utils.

Two tables: ``documents`` (one row per article, its metadata, the settings it
was extracted with) and ``facts`` (the typed rows of ``laborfacts.tabular``,
``fact_id`` ``<doc>:<n>``, ``doc`` a foreign key to ``documents.id``), with
indexes on type, metric, subject and time and full-text search on
``sentence`` and ``text``.

Updates are incremental: an article whose decoded text (its SHA-256) and
settings are those stored is not extracted again (``Store.unchanged``, given
to ``extract_paths`` as ``skip``); a changed one has its document row and all
its facts replaced in one transaction, so an interrupted run (a signal, a
crash, SIGKILL) leaves every document with exactly the facts of one
extraction. ``Store.diff`` compares the stored claims one frame group at a
time, streamed from SQL in frame order.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from itertools import groupby
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

from laborfacts.diff import (
    DEFAULT_TOLERANCE,
    NOT_CLAIMS,
    Claim,
    DiffError,
    DiffResult,
    FrameDiff,
    Status,
    claim_of,
    finish_diff,
    frames_of,
)
from laborfacts.export import atomic_writer
from laborfacts.models import Document
from laborfacts.pipeline.subjects import last_name_map, resolve_document, subject_key, subjects
from laborfacts.reading import MAX_BYTES, PIECE_CHARS, STDIN, Source, UnreadableInput, read_source
from laborfacts.tabular import ROW_COLUMNS, fact_row, row_fact

if TYPE_CHECKING:
    import sqlite_utils
    import sqlite_utils.db

METADATA_NAME = "metadata.json"
_TYPES: dict[str, type] = {"str": str, "float": float, "int": int}
# Columns of ``documents``: the Document record's (less its facts), then the run's.
DOCUMENT_COLUMNS: dict[str, type] = {
    **{
        name: int if field.annotation is int else str
        for name, field in Document.model_fields.items()
        if name != "facts"
    },
    "extracted_at": str,
    "laborfacts_version": str,
    "settings": str,
}
FACT_COLUMNS: dict[str, type] = {
    "fact_id": str,
    "n": int,
    **{name: _TYPES[kind] for name, kind in ROW_COLUMNS.items()},
}
INDEXED = ("type", "metric", "subject", "time")
SEARCHED = ("sentence", "text")
_FACETS = ["type", "metric", "subject"]


class _Connection(sqlite3.Connection):
    """A connection whose ``with conn:`` blocks can be held in one outer transaction.

    sqlite-utils wraps each write in ``with conn:``, which commits on exit;
    inside ``Store.transaction`` those exits leave the commit (or the
    rollback) to the outer block, so a document is written whole or not at all.
    """

    held = 0

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> Literal[False]:
        if self.held:
            return False
        super().__exit__(exc_type, exc, tb)
        return False


class StoreError(ValueError):
    """The database cannot be opened as a store (not SQLite, a folder, unreadable)."""


@dataclass
class StoreStats:
    """What one update did: documents written (new or changed), their facts, unchanged ones."""

    documents: int = 0
    facts: int = 0
    unchanged: int = 0


class Store:
    """The store at ``path``; created (or, with ``rebuild``, emptied) on opening.

    ``types``, ``published`` and ``encoding`` are the settings of the run that
    writes: a stored document extracted with other settings counts as changed.
    ``max_bytes`` and ``piece_chars`` must be those given to ``extract_paths``,
    so an input is decoded here as it is there.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        rebuild: bool = False,
        types: Iterable[str] | None = None,
        published: str | None = None,
        encoding: str | None = None,
        max_bytes: int = MAX_BYTES,
        piece_chars: int = PIECE_CHARS,
    ) -> None:
        self.path = Path(path)
        if rebuild:
            for suffix in ("", "-journal", "-wal", "-shm"):
                try:
                    os.unlink(f"{self.path}{suffix}")
                except FileNotFoundError:
                    pass
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db: sqlite_utils.Database | None = None
        try:
            self.conn = sqlite3.connect(self.path, factory=_Connection)
            self._create()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is not a usable SQLite database ({exc})") from None
        self.settings = json.dumps(
            {
                "types": sorted(types) if types is not None else None,
                "published": published,
                "encoding": encoding,
            },
            sort_keys=True,
        )
        self.encoding = encoding
        self.max_bytes = max_bytes
        self.piece_chars = piece_chars
        self.stats = StoreStats()
        self._version = version("laborfacts")

    # --- schema ------------------------------------------------------------------

    @property
    def db(self) -> sqlite_utils.Database:
        """The sqlite-utils view of the connection, made when something is written.

        sqlite-utils takes a second to import (it imports pandas when it can),
        which a run that reads, or finds every article unchanged, never pays.
        """
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    def table(self, name: str) -> sqlite_utils.db.Table:
        # Database.table may return a view; these two are always tables.
        from sqlite_utils.db import Table

        return Table(self.db, name)

    def _create(self) -> None:
        # Plain SQL to look: sqlite-utils is needed only to create or alter.
        tables = {r[0] for r in self.conn.execute("select name from sqlite_master")}
        if "documents" not in tables:
            self.table("documents").create(DOCUMENT_COLUMNS, pk="id")
        if "facts" not in tables:
            facts = self.table("facts")
            facts.create(
                FACT_COLUMNS,
                pk="fact_id",
                foreign_keys=[("doc", "documents", "id")],
            )
            facts.create_index(["doc", "n"], if_not_exists=True)
            for column in INDEXED:
                facts.create_index([column], if_not_exists=True)
            facts.enable_fts(list(SEARCHED), create_triggers=True)
            return
        # Fields added to the record since the store was made become columns.
        have = {r[1] for r in self.conn.execute("pragma table_info(facts)")}
        for name, kind in FACT_COLUMNS.items():
            if name not in have:
                self.table("facts").add_column(name, kind)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction around everything inside, sqlite-utils' writes included."""
        self.conn.held += 1
        try:
            yield
        except BaseException:
            self.conn.held -= 1
            self.conn.rollback()
            raise
        self.conn.held -= 1
        self.conn.commit()

    # --- writing -----------------------------------------------------------------

    def unchanged(self, source: Source) -> bool:
        """Is ``source`` stored with the same text and settings? (Then it need not be read again.)

        Decodes the input to hash it, as extraction would; an input that cannot
        be read counts as changed, so extraction reports it.
        """
        if source.path == STDIN:
            return False
        row = self.conn.execute(
            "select sha256, settings from documents where id = ?", [source.doc_id]
        ).fetchone()
        if row is None or row[1] != self.settings:
            return False
        sha = hashlib.sha256()
        try:
            decoded = read_source(
                source,
                max_bytes=self.max_bytes,
                piece_chars=self.piece_chars,
                encoding=self.encoding,
            )
            for _, text in decoded.pieces():
                sha.update(text.encode("utf-8", "surrogatepass"))
        except UnreadableInput:
            return False
        if sha.hexdigest() != row[0]:
            return False
        self.stats.unchanged += 1
        return True

    def _document_row(self, document: Document) -> dict[str, Any]:
        row = document.model_dump(mode="json", exclude={"facts"})
        row["warnings"] = json.dumps(row["warnings"], ensure_ascii=False)
        row["extracted_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        row["laborfacts_version"] = self._version
        row["settings"] = self.settings
        return row

    def write(self, document: Document) -> None:
        """Store one document and its facts, replacing what was stored under its id."""
        rows = [
            {"fact_id": f"{document.id}:{n}", "n": n, **fact_row(fact, document.path)}
            for n, fact in enumerate(document.facts, 1)
        ]
        try:
            with self.transaction():
                self.conn.execute("delete from facts where doc = ?", [document.id])
                # upsert keeps the row (and its rowid, the order of documents) of a changed one
                self.table("documents").upsert(self._document_row(document), pk="id")
                if rows:
                    self.table("facts").insert_all(rows, pk="fact_id", alter=True)
        except sqlite3.OperationalError as exc:
            # a full disk, a locked or read-only file: a failed write, like any other
            raise OSError(0, str(exc), str(self.path)) from exc
        self.stats.documents += 1
        self.stats.facts += len(rows)

    def update(self, documents: Iterable[Document]) -> StoreStats:
        """Write every document (each in its own transaction); returns the stats so far."""
        for document in documents:
            self.write(document)
        return self.stats

    def close(self) -> None:
        """Write ``metadata.json`` beside the database for Datasette, and close it."""
        write_metadata(self.path)
        self.conn.close()

    # --- reading -----------------------------------------------------------------

    def documents(self) -> list[Document]:
        """Stored documents in the order they were first stored, without their facts."""
        names = [n for n in DOCUMENT_COLUMNS if n in Document.model_fields]
        cur = self.conn.execute(f"select {', '.join(names)} from documents order by rowid")
        out = []
        for values in cur:
            data = dict(zip(names, values, strict=True))
            data["warnings"] = json.loads(data["warnings"] or "[]")
            out.append(Document.model_validate(data))
        return out

    def counts(self) -> dict[str, int]:
        """Rows per table: documents and facts."""
        return {t: self.table(t).count for t in ("documents", "facts")}

    def _resolve_subjects(self, types: set[str] | None) -> set[str]:
        """Fill ``temp.claim_subjects`` with every fact's normalized subject and its key.

        The same steps as ``resolve_corpus``: each document's subjects in
        order (anaphors resolved), then one last-name map over all names.
        Returns the set of names.
        """
        lex = subjects()
        conn = self.conn
        conn.execute("drop table if exists temp.claim_subjects")
        conn.execute("drop table if exists temp.subject_names")
        conn.execute(
            "create temp table claim_subjects (fact_id text primary key, name text, skey text)"
        )
        conn.execute(
            "create temp table subject_names (name text primary key, final text, skey text)"
        )
        where, params = _type_filter(types)
        cur = conn.execute(
            "select f.doc, f.fact_id, f.subject from facts f join documents d on d.id = f.doc"
            f" {where} order by d.rowid, f.n",
            params,
        )
        found: set[str] = set()
        # A second cursor writes while the first streams: temp tables only.
        writer = conn.cursor()
        for _, group in groupby(cur, key=lambda r: r[0]):
            rows = list(group)
            names = resolve_document([r[2] for r in rows], lex)
            writer.executemany(
                "insert into temp.claim_subjects (fact_id, name) values (?, ?)",
                [(r[1], name) for r, name in zip(rows, names, strict=True)],
            )
            found.update(n for n in names if n is not None)
        last = last_name_map(found, lex)
        finals = {n: n if " " in n else last.get(n.casefold(), n) for n in found}
        writer.executemany(
            "insert into temp.subject_names values (?, ?, ?)",
            [(n, final, subject_key(final)) for n, final in finals.items()],
        )
        writer.execute(
            "update temp.claim_subjects set (name, skey) = "
            "(select final, skey from temp.subject_names s where s.name = claim_subjects.name) "
            "where name is not null"
        )
        conn.commit()
        return set(finals.values())

    def claim_groups(
        self, tolerance: float = DEFAULT_TOLERANCE, types: Iterable[str] | None = None
    ) -> Iterator[list[Claim]]:
        """Claims one base frame key at a time (type, subject, per, unit, direction).

        Rows come from SQL ordered by that key, then by document and position,
        so only one group is held at a time. Call ``prepare_claims`` first.
        """
        type_set = {str(t) for t in types} if types is not None else None
        where, params = _type_filter(type_set, extra="f.type not in (?, ?)")
        params += sorted(NOT_CLAIMS)
        cur = self.conn.execute(
            "select f.*, d.published as _published, c.name as _name, c.skey as _skey "
            "from facts f join documents d on d.id = f.doc "
            "join temp.claim_subjects c on c.fact_id = f.fact_id "
            f"{where} order by f.type, c.skey, f.per, f.unit, f.direction, d.rowid, f.n",
            params,
        )
        names = [d[0] for d in cur.description]
        rows = (dict(zip(names, values, strict=True)) for values in cur)

        def key(row: dict[str, Any]) -> tuple[Any, ...]:
            return (row["type"], row["_skey"], row["per"], row["unit"], row["direction"])

        for _, group in groupby(rows, key=key):
            claims = []
            for row in group:
                fact = row_fact(row, trusted=True)
                claim = claim_of(fact.doc, fact, row["_name"], row["_published"], tolerance)
                if claim is not None:
                    claims.append(claim)
            if claims:
                yield claims

    def prepare_claims(self, types: Iterable[str] | None = None) -> set[str]:
        """Resolve the subjects of the stored facts (of ``types``); returns their names."""
        return self._resolve_subjects({str(t) for t in types} if types is not None else None)

    def diff(
        self,
        *,
        tolerance: float = DEFAULT_TOLERANCE,
        types: Iterable[str] | None = None,
        subject: str | None = None,
        statuses: Iterable[Status | str] | None = None,
    ) -> DiffResult:
        """``diff_documents`` over the stored documents, a frame group at a time.

        Raises DiffError when the store holds fewer than two documents.
        """
        if tolerance < 0:
            raise DiffError("tolerance must not be negative")
        documents = self.documents()
        if len(documents) < 2:
            raise DiffError(
                f"a diff needs at least two documents; {self.path} holds {len(documents)}"
            )
        type_list = [str(t) for t in types] if types is not None else None
        names = self.prepare_claims(type_list)
        frames: list[FrameDiff] = []
        for claims in self.claim_groups(tolerance, type_list):
            frames.extend(frames_of(claims))
        return finish_diff(documents, frames, names, tolerance, subject, statuses)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.conn.close()


def _type_filter(types: set[str] | None, extra: str | None = None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if types is not None:
        clauses.append(f"f.type in ({', '.join('?' * len(types))})")
        params += sorted(types)
    if extra:
        clauses.append(extra)
    return ("where " + " and ".join(clauses)) if clauses else "", params


def datasette_metadata(db_path: Path, existing: dict[str, Any] | None = None) -> dict[str, Any]:
    """Datasette metadata for the store: facets, labels, descriptions.

    Keys already in ``existing`` (someone's edits) win over these.
    """
    ours: dict[str, Any] = {
        "facts": {
            "title": "Facts",
            "description": "Labor facts extracted from the articles, one row per fact.",
            "facets": list(_FACETS),
            "label_column": "text",
            "sort": "fact_id",
        },
        "documents": {
            "title": "Articles",
            "description": "The articles, with their publication date and SHA-256.",
            "label_column": "title",
        },
    }
    data = dict(existing or {})
    data.setdefault("title", "laborfacts")
    databases = data.setdefault("databases", {})
    entry = databases.setdefault(db_path.stem, {})
    tables = entry.setdefault("tables", {})
    for name, table in ours.items():
        tables[name] = {**table, **tables.get(name, {})}
    return data


def write_metadata(db_path: Path) -> Path:
    """Write (or update) ``metadata.json`` beside ``db_path``, atomically."""
    target = db_path.parent / METADATA_NAME
    existing: dict[str, Any] | None = None
    try:
        loaded = json.loads(target.read_text(encoding="utf-8"))
        existing = loaded if isinstance(loaded, dict) else None
    except (OSError, ValueError):
        existing = None
    with atomic_writer(target) as fh:
        json.dump(datasette_metadata(db_path, existing), fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    return target


def diff_store(
    path: str | Path,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    types: Iterable[str] | None = None,
    subject: str | None = None,
    statuses: Iterable[Status | str] | None = None,
) -> DiffResult:
    """``Store.diff`` of the database at ``path``; DiffError if it is missing or not a store."""
    if not Path(path).is_file():
        raise DiffError(f"no such database: {path}")
    try:
        with sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True) as probe:
            tables = {r[0] for r in probe.execute("select name from sqlite_master")}
        probe.close()
    except sqlite3.DatabaseError as exc:
        raise DiffError(f"{path} is not an SQLite database ({exc})") from None
    if not {"documents", "facts"} <= tables:
        raise DiffError(f"{path} is not a laborfacts store (no documents and facts tables)")
    with Store(path) as store:
        return store.diff(tolerance=tolerance, types=types, subject=subject, statuses=statuses)
