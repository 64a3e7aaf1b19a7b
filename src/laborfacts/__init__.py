"""laborfacts: extract source-grounded labor facts from news articles.

>>> from laborfacts import extract_text
>>> [f.value for f in extract_text("Workers earn $23 an hour.")]
[23.0]

The names below are imported on first use, so a program that only reads or
scores records (``laborfacts.evaluate``, ``laborfacts.diff``) never loads spaCy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from laborfacts.api import extract_document, extract_paths, extract_text
    from laborfacts.models import Document, Fact
    from laborfacts.options import ExtractOptions
    from laborfacts.pipeline import build_nlp
    from laborfacts.results import Problem

_HOMES = {
    "Document": "laborfacts.models",
    "ExtractOptions": "laborfacts.options",
    "Fact": "laborfacts.models",
    "Problem": "laborfacts.results",
    "build_nlp": "laborfacts.pipeline",
    "extract_document": "laborfacts.api",
    "extract_paths": "laborfacts.api",
    "extract_text": "laborfacts.api",
}
__all__ = [
    "Document",
    "ExtractOptions",
    "Fact",
    "Problem",
    "build_nlp",
    "extract_document",
    "extract_paths",
    "extract_text",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'laborfacts' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
