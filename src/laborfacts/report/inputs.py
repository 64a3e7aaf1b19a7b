"""What ``report`` reads: articles (extracted), extraction output, and their texts."""

from __future__ import annotations

import io
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from pydantic import ValidationError

from laborfacts.models import Document, Fact
from laborfacts.reading import ARTICLE_SUFFIXES, STDIN, Source, UnreadableInput, decode, read_source
from laborfacts.report.highlight import text_problem
from laborfacts.report.page import build_report

if TYPE_CHECKING:
    from laborfacts.api import Problem

EXTRACTION_SUFFIXES = frozenset({".json", ".jsonl"})
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


def _documents_from_jsonl(path: Path) -> list[Document]:
    """Documents rebuilt from fact records (``extract --format jsonl``, or gold files):
    facts grouped by ``doc``; keys that are not record fields are ignored."""
    by_doc: dict[str, list[Fact]] = defaultdict(list)
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"line {n}: not JSON: {exc.msg}") from None
            if not isinstance(data, dict):
                raise ValueError(f"line {n}: not a JSON object")
            try:
                fact = Fact.model_validate({k: v for k, v in data.items() if k in _FACT_KEYS})
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"]) or "record"
                raise ValueError(f"line {n}: not a fact record: {where}: {first['msg']}") from None
            by_doc[fact.doc].append(fact)
    # A fact record holds no document metadata: no path, hash or date.
    return [
        Document(id=doc, sha256="", chars=0, words=0, facts=facts) for doc, facts in by_doc.items()
    ]


def _extraction_output(path: Path) -> list[Document]:
    if path.suffix.lower() == ".jsonl":
        return _documents_from_jsonl(path)
    from laborfacts.inputs import documents_from_json

    return documents_from_json(json.loads(path.read_text(encoding="utf-8")))


def _expand(path: Path) -> list[Path]:
    if not path.is_dir():
        return [path]
    wanted = ARTICLE_SUFFIXES | EXTRACTION_SUFFIXES
    return sorted(
        p
        for p in path.rglob("*")
        if p.suffix.lower() in wanted and p.is_file() and not p.name.startswith(".")
    )


def load_report_inputs(
    paths: Iterable[str | Path],
    *,
    articles: Path | None = None,
    jobs: int = 1,
    stdin: IO[bytes] | None = None,
) -> ReportInputs:
    """Documents and texts from articles, folders, ``-`` and extraction output.

    ``.json`` (``extract --format json`` or ``--out-dir``) and ``.jsonl``
    (``extract --format jsonl``) files are read as extraction output; the text
    of each of their documents is read from its ``path`` (as given, or
    relative to the file that names it), else from ``articles/<id>.*`` when
    ``articles`` is given. Other files are articles, extracted with
    ``extract_paths``. A document id met twice keeps its first document.
    Inputs that cannot be used are problems, never exceptions.
    """
    from laborfacts.api import extract_paths
    from laborfacts.parallel import extract_paths_parallel

    out = ReportInputs()
    seen: set[str] = set()
    stdin_text: str | None = None

    def keep(doc: Document, where: str, text: str | None) -> None:
        if doc.id in seen:
            out.problems.append(
                _problem(where, f"document {doc.id!r} given twice; first one kept", skipped=False)
            )
            return
        seen.add(doc.id)
        out.documents.append(doc)
        out.texts[doc.id] = text

    def by_id(doc_id: str) -> str | None:
        if articles is None:
            return None
        for suffix in sorted(ARTICLE_SUFFIXES):
            text = _read_text(str(articles / (doc_id + suffix)))
            if text is not None:
                return text
        return None

    for raw in paths:
        if str(raw) == STDIN:
            if stdin is None:
                out.problems.append(_problem("<stdin>", "no standard input"))
                continue
            data = stdin.read()
            try:
                stdin_text = decode(data)[0]
            except UnreadableInput as exc:
                out.problems.append(_problem("<stdin>", str(exc)))
                continue
            for doc in extract_paths([STDIN], problems=out.problems, stdin=io.BytesIO(data)):
                keep(doc, "<stdin>", stdin_text)
            continue
        path = Path(raw)
        if not path.exists():
            out.problems.append(_problem(str(raw), "no such file or folder"))
            continue
        files = _expand(path)
        if not files:
            out.problems.append(_problem(str(raw), "folder holds no articles or extraction output"))
        texts_of: list[Path] = []
        for f in files:
            if f.suffix.lower() not in EXTRACTION_SUFFIXES:
                texts_of.append(f)
                continue
            try:
                docs = _extraction_output(f)
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                # ValueError covers JSON syntax and pydantic's ValidationError.
                reason = exc.strerror if isinstance(exc, OSError) else str(exc).splitlines()[0]
                out.problems.append(_problem(str(f), f"not usable extraction output: {reason}"))
                continue
            for doc in docs:
                text = _read_text(doc.path, f.parent) if doc.path else None
                keep(doc, str(f), text if text is not None else by_id(doc.id))
        if texts_of:
            # A folder goes to extraction whole, so its articles get the ids
            # ``reading.discover`` gives them (paths relative to the folder).
            targets = [path] if path.is_dir() else texts_of
            if jobs == 1:
                extracted = extract_paths(targets, problems=out.problems)
            else:
                extracted = extract_paths_parallel(targets, jobs=jobs, problems=out.problems)
            for doc in extracted:
                keep(doc, doc.path or doc.id, _read_text(doc.path) if doc.path else None)
    return out


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
