"""What an extraction hands back besides documents: problems met on the way,
and the facts of a long document handed out before it ends."""

from __future__ import annotations

from dataclasses import dataclass

from laborfacts.models import Fact


@dataclass(frozen=True)
class Problem:
    """An input that was skipped (``skipped``) or read with a caveat."""

    path: str
    reason: str
    skipped: bool = True

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class Part:
    """Facts of a long document, handed out as its pieces are done (see
    ``extract_stream``); the Document that follows has the rest."""

    doc_id: str
    path: str | None
    facts: list[Fact]
