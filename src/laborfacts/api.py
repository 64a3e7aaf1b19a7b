"""The library entry points: text or files in, records out. Nothing here prints.

``extract_paths`` (and ``extract_stream``, which hands out the facts of a long
document as they come) is the one place that decides how a run goes: in this
process, or on ``jobs`` worker processes (``laborfacts.parallel``), with the
same documents in the same order either way. Its settings are one
``ExtractOptions``; each of its fields may also be given by name.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from spacy.language import Language

from laborfacts.models import Document, Fact
from laborfacts.options import ExtractOptions
from laborfacts.pieces import document_from_doc, extract_decoded, piece_limit
from laborfacts.pipeline import run_components
from laborfacts.reading import Decoded, Source, UnreadableInput, discover, read_source
from laborfacts.results import Part, Problem

__all__ = [
    "ExtractOptions",
    "Part",
    "Problem",
    "document_from_doc",
    "extract_decoded",
    "extract_document",
    "extract_paths",
    "extract_stream",
    "extract_text",
]


def extract_document(
    text: str,
    doc_id: str = "text",
    *,
    path: str | None = None,
    published: str | None = None,
    types: Iterable[str] | None = None,
    nlp: Language | None = None,
    rules: str | Path | None = None,
) -> Document:
    """Extract one text. ``published`` (ISO date) overrides the date found in
    the text; ``rules`` is a folder of rule files merged over the package's."""
    if nlp is None:
        nlp = ExtractOptions(rules=str(rules) if rules is not None else None).nlp()
    doc = run_components(nlp, text, published=published, doc_id=doc_id)
    return document_from_doc(doc, doc_id, path=path, types=types)


def extract_text(
    text: str,
    doc_id: str = "text",
    *,
    published: str | None = None,
    types: Iterable[str] | None = None,
    nlp: Language | None = None,
    rules: str | Path | None = None,
) -> list[Fact]:
    """The facts of one text, in order of their position."""
    document = extract_document(
        text, doc_id, published=published, types=types, nlp=nlp, rules=rules
    )
    return document.facts


def extract_paths(
    paths: Iterable[str | Path | Source],
    options: ExtractOptions | None = None,
    *,
    jobs: int = 1,
    problems: list[Problem] | None = None,
    stdin: IO[bytes] | None = None,
    read_stdin: Callable[[], bytes] | None = None,
    skip: Callable[[Source], bool] | None = None,
    nlp: Language | None = None,
    **settings: Any,
) -> Iterator[Document]:
    """Stream Documents for files, folders and ``-`` (stdin), in input order.

    ``options`` (with ``settings``, fields of ``ExtractOptions`` by name:
    ``types``, ``published``, ``encoding``, ``max_bytes``, ``piece_chars``,
    ``batch_size``, ``rules``) say how; ``jobs`` worker processes do the work
    (0 = one per CPU; 1 = this process, with ``nlp`` if given). An input for
    which ``skip(source)`` is true is not read nor extracted (the store's
    unchanged articles).

    An input that cannot be read, or on which extraction fails, is never
    fatal: it is appended to ``problems`` (when given) and the batch goes on.
    Warnings (e.g. a cp1252 fallback) are appended as problems with
    ``skipped=False``. Files above ``max_bytes`` are streamed in pieces cut at
    paragraph boundaries; every text longer than ``piece_chars`` (or
    ``nlp.max_length``) is processed in such pieces too. Offsets always refer
    to the whole text. Memory is bounded by ``batch_size`` documents and about
    one piece of text, plus the facts of the document being assembled
    (``extract_stream`` hands those out as they come).
    """
    held: list[Fact] = []
    for item in extract_stream(
        paths,
        options,
        jobs=jobs,
        problems=problems,
        stdin=stdin,
        read_stdin=read_stdin,
        skip=skip,
        nlp=nlp,
        parts=False,
        **settings,
    ):
        if isinstance(item, Part):
            held.extend(item.facts)
            continue
        if held:
            item = item.model_copy(update={"facts": held + item.facts})
            held = []
        yield item


def extract_stream(
    paths: Iterable[str | Path | Source],
    options: ExtractOptions | None = None,
    *,
    jobs: int = 1,
    problems: list[Problem] | None = None,
    stdin: IO[bytes] | None = None,
    read_stdin: Callable[[], bytes] | None = None,
    skip: Callable[[Source], bool] | None = None,
    nlp: Language | None = None,
    parts: bool = True,
    **settings: Any,
) -> Iterator[Part | Document]:
    """``extract_paths``, with the facts of a long document handed out as its
    pieces are done: each document comes as zero or more ``Part`` records,
    then the ``Document`` with the facts not yet handed out. Memory stays flat
    in the size of a document (a writer can write each part at once).

    If a piece fails after parts were handed out, the document still ends
    (with the facts found) and the failure is a skipped problem.
    """
    opts = ExtractOptions.make(options, **settings)
    if stdin is None and read_stdin is not None:
        stdin = io.BufferedReader(_LazyBytes(read_stdin))
    if jobs < 0:
        raise ValueError("jobs must be 0 (one per CPU) or more")
    if jobs != 1:
        from laborfacts import parallel

        workers = jobs or parallel.available_cpus()
        if workers > 1:
            yield from parallel.extract_on_workers(
                paths, opts, workers=workers, problems=problems, stdin=stdin, skip=skip, parts=parts
            )
            return
    yield from extract_here(
        paths, opts, problems=problems, stdin=stdin, skip=skip, nlp=nlp, parts=parts
    )


def extract_here(
    paths: Iterable[str | Path | Source],
    options: ExtractOptions,
    *,
    problems: list[Problem] | None = None,
    stdin: IO[bytes] | None = None,
    skip: Callable[[Source], bool] | None = None,
    nlp: Language | None = None,
    parts: bool = True,
) -> Iterator[Part | Document]:
    """``extract_stream`` in this process (what each worker process runs)."""
    nlp = nlp or options.nlp()
    sink: list[Problem] = problems if problems is not None else []
    piece_chars = piece_limit(nlp, options.piece_chars)
    found: list[tuple[str, str]] = []

    def report_found() -> None:
        sink.extend(Problem(p, reason) for p, reason in found)
        found.clear()

    def decoded() -> Iterator[tuple[Source, Decoded]]:
        for source in discover(paths, found):
            report_found()
            if skip is not None and skip(source):
                continue
            try:
                read = read_source(
                    source,
                    stdin=stdin,
                    max_bytes=options.max_bytes,
                    piece_chars=piece_chars,
                    encoding=options.encoding,
                )
            except UnreadableInput as exc:
                sink.append(Problem(source.name, str(exc)))
                continue
            yield source, read
        report_found()

    yield from extract_decoded(
        decoded(), options, nlp=nlp, problems=sink, parts=parts, piece_chars=piece_chars
    )


class _LazyBytes(io.RawIOBase):
    """stdin given as a callable returning bytes, read only if ``-`` is among the inputs."""

    def __init__(self, read: Callable[[], bytes]) -> None:
        self._read = read
        self._buf: io.BytesIO | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        if self._buf is None:
            self._buf = io.BytesIO(self._read())
        return self._buf.readinto(b)
