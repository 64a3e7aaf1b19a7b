"""Texts through the pipeline in batches, a long text in overlapping pieces.

What ``extract_paths`` does once an input is read: each text is cut into
pieces (see ``reading``), a piece is processed with some text of its
neighbours so a fact near a cut keeps its hedge, unit and sentence, and the
pieces of many inputs share batches of ``nlp.pipe``. Offsets always refer to
the whole text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from laborfacts.models import Document, Fact
from laborfacts.options import ExtractOptions
from laborfacts.pipeline.extensions import text_of
from laborfacts.reading import STDIN, Decoded, Source, UnreadableInput, piece_chars_default
from laborfacts.results import Part, Problem

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


def piece_limit(nlp: Language, piece_chars: int | None) -> int:
    """Characters per piece: as asked (else the default), at most ``nlp.max_length``."""
    if piece_chars is None:
        piece_chars = piece_chars_default()
    return max(1, min(piece_chars, int(nlp.max_length)))


def extract_decoded(
    inputs: Iterable[tuple[Source, Decoded]],
    options: ExtractOptions | None = None,
    *,
    nlp: Language | None = None,
    problems: list[Problem] | None = None,
    parts: bool = False,
    **settings: Any,
) -> Iterator[Part | Document]:
    """Documents for inputs already decoded (see ``reading.decode``), in input order.

    What ``extract_paths`` does once a file is read, for inputs read by any
    other means (bytes fetched from object storage, a partition of a cluster
    job): pieces batched through the pipeline, problems and warnings appended
    to ``problems``. ``settings`` are fields of ``ExtractOptions`` over
    ``options``; with ``parts``, the facts of a long document come as
    ``Part`` records first, as ``extract_stream`` hands them out (without,
    only Documents come).
    """
    opts = ExtractOptions.make(options, **settings)
    nlp = nlp or opts.nlp()
    sink: list[Problem] = problems if problems is not None else []
    types = list(opts.types) if opts.types is not None else None
    piece_chars = piece_limit(nlp, opts.piece_chars)
    overlap = max(0, min(OVERLAP_CHARS, (int(nlp.max_length) - piece_chars) // 2))
    batch: list[_Piece | _Pending] = []
    batch_chars = batch_pieces = 0
    for item in _items(inputs, sink, opts.published, overlap):
        # A later piece waits for the first one, whose publication date it inherits.
        if (
            isinstance(item, _Piece)
            and (item.start > 0 or item.lo > 0)
            and item.pending.base is None
        ):
            yield from _run_batch(nlp, batch, types, sink, parts)
            batch, batch_chars, batch_pieces = [], 0, 0
        batch.append(item)
        if isinstance(item, _Piece):
            batch_chars += len(item.text)
            batch_pieces += 1
            # Bounded by characters too, so a batch never holds many large texts.
            if batch_chars >= piece_chars or batch_pieces >= opts.batch_size:
                yield from _run_batch(nlp, batch, types, sink, parts)
                batch, batch_chars, batch_pieces = [], 0, 0
    yield from _run_batch(nlp, batch, types, sink, parts)


def _items(
    inputs: Iterable[tuple[Source, Decoded]],
    sink: list[Problem],
    published: str | None,
    overlap: int,
) -> Iterator[_Piece | _Pending]:
    """The pieces of each input, then its end marker."""
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
    done = dict(zip((id(p) for p in pieces), _process(nlp, pieces), strict=True))
    ended = {id(item) for item in batch if isinstance(item, _Pending)}
    for item in batch:
        if isinstance(item, _Piece):
            if id(item) in done:
                _add_piece(item, done[id(item)], types)
            continue
        document = _finish(item, sink)
        if document is not None:
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


def _process(nlp: Language, pieces: list[_Piece]) -> list[Doc | Exception]:
    """Each piece processed, or the exception it raised."""
    try:
        return list(nlp.pipe((_make_doc(nlp, p) for p in pieces), batch_size=len(pieces) or 1))
    except Exception:
        # One bad text spoils the batch: redo each alone to find it.
        results: list[Doc | Exception] = []
        for p in pieces:
            try:
                results.extend(nlp.pipe([_make_doc(nlp, p)]))
            except Exception as exc:
                results.append(exc)
        return results


def _finish(pending: _Pending, sink: list[Problem]) -> Document | None:
    """The document an input's pieces make, or None (its problem in ``sink``)."""
    name = pending.source.name
    if pending.failed and pending.sent and pending.base is not None:
        sink.append(Problem(name, f"{pending.failed}; the facts after it are missing"))
    elif pending.failed or pending.base is None:
        sink.append(Problem(name, pending.failed or "no text"))
        return None
    if pending.dropped:
        warning = f"{pending.dropped} fact(s) dropped: text does not match their offsets"
        pending.warnings.append(warning)
        sink.append(Problem(name, warning, skipped=False))
    update: dict[str, Any] = {"facts": pending.facts, "warnings": pending.warnings}
    if pending.pieces > 1:
        update |= {"sha256": pending.sha.hexdigest(), "chars": pending.chars}
        update["words"] = pending.words
    return pending.base.model_copy(update=update)


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
