"""What ``report`` reads: articles (extracted), extraction output, and their texts."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from laborfacts.models import Document, Fact
from laborfacts.reading import (
    ARTICLE_SUFFIXES,
    RECORD_SUFFIXES,
    STDIN,
    Source,
    UnreadableInput,
    decode,
    discover,
    read_source,
)
from laborfacts.report.highlight import text_problem
from laborfacts.report.page import build_report

if TYPE_CHECKING:
    from laborfacts.api import Problem

# Extraction output report reads (the record files of ``reading.discover``).
EXTRACTION_SUFFIXES = RECORD_SUFFIXES
_FACT_KEYS = frozenset(Fact.model_fields)


class ReportError(ValueError):
    """Nothing to report on (no input could be read)."""


@dataclass
class ReportInputs:
    """Documents to report on, the texts found for them, and what went wrong."""

    documents: list[Document] = field(default_factory=list)
    texts: dict[str, str | None] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _problem(path: str, reason: str, skipped: bool = True) -> Problem:
    from laborfacts.api import Problem

    return Problem(path, reason, skipped)


def _read_text(path: str, near: Path | None = None) -> str | None:
    """The decoded text of an article (as extraction decodes it), or None."""
    candidates = [Path(path)]
    if near is not None and not Path(path).is_absolute():
        candidates.append(near / path)
    for p in candidates:
        if not p.is_file():
            continue
        try:
            decoded = read_source(Source(str(p), p.stem))
            return "".join(piece for _, piece in decoded.pieces())
        except UnreadableInput:
            return None
    return None


def _extraction_output(source: Source) -> list[Document]:
    """The documents of one output of ``extract`` (JSON, JSONL or CSV, read as
    every command reads them); ValueError if unusable."""
    from laborfacts.inputs import read_records

    try:
        docs = read_records(source)
    except UnreadableInput as exc:
        raise ValueError(str(exc)) from None
    # A record file names no article: its documents get the file's name, no path.
    return [d.model_copy(update={"path": None}) if d.path == source.name else d for d in docs]


def load_report_inputs(
    paths: Iterable[str | Path],
    *,
    articles: Path | None = None,
    jobs: int = 1,
    stdin: IO[bytes] | None = None,
) -> ReportInputs:
    """Documents and texts from articles, folders, ``-`` and extraction output.

    Inputs are found by ``reading.discover`` (with extract's outputs), as
    every command finds them. ``.json`` (``extract --format json`` or
    ``--out-dir``), ``.jsonl`` (``extract --format jsonl``) and ``.csv``
    (``extract --format csv``) files are read as extraction output; the text
    of each of their documents is read from its ``path`` (as given, or
    relative to the file that names it), else from ``articles/<id>.*`` when
    ``articles`` is given. Other files are articles, extracted with
    ``extract_paths``. A document id met twice keeps its first document.
    Inputs that cannot be used are problems, never exceptions.
    """
    from laborfacts.api import Problem

    loader = _Loader(articles, jobs, stdin)
    found: list[tuple[str, str]] = []
    repeated: list[str] = []

    def note() -> None:
        loader.out.problems.extend(Problem(p, reason) for p, reason in found)
        loader.out.problems.extend(
            Problem(p, "given twice; read once", skipped=False) for p in repeated
        )
        found.clear()
        repeated.clear()

    for source in discover(paths, found, records=True, repeated=repeated):
        note()
        loader.add(source)
    note()
    loader.extract()
    return loader.out


class _Loader:
    """Documents and texts of ``load_report_inputs``, source by source.

    Articles wait in a batch (extracted together, in parallel with ``jobs``)
    until extraction output or stdin comes, so documents keep input order.
    """

    def __init__(self, articles: Path | None, jobs: int, stdin: IO[bytes] | None) -> None:
        self.articles = articles
        self.jobs = jobs
        self.stdin = stdin
        self.out = ReportInputs()
        self.seen: set[str] = set()
        self.batch: list[Source] = []

    def keep(self, doc: Document, where: str, text: str | None) -> None:
        if doc.id in self.seen:
            self.out.problems.append(
                _problem(where, f"document {doc.id!r} given twice; first one kept", skipped=False)
            )
            return
        self.seen.add(doc.id)
        self.out.documents.append(doc)
        self.out.texts[doc.id] = text

    def add(self, source: Source) -> None:
        if source.path == STDIN:
            self.extract()
            self.read_stdin()
        elif source.kind == "records":
            self.extract()
            self.read_output(source)
        else:
            self.batch.append(source)

    def extract(self) -> None:
        """Extract the articles waiting in the batch."""
        from laborfacts.api import extract_paths
        from laborfacts.parallel import extract_paths_parallel

        batch, self.batch = self.batch, []
        if not batch:
            return
        if self.jobs == 1:
            extracted = extract_paths(batch, problems=self.out.problems)
        else:
            extracted = extract_paths_parallel(batch, jobs=self.jobs, problems=self.out.problems)
        for doc in extracted:
            self.keep(doc, doc.path or doc.id, _read_text(doc.path) if doc.path else None)

    def read_stdin(self) -> None:
        from laborfacts.api import extract_paths

        if self.stdin is None:
            self.out.problems.append(_problem("<stdin>", "no standard input"))
            return
        data = self.stdin.read()
        try:
            text = decode(data)[0]
        except UnreadableInput as exc:
            self.out.problems.append(_problem("<stdin>", str(exc)))
            return
        for doc in extract_paths([STDIN], problems=self.out.problems, stdin=io.BytesIO(data)):
            self.keep(doc, "<stdin>", text)

    def read_output(self, source: Source) -> None:
        try:
            docs = _extraction_output(source)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            # ValueError covers JSON syntax and pydantic's ValidationError.
            reason = exc.strerror if isinstance(exc, OSError) else str(exc).splitlines()[0]
            self.out.problems.append(
                _problem(source.name, f"not usable extraction output: {reason}")
            )
            return
        near = Path(source.path).parent
        for doc in docs:
            text = _read_text(doc.path, near) if doc.path else None
            self.keep(doc, source.name, text if text is not None else self.by_id(doc.id))

    def by_id(self, doc_id: str) -> str | None:
        """The text of ``articles/<id>.*``, when an articles folder is given."""
        if self.articles is None:
            return None
        for suffix in sorted(ARTICLE_SUFFIXES):
            text = _read_text(str(self.articles / (doc_id + suffix)))
            if text is not None:
                return text
        return None


@dataclass
class Report:
    """A built page, with what went into it and what went wrong."""

    html: str
    documents: list[Document]
    problems: list[Problem]
    # document id -> why its text is not shown (see ``text_problem``)
    without_text: dict[str, str]


def report_paths(
    paths: Iterable[str | Path],
    *,
    articles: Path | None = None,
    title: str = "laborfacts report",
    jobs: int = 1,
    stdin: IO[bytes] | None = None,
) -> Report:
    """Read inputs (``load_report_inputs``) and build their page (``build_report``).

    Raises ReportError, with the problems met, when no document could be read.
    """
    inputs = load_report_inputs(paths, articles=articles, jobs=jobs, stdin=stdin)
    if not inputs.documents:
        raise ReportError(
            "no document could be read; nothing to report"
            + "".join(f"\n  {p}" for p in inputs.problems)
        )
    without = {}
    for doc in inputs.documents:
        problem = text_problem(doc, inputs.texts.get(doc.id))
        if problem is not None:
            without[doc.id] = problem
    page = build_report(inputs.documents, inputs.texts, title=title)
    return Report(page, inputs.documents, inputs.problems, without)
