"""How articles are extracted: one frozen record passed from the command line
down to every worker process, so a new option is added in one place.

Nothing here imports spaCy: a command that only reads records can build its
options, and check a rules folder, without loading the pipeline.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from laborfacts.reading import MAX_BYTES

if TYPE_CHECKING:
    from spacy.language import Language


@dataclass(frozen=True)
class ExtractOptions:
    """Settings of one extraction run.

    ``types`` keeps only facts of those types; ``published`` (ISO date) stands
    for every input's publication date, over its byline's; ``encoding`` (a
    Python codec) decodes every input instead of detection; files above
    ``max_bytes`` are streamed in pieces, and every text longer than
    ``piece_chars`` is processed in pieces; ``batch_size`` pieces go through
    the pipeline together; ``rules`` is a folder of rule files merged over the
    package's (see ``laborfacts.rules.RuleSet.load``), held as an absolute
    path so every process builds, and caches, the same pipeline.
    """

    types: tuple[str, ...] | None = None
    published: str | None = None
    encoding: str | None = None
    max_bytes: int = MAX_BYTES
    piece_chars: int | None = None
    batch_size: int = 32
    rules: str | None = None

    def __post_init__(self) -> None:
        # Normalized here so equal settings compare (and pickle) equal.
        if self.types is not None and not isinstance(self.types, tuple):
            object.__setattr__(self, "types", tuple(str(t) for t in self.types))
        if self.rules is not None and self.rules != "default":
            object.__setattr__(self, "rules", str(Path(self.rules).resolve()))

    @classmethod
    def make(cls, options: ExtractOptions | None = None, **changes: Any) -> ExtractOptions:
        """``options`` (or the defaults) with ``changes``, named as the fields.

        An unknown name is a TypeError; a ``types`` or ``rules`` of None in
        ``changes`` leaves the option as it is (callers pass theirs through)."""
        base = options or cls()
        changes = {k: v for k, v in changes.items() if v is not None or k not in _KEEP_IF_NONE}
        if "types" in changes and changes["types"] is not None:
            changes["types"] = tuple(str(t) for t in changes["types"])
        return dataclasses.replace(base, **changes) if changes else base

    def nlp(self) -> Language:
        """The process-wide pipeline for these rules (built on first use)."""
        from laborfacts.pipeline import get_nlp

        # get_nlp() and get_nlp(None) are two entries of its cache: one pipeline is built.
        return get_nlp(self.rules) if self.rules is not None else get_nlp()

    def check_rules(self) -> None:
        """Load and validate the rules folder; raises ``LexiconError`` naming
        the file and entry at fault. Cheap: no pipeline is built."""
        if self.rules is not None:
            from laborfacts.rules import RuleSet

            RuleSet.load(self.rules)


_KEEP_IF_NONE = frozenset({"types", "rules", "published", "encoding", "piece_chars"})
