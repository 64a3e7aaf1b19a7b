"""JSON: documents with their facts (``--format json``, the files of ``--out-dir``).

The facts of a long document may come first in parts; they are kept
serialized in a temporary file until the document's metadata is known, so
memory does not grow with the size of a document.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Any

from laborfacts.models import Document, Fact

if TYPE_CHECKING:
    from laborfacts.api import Part


def document_json(document: Document) -> dict[str, Any]:
    data = document.model_dump(mode="json", exclude={"facts"})
    data["facts"] = [f.record() for f in document.facts]
    return data


class _FactSpool:
    """The facts of one document, serialized as they come into a temporary
    file (memory stays flat), then copied out after the document's metadata."""

    def __init__(self, separator: str, dump: Callable[[dict[str, Any]], str]) -> None:
        self.separator = separator
        self.dump = dump
        self.file: IO[str] | None = None
        self.count = 0

    def add(self, facts: Iterable[Fact]) -> None:
        if self.file is None:
            self.file = tempfile.TemporaryFile("w+", encoding="utf-8")
        for fact in facts:
            self.file.write((self.separator if self.count else "") + self.dump(fact.record()))
            self.count += 1

    def copy_to(self, fh: IO[str], rest: Iterable[Fact]) -> int:
        """Write the spooled facts and ``rest`` to ``fh``, separated; returns how many."""
        if self.file is not None:
            self.file.seek(0)
            shutil.copyfileobj(self.file, fh)
            self.file.close()
            self.file = None
        n, self.count = self.count, 0
        for fact in rest:
            fh.write((self.separator if n else "") + self.dump(fact.record()))
            n += 1
        return n


def _dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


def _document_head(document: Document) -> dict[str, Any]:
    return document.model_dump(mode="json", exclude={"facts"})


class JsonWriter:
    """A JSON array of documents, written as they come; the text is that of
    ``json.dumps(document_json(document), ensure_ascii=False)``."""

    def __init__(self, fh: IO[str]) -> None:
        self.fh = fh
        self.count = 0
        self.spool = _FactSpool(", ", _dumps)
        fh.write("[")

    def part(self, part: Part) -> None:
        self.spool.add(part.facts)

    def write(self, document: Document) -> None:
        self.fh.write(",\n" if self.count else "\n")
        head = json.dumps(_document_head(document), ensure_ascii=False)
        # The head's closing brace is replaced by the facts, written last as in document_json.
        self.fh.write(head[:-1] + (', "facts": [' if head != "{}" else '{"facts": ['))
        self.spool.copy_to(self.fh, document.facts)
        self.fh.write("]}")
        self.count += 1

    def close(self) -> None:
        self.fh.write("\n]\n" if self.count else "]\n")


def _indented_fact(record: dict[str, Any]) -> str:
    # A fact as json.dump(..., indent=1) writes it at depth 2 (the facts list of a document).
    return "  " + json.dumps(record, ensure_ascii=False, indent=1).replace("\n", "\n  ")


def write_document_json(document: Document, fh: IO[str], spool: _FactSpool | None = None) -> None:
    """``json.dump(document_json(document), fh, ensure_ascii=False, indent=1)`` plus a
    newline, with the facts of ``spool`` (spooled parts) before ``document.facts``."""
    head = json.dumps(_document_head(document), ensure_ascii=False, indent=1)
    body = head[: head.rfind("\n")]  # without the closing brace
    has_facts = bool(document.facts) or (spool is not None and spool.count > 0)
    if not has_facts:
        fh.write(body + (',\n "facts": []\n}\n' if body != "{" else '\n "facts": []\n}\n'))
        return
    fh.write(body + (',\n "facts": [\n' if body != "{" else '\n "facts": [\n'))
    if spool is None:
        spool = _FactSpool(",\n", _indented_fact)
    spool.copy_to(fh, document.facts)
    fh.write("\n ]\n}\n")
