"""``Store``: open (or create) the database, write documents incrementally, read them
back, diff the stored claims; ``diff_store`` for a database given by its path.

An article whose decoded text (its SHA-256) and settings are those stored is
not extracted again (``Store.unchanged``); a changed one has its document row
and all its facts replaced in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from laborfacts.diff import (
    DEFAULT_TOLERANCE,
    Claim,
    DiffError,
    DiffResult,
    FrameDiff,
    Status,
    finish_diff,
    frames_of,
)
from laborfacts.models import Document
from laborfacts.reading import MAX_BYTES, PIECE_CHARS, STDIN, Source, UnreadableInput, read_source
from laborfacts.store.claims import claim_groups, resolve_subjects
from laborfacts.store.datasette import write_metadata
from laborfacts.store.schema import (
    DOCUMENT_COLUMNS,
    FACT_COLUMNS,
    INDEXED,
    SEARCHED,
    StoreError,
    StoreStats,
    _Connection,
)
from laborfacts.tabular import fact_row

if TYPE_CHECKING:
    import sqlite_utils
    import sqlite_utils.db


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

    def claim_groups(
        self, tolerance: float = DEFAULT_TOLERANCE, types: Iterable[str] | None = None
    ) -> Iterator[list[Claim]]:
        """Claims one base frame key at a time (``claims.claim_groups``).
        Call ``prepare_claims`` first."""
        return claim_groups(self.conn, tolerance, types)

    def prepare_claims(self, types: Iterable[str] | None = None) -> set[str]:
        """Resolve the subjects of the stored facts (of ``types``); returns their names."""
        type_set = {str(t) for t in types} if types is not None else None
        return resolve_subjects(self.conn, type_set)

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
