"""The stored facts as claims of the diff, streamed from SQL one frame group at a time.

``resolve_subjects`` normalizes every stored subject into a temporary table
(the steps of ``resolve_corpus``); ``claim_groups`` then reads the claims
ordered by their base frame key, so only one group is held at a time.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import Any

from laborfacts.diff import DEFAULT_TOLERANCE, NOT_CLAIMS, Claim, claim_of
from laborfacts.pipeline.subjects import last_name_map, resolve_document, subject_key, subjects
from laborfacts.tabular import row_fact


def resolve_subjects(conn: sqlite3.Connection, types: set[str] | None) -> set[str]:
    """Fill ``temp.claim_subjects`` with every fact's normalized subject and its key.

    The same steps as ``resolve_corpus``: each document's subjects in
    order (anaphors resolved), then one last-name map over all names.
    Returns the set of names.
    """
    lex = subjects()
    conn.execute("drop table if exists temp.claim_subjects")
    conn.execute("drop table if exists temp.subject_names")
    conn.execute(
        "create temp table claim_subjects (fact_id text primary key, name text, skey text)"
    )
    conn.execute("create temp table subject_names (name text primary key, final text, skey text)")
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
    conn: sqlite3.Connection,
    tolerance: float = DEFAULT_TOLERANCE,
    types: Iterable[str] | None = None,
) -> Iterator[list[Claim]]:
    """Claims one base frame key at a time (type, subject, per, unit, direction).

    Rows come from SQL ordered by that key, then by document and position,
    so only one group is held at a time. Call ``resolve_subjects`` first.
    """
    type_set = {str(t) for t in types} if types is not None else None
    where, params = _type_filter(type_set, extra="f.type not in (?, ?)")
    params += sorted(NOT_CLAIMS)
    cur = conn.execute(
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


def _type_filter(types: set[str] | None, extra: str | None = None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if types is not None:
        clauses.append(f"f.type in ({', '.join('?' * len(types))})")
        params += sorted(types)
    if extra:
        clauses.append(extra)
    return ("where " + " and ".join(clauses)) if clauses else "", params
