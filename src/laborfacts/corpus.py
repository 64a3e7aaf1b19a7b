"""Documents from articles, folders and extraction outputs, in input order:
what ``diff`` and ``summary`` compare or count. Records are read as they
are; articles go through ``extract_paths`` (imported only when there are any)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from laborfacts.inputs import read_records
from laborfacts.models import Document
from laborfacts.options import ExtractOptions
from laborfacts.reading import Source, UnreadableInput, discover
from laborfacts.results import Problem

if TYPE_CHECKING:
    from laborfacts.diff import DiffResult, Status


class _Gathered:
    """The documents kept so far, each id once."""

    def __init__(self, sink: list[Problem], types: set[str] | None) -> None:
        self.sink = sink
        self.types = types
        self.docs: list[Document] = []
        self.seen: set[str] = set()

    def keep(self, doc: Document, where: str) -> None:
        if doc.id in self.seen:
            # Not a failure: the same article reached twice (say, as text and as JSON).
            reason = f"document {doc.id!r} given twice; first one kept"
            self.sink.append(Problem(where, reason, skipped=False))
            return
        self.seen.add(doc.id)
        if self.types is not None:
            doc = doc.model_copy(update={"facts": [f for f in doc.facts if f.type in self.types]})
        self.docs.append(doc)

    def found(self, found: list[tuple[str, str]], repeated: list[str]) -> None:
        self.sink.extend(Problem(p, reason) for p, reason in found)
        self.sink.extend(Problem(p, "given twice; read once", skipped=False) for p in repeated)
        found.clear()
        repeated.clear()


def load_documents(
    paths: Iterable[str | Path],
    *,
    types: Iterable[str] | None = None,
    problems: list[Problem] | None = None,
    jobs: int = 1,
    on_document: Callable[[Document], None] | None = None,
    rules: str | Path | None = None,
) -> list[Document]:
    """Documents from articles, folders and extraction outputs, in input order.

    ``on_document`` is called with each article extracted (a progress bar);
    articles are extracted on ``jobs`` processes with the rules folder
    ``rules`` (merged over the package's).

    Inputs are found by ``reading.discover`` (with extract's outputs):
    ``.jsonl``, ``.json`` and ``.csv`` files (and ``--out-dir`` folders)
    are read as records (``inputs.read_records``), other files are extracted.
    A document id met twice keeps its first document. Inputs that cannot be
    used are appended to ``problems`` and skipped.
    """
    sink: list[Problem] = problems if problems is not None else []
    type_set = {str(t) for t in types} if types is not None else None
    out = _Gathered(sink, type_set)
    options = ExtractOptions(
        types=tuple(type_set) if type_set is not None else None,
        rules=str(rules) if rules is not None else None,
    )

    def extract(articles: list[Source]) -> None:
        from laborfacts.api import extract_paths

        for doc in extract_paths(articles, options, jobs=jobs, problems=sink):
            if on_document is not None:
                on_document(doc)
            out.keep(doc, doc.path or doc.id)

    found: list[tuple[str, str]] = []
    repeated: list[str] = []
    articles: list[Source] = []
    for source in discover(paths, found, records=True, repeated=repeated):
        out.found(found, repeated)
        if source.kind != "records":
            articles.append(source)
            continue
        if articles:
            extract(articles)
            articles = []
        try:
            for doc in read_records(source):
                out.keep(doc, source.name)
        except UnreadableInput as exc:
            sink.append(Problem(source.name, str(exc)))
    out.found(found, repeated)
    if articles:
        extract(articles)
    return out.docs


def diff_paths(
    paths: Iterable[str | Path],
    *,
    tolerance: float | None = None,
    types: Iterable[str] | None = None,
    subject: str | None = None,
    statuses: Iterable[Status | str] | None = None,
    jobs: int = 1,
    on_document: Callable[[Document], None] | None = None,
    rules: str | Path | None = None,
) -> DiffResult:
    """Load documents from paths and diff them; problems land on the result.

    Raises DiffError when fewer than two documents could be read.
    """
    from laborfacts.diff import DEFAULT_TOLERANCE, DiffError, diff_documents

    problems: list[Problem] = []
    type_list = list(types) if types is not None else None
    documents: Sequence[Document] = load_documents(
        paths,
        types=type_list,
        problems=problems,
        jobs=jobs,
        on_document=on_document,
        rules=rules,
    )
    if len(documents) < 2:
        raise DiffError(
            f"a diff needs at least two documents; {len(documents)} could be read", problems
        )
    result = diff_documents(
        documents,
        tolerance=DEFAULT_TOLERANCE if tolerance is None else tolerance,
        types=type_list,
        subject=subject,
        statuses=statuses,
        rules=rules,
    )
    result.problems = problems
    return result
