"""laborfacts: extract source-grounded labor facts from news articles.

>>> from laborfacts import extract_text
>>> [f.value for f in extract_text("Workers earn $23 an hour.")]
[23.0]
"""

from laborfacts.api import Problem, extract_document, extract_paths, extract_text
from laborfacts.models import Document, Fact
from laborfacts.pipeline import build_nlp

__all__ = [
    "Document",
    "Fact",
    "Problem",
    "build_nlp",
    "extract_document",
    "extract_paths",
    "extract_text",
]
__version__ = "0.1.0"
