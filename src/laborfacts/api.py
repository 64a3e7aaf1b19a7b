"""The library entry points: text or files in, records out. Nothing here prints."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from spacy.language import Language
from spacy.tokens import Doc

from laborfacts.models import Document, Fact
from laborfacts.pipeline import get_nlp, run_components
from laborfacts.pipeline.extensions import text_of
from laborfacts.reading import (
    MAX_BYTES,
    STDIN,
    Decoded,
    Source,
    UnreadableInput,
    discover,
    piece_chars_default,
    read_source,
)

# Each piece of a long text is processed with up to this much of the text
# before and after it (cut at a paragraph, line or sentence boundary), so a
# fact near a cut keeps its hedge, unit and sentence; a fact belongs to the
# piece its start falls in, so none is found twice.
OVERLAP_CHARS = 2_000
_BOUNDARIES = (
    re.compile(r"\n[^\S\n]*\n"),
    re.compile(r"\n"),
    re.compile(r"[.!?][\"')\]\u201d\u2019]*\s+"),
    re.compile(r"\s+"),
)


@dataclass(frozen=True)
class Problem:
    """An input that was skipped (``skipped``) or read with a caveat."""

    path: str
    reason: str
    skipped: bool = True

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def _keep(fact: Fact, types: Iterable[str] | None) -> bool:
    return types is None or fact.type in set(types)


def document_from_doc(
    doc: Doc,
    doc_id: str,
    *,
    path: str | None = None,
    encoding: str = "utf-8",
    warnings: list[str] | None = None,
    types: Iterable[str] | None = None,
) -> Document:
    """Turn a processed Doc into a Document record with its facts."""
    text = text_of(doc)
    facts = []
    type_set = set(types) if types is not None else None
    for fact in doc._.lf_facts or []:
        if type_set is not None and fact.type not in type_set:
            continue
        if fact.doc != doc_id:
            fact.doc = doc_id
        facts.append(fact)
    return Document(
        id=doc_id,
        path=path,
        title=doc._.lf_title,
        published=doc._.lf_published,
        sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        chars=len(text),
        words=len(text.split()),
        encoding=encoding,
        facts=facts,
        warnings=list(warnings or []),
    )


def extract_document(
    text: str,
    doc_id: str = "text",
    *,
    path: str | None = None,
    published: str | None = None,
    types: Iterable[str] | None = None,
    nlp: Language | None = None,
) -> Document:
    """Extract one text. ``published`` (ISO date) overrides the date found in the text."""
    nlp = nlp or get_nlp()
    doc = run_components(nlp, text, published=published, doc_id=doc_id)
    return document_from_doc(doc, doc_id, path=path, types=types)


def extract_text(
    text: str,
    doc_id: str = "text",
    *,
    published: str | None = None,
    types: Iterable[str] | None = None,
    nlp: Language | None = None,
) -> list[Fact]:
    """The facts of one text, in order of their position."""
    return extract_document(text, doc_id, published=published, types=types, nlp=nlp).facts


@dataclass
class _Pending:
    """A document being assembled from the pieces of one input."""

    source: Source
    encoding: str
    warnings: list[str]
    published: str | None = None  # the caller's date, over the byline's
    base: Document | None = None
    facts: list[Fact] = field(default_factory=list)
    chars: int = 0
    words: int = 0
    sha: Any = field(default_factory=hashlib.sha256)
    pieces: int = 0
    dropped: int = 0
    failed: str | None = None
    sent: bool = False  # facts already handed out as Parts


@dataclass
class _Piece:
    """A window of text around one piece: facts starting in ``[lo, hi)`` of
    ``text`` are the piece's; ``start`` is the offset of ``text`` in the document."""

    pending: _Pending
    start: int
    text: str
    lo: int = 0
    hi: int = -1

    @property
    def core(self) -> str:
        return self.text[self.lo : self.hi if self.hi >= 0 else len(self.text)]


@dataclass(frozen=True)
class Part:
    """Facts of a long document, handed out as its pieces are done (see
    ``extract_stream``); the Document that follows has the rest."""

    doc_id: str
    path: str | None
    facts: list[Fact]


def _before(text: str, limit: int) -> str:
    """The end of ``text`` (at most ``limit`` characters) that starts at a
    boundary: after the first paragraph break, line break, sentence end or space."""
    if limit <= 0 or not text:
        return ""
    tail = text[-limit:]
    if len(tail) == len(text):
        return tail
    for boundary in _BOUNDARIES:
        m = boundary.search(tail)
        if m is not None:
            return tail[m.end() :]
    return tail


def _after(text: str, limit: int) -> str:
    """The start of ``text`` (at most ``limit`` characters) that ends at a boundary."""
    if limit <= 0 or not text:
        return ""
    head = text[:limit]
    if len(head) == len(text):
        return head
    for boundary in _BOUNDARIES:
        last = None
        for last in boundary.finditer(head):  # noqa: B007 - only the last match is wanted
            pass
        if last is not None and last.start() > 0:
            return head[: last.start()]
    return head


def _windows(
    pending: _Pending, pieces: Iterator[tuple[int, str]], overlap: int
) -> Iterator[_Piece]:
    """Each piece with some text of its neighbours (one piece of look-ahead)."""
    previous = ""
    current = next(pieces, None)
    while current is not None:
        following = next(pieces, None)
        start, core = current
        back = _before(previous, overlap)
        ahead = _after(following[1], overlap) if following is not None else ""
        text = back + core + ahead if back or ahead else core
        yield _Piece(pending, start - len(back), text, len(back), len(back) + len(core))
        previous, current = core, following


def extract_paths(
    paths: Iterable[str | Path | Source],
    *,
    types: Iterable[str] | None = None,
    nlp: Language | None = None,
    problems: list[Problem] | None = None,
    read_stdin: Callable[[], bytes] | None = None,
    batch_size: int = 32,
    stdin: IO[bytes] | None = None,
    max_bytes: int = MAX_BYTES,
    piece_chars: int | None = None,
    published: str | None = None,
    encoding: str | None = None,
    skip: Callable[[Source], bool] | None = None,
) -> Iterator[Document]:
    """Stream Documents for files, folders and ``-`` (stdin), in input order.

    ``published`` (ISO date) stands for every input's publication date, over
    the one found in its byline; ``encoding`` (a Python codec name) decodes
    every input instead of detection; an input for which ``skip(source)`` is
    true is not read nor extracted (the store's unchanged articles).

    An input that cannot be read, or on which extraction fails, is never
    fatal: it is appended to ``problems`` (when given) and the batch goes on.
    Warnings (e.g. a cp1252 fallback) are appended as problems with
    ``skipped=False``. Files above ``max_bytes`` are streamed in pieces cut at
    paragraph boundaries; every text longer than ``piece_chars`` (or
    ``nlp.max_length``) is processed in such pieces too. Offsets always refer
    to the whole text.
    Memory is bounded by ``batch_size`` documents and about one piece of text,
    plus the facts of the document being assembled (``extract_stream`` hands
    those out as they come).
    """
    held: list[Fact] = []
    for item in extract_stream(
        paths,
        types=types,
        nlp=nlp,
        problems=problems,
        read_stdin=read_stdin,
        batch_size=batch_size,
        stdin=stdin,
        max_bytes=max_bytes,
        piece_chars=piece_chars,
        published=published,
        encoding=encoding,
        skip=skip,
        parts=False,
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
    *,
    types: Iterable[str] | None = None,
    nlp: Language | None = None,
    problems: list[Problem] | None = None,
    read_stdin: Callable[[], bytes] | None = None,
    batch_size: int = 32,
    stdin: IO[bytes] | None = None,
    max_bytes: int = MAX_BYTES,
    piece_chars: int | None = None,
    published: str | None = None,
    encoding: str | None = None,
    skip: Callable[[Source], bool] | None = None,
    parts: bool = True,
) -> Iterator[Part | Document]:
    """``extract_paths``, with the facts of a long document handed out as its
    pieces are done: each document comes as zero or more ``Part`` records,
    then the ``Document`` with the facts not yet handed out. Memory stays flat
    in the size of a document (a writer can write each part at once).

    If a piece fails after parts were handed out, the document still ends
    (with the facts found) and the failure is a skipped problem.
    """
    nlp = nlp or get_nlp()
    sink: list[Problem] = problems if problems is not None else []
    found: list[tuple[str, str]] = []
    if piece_chars is None:
        piece_chars = piece_chars_default()
    piece_chars = max(1, min(piece_chars, int(nlp.max_length)))
    if stdin is None and read_stdin is not None:
        stdin = io.BufferedReader(_LazyBytes(read_stdin))

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
                    max_bytes=max_bytes,
                    piece_chars=piece_chars,
                    encoding=encoding,
                )
            except UnreadableInput as exc:
                sink.append(Problem(source.name, str(exc)))
                continue
            yield source, read
        report_found()

    yield from extract_decoded(
        decoded(),
        types=types,
        nlp=nlp,
        problems=sink,
        batch_size=batch_size,
        piece_chars=piece_chars,
        published=published,
        parts=parts,
    )


def extract_decoded(
    inputs: Iterable[tuple[Source, Decoded]],
    *,
    types: Iterable[str] | None = None,
    nlp: Language | None = None,
    problems: list[Problem] | None = None,
    batch_size: int = 32,
    piece_chars: int | None = None,
    published: str | None = None,
    parts: bool = False,
) -> Iterator[Part | Document]:
    """Documents for inputs already decoded (see ``reading.decode``), in input order.

    What ``extract_paths`` does once a file is read, for inputs read by any
    other means (bytes fetched from object storage, a partition of a cluster
    job): pieces batched through the pipeline, problems and warnings appended
    to ``problems``. ``published`` is as for ``extract_paths``; with ``parts``,
    the facts of a long document come as ``Part`` records first, as
    ``extract_stream`` hands them out (without, only Documents come).
    """
    nlp = nlp or get_nlp()
    sink: list[Problem] = problems if problems is not None else []
    type_list = list(types) if types is not None else None
    if piece_chars is None:
        piece_chars = piece_chars_default()
    piece_chars = max(1, min(piece_chars, int(nlp.max_length)))
    overlap = max(0, min(OVERLAP_CHARS, (int(nlp.max_length) - piece_chars) // 2))

    def items() -> Iterator[_Piece | _Pending]:
        for source, decoded in inputs:
            sink.extend(Problem(source.name, w, skipped=False) for w in decoded.warnings)
            pending = _Pending(source, decoded.encoding, list(decoded.warnings), published)
            try:
                for piece in _windows(pending, decoded.pieces(), overlap):
                    if pending.failed:
                        break
                    yield piece
            except UnreadableInput as exc:
                pending.failed = str(exc)
            # The end marker: every piece of this input comes before it.
            yield pending

    batch: list[_Piece | _Pending] = []
    batch_chars = batch_pieces = 0
    for item in items():
        # A later piece waits for the first one, whose publication date it inherits.
        if (
            isinstance(item, _Piece)
            and (item.start > 0 or item.lo > 0)
            and item.pending.base is None
        ):
            yield from _run_batch(nlp, batch, type_list, sink, parts)
            batch, batch_chars, batch_pieces = [], 0, 0
        batch.append(item)
        if isinstance(item, _Piece):
            batch_chars += len(item.text)
            batch_pieces += 1
            # Bounded by characters too, so a batch never holds many large texts.
            if batch_chars >= piece_chars or batch_pieces >= batch_size:
                yield from _run_batch(nlp, batch, type_list, sink, parts)
                batch, batch_chars, batch_pieces = [], 0, 0
    yield from _run_batch(nlp, batch, type_list, sink, parts)


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


def _make_doc(nlp: Language, piece: _Piece) -> Doc:
    doc = nlp.make_doc(piece.text)
    doc._.lf_doc_id = piece.pending.source.doc_id
    base = piece.pending.base
    if base is not None:
        doc._.lf_published = base.published
    elif piece.pending.published is not None:
        doc._.lf_published = piece.pending.published
    return doc


def _run_batch(
    nlp: Language,
    batch: list[_Piece | _Pending],
    types: list[str] | None,
    sink: list[Problem],
    parts: bool = False,
) -> Iterator[Part | Document]:
    """Process the pieces of a batch, then yield the documents it completes, in
    order; with ``parts``, the facts found so far of a document still open."""
    pieces = [b for b in batch if isinstance(b, _Piece) and not b.pending.failed]
    results: list[Doc | Exception] = []
    try:
        results = list(nlp.pipe((_make_doc(nlp, p) for p in pieces), batch_size=len(pieces) or 1))
    except Exception:
        # One bad text spoils the batch: redo each alone to find it.
        results = []
        for p in pieces:
            try:
                results.extend(nlp.pipe([_make_doc(nlp, p)]))
            except Exception as exc:
                results.append(exc)
    done = dict(zip((id(p) for p in pieces), results, strict=True))
    ended = {id(item) for item in batch if isinstance(item, _Pending)}
    for item in batch:
        if isinstance(item, _Piece):
            if id(item) in done:
                _add_piece(item, done[id(item)], types)
            continue
        pending = item
        name = pending.source.name
        if pending.failed and pending.sent and pending.base is not None:
            sink.append(Problem(name, f"{pending.failed}; the facts after it are missing"))
        elif pending.failed or pending.base is None:
            sink.append(Problem(name, pending.failed or "no text"))
            continue
        if pending.dropped:
            warning = f"{pending.dropped} fact(s) dropped: text does not match their offsets"
            pending.warnings.append(warning)
            sink.append(Problem(name, warning, skipped=False))
        document = pending.base
        if pending.pieces > 1:
            document = document.model_copy(
                update={
                    "sha256": pending.sha.hexdigest(),
                    "chars": pending.chars,
                    "words": pending.words,
                    "facts": pending.facts,
                    "warnings": pending.warnings,
                }
            )
        else:
            document = document.model_copy(
                update={"facts": pending.facts, "warnings": pending.warnings}
            )
        yield document
    # The last document of the batch may go on in the next one: hand out its facts.
    last = next((b for b in reversed(batch) if isinstance(b, _Piece)), None)
    if parts and last is not None and id(last.pending) not in ended:
        pending = last.pending
        if pending.facts and not pending.failed and pending.base is not None:
            source = pending.source
            path = None if source.path == STDIN else source.name
            yield Part(source.doc_id, path, pending.facts)
            pending.facts = []
            pending.sent = True


def _add_piece(piece: _Piece, result: Doc | Exception, types: list[str] | None) -> None:
    pending = piece.pending
    if pending.failed:
        return
    if isinstance(result, Exception):
        where = f" (in the piece at character {piece.start})" if piece.start else ""
        message = " ".join(str(result).split())[:200]
        pending.failed = f"extraction failed{where}: {type(result).__name__}: {message}"
        return
    source = pending.source
    try:
        document = document_from_doc(
            result,
            source.doc_id,
            path=None if source.path == STDIN else source.name,
            encoding=pending.encoding,
            warnings=pending.warnings,
            types=types,
        )
    except Exception as exc:
        pending.failed = f"extraction failed: {type(exc).__name__}: {exc}"
        return
    text = piece.text
    lo, hi = piece.lo, piece.hi if piece.hi >= 0 else len(text)
    for fact in document.facts:
        if not lo <= fact.start < hi:
            continue  # in the text around the piece: its neighbour's fact
        if text[fact.start : fact.end] != fact.text:
            pending.dropped += 1
        elif piece.start:
            shift = {"start": fact.start + piece.start, "end": fact.end + piece.start}
            pending.facts.append(fact.model_copy(update=shift))
        else:
            pending.facts.append(fact)
    if pending.base is None:
        pending.base = document.model_copy(update={"facts": []})
    core = piece.core
    pending.pieces += 1
    pending.chars += len(core)
    pending.words += document.words if len(core) == len(text) else len(core.split())
    pending.sha.update(core.encode("utf-8", "surrogatepass"))
