"""JSONL: one SPEC record per line (SPEC section 2)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, TYPE_CHECKING

from laborfacts.models import Document, Fact

if TYPE_CHECKING:
    from laborfacts.api import Part

_FACT_JSON = Fact.__pydantic_serializer__


def fact_line(fact: Fact) -> str:
    """One JSONL line in the SPEC form (the same keys and values as ``record()``);
    ``model_dump_json`` without its Python layer of options."""
    return _FACT_JSON.to_json(fact).decode()


def write_jsonl(facts: Iterable[Fact], fh: IO[str]) -> int:
    n = 0
    for fact in facts:
        fh.write(fact_line(fact) + "\n")
        n += 1
    return n


class JsonlWriter:
    """One fact per line (SPEC section 2)."""

    def __init__(self, fh: IO[str]) -> None:
        self.fh = fh

    def part(self, part: Part) -> None:
        self.fh.write("".join([fact_line(fact) + "\n" for fact in part.facts]))

    def write(self, document: Document) -> None:
        self.fh.write("".join([fact_line(fact) + "\n" for fact in document.facts]))

    def close(self) -> None:
        """Nothing to finish: JSONL is complete after every document."""
