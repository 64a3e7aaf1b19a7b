"""``laborfacts summary``: how many facts of each type, in each document.

Inputs are articles (extracted first), extraction output (``.json`` from
``extract --format json`` or ``--out-dir``) or fact files (``.jsonl``,
``.csv`` from ``extract``). Nothing here prints; ``render_summary`` draws.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from pydantic import ValidationError

from laborfacts.diff import load_documents
from laborfacts.export import read_csv
from laborfacts.models import Fact
from laborfacts.reading import Source, discover

if TYPE_CHECKING:
    from laborfacts.api import Problem

FACT_FILES = frozenset({".jsonl", ".csv"})


class SummaryError(ValueError):
    """Nothing could be summarized."""


@dataclass
class DocumentCounts:
    id: str
    published: str | None
    title: str | None
    facts: int
    types: dict[str, int]


@dataclass
class Summary:
    """Facts per type over all documents, and per document."""

    types: dict[str, int]
    documents: list[DocumentCounts]
    problems: list[Problem] = field(default_factory=list)

    @property
    def facts(self) -> int:
        return sum(self.types.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": len(self.documents),
            "facts": self.facts,
            "types": self.types,
            "per_document": [
                {
                    "id": d.id,
                    "title": d.title,
                    "published": d.published,
                    "facts": d.facts,
                    "types": d.types,
                }
                for d in self.documents
            ],
        }


def _counts(
    doc_id: str, published: str | None, title: str | None, facts: Iterable[Fact]
) -> DocumentCounts:
    types = Counter(str(f.type) for f in facts)
    return DocumentCounts(doc_id, published, title, sum(types.values()), _ordered(types))


def _ordered(counts: Counter[str]) -> dict[str, int]:
    # most facts first, then by name, so equal inputs give equal output
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _fact_file(path: Path, sink: list[Problem]) -> list[DocumentCounts] | None:
    """Per-document counts of a .jsonl or .csv of facts; None (and a problem) if unreadable."""
    from laborfacts.api import Problem

    by_doc: dict[str, Counter[str]] = {}
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            if path.suffix.lower() == ".csv":
                facts: Iterable[Fact] = read_csv(fh)
            else:
                facts = (Fact.model_validate(json.loads(line)) for line in fh if line.strip())
            for fact in facts:
                by_doc.setdefault(fact.doc, Counter())[str(fact.type)] += 1
    except OSError as exc:
        sink.append(Problem(str(path), exc.strerror or str(exc)))
        return None
    except (UnicodeDecodeError, ValueError, KeyError, ValidationError) as exc:
        reason = " ".join(str(exc).split())[:160]
        sink.append(Problem(str(path), f"not a laborfacts fact file: {reason}"))
        return None
    return [
        DocumentCounts(doc, None, None, sum(c.values()), _ordered(c)) for doc, c in by_doc.items()
    ]


def _is_fact_file(path: str) -> bool:
    return Path(path).suffix.lower() in FACT_FILES and Path(path).is_file()


def summarize_paths(
    paths: Iterable[str | Path], *, types: Iterable[str] | None = None, jobs: int = 1
) -> Summary:
    """Count facts per type and per document; inputs that cannot be used land in ``problems``.

    Raises SummaryError when no input could be read.
    """
    from laborfacts.api import Problem

    problems: list[Problem] = []
    type_set = {str(t) for t in types} if types is not None else None
    documents: list[DocumentCounts] = []
    others: list[Source] = []
    found: list[tuple[str, str]] = []
    repeated: list[str] = []
    # One discovery, as every command: fact files named on the command line
    # are counted as they are read; everything else becomes documents first.
    for source in discover(paths, found, records=True, repeated=repeated):
        if source.explicit and source.kind == "records" and _is_fact_file(source.path):
            documents.extend(_fact_file(Path(source.path), problems) or [])
        else:
            others.append(source)
    problems.extend(Problem(p, reason) for p, reason in found)
    problems.extend(Problem(p, "given twice; read once", skipped=False) for p in repeated)
    if others:
        # load_documents hands its paths to reading.discover, which keeps a Source as it is.
        sources = cast("list[str | Path]", others)
        for doc in load_documents(sources, types=type_set, problems=problems, jobs=jobs):
            documents.append(_counts(doc.id, doc.published, doc.title, doc.facts))
    if type_set is not None:
        for d in documents:
            d.types = {t: n for t, n in d.types.items() if t in type_set}
            d.facts = sum(d.types.values())
    if not documents and problems:
        raise SummaryError(
            "nothing to summarize" + "".join(f"\n  {p}" for p in problems if p.skipped)
        )
    total: Counter[str] = Counter()
    for d in documents:
        total.update(d.types)
    return Summary(_ordered(total), documents, problems)
