"""Every Doc extension laborfacts sets, declared in one place; safe to import twice."""

from __future__ import annotations

from spacy.tokens import Doc

_DOC_EXTENSIONS: dict[str, object] = {
    "lf_published": None,  # ISO publication date found near the top, or None
    "lf_published_span": None,  # (start, end) of the publication date, never a fact
    "lf_byline_spans": None,  # [(start, end)] of every byline date ("Updated …")
    "lf_text": None,  # the input string: Doc.text rebuilds it from tokens on each read
    "lf_anchors": None,  # offsets where a quantity may start (see anchors.py)
    "lf_title": None,  # first heading-like line
    "lf_sentences": None,  # list[(start, end)] character bounds of sentences
    "lf_nonfacts": None,  # list[(start, end)]: names with numbers, codes, phone numbers …
    "lf_mentions": None,  # list[Mention]: quantities and dates before records are built
    "lf_facts": None,  # list[Fact]: the finished records
    "lf_doc_id": None,  # the id the records get (the file name), when the caller knows it
}


def text_of(doc: Doc) -> str:
    """The document text, cached on the Doc by the first laborfacts component."""
    text = doc._.lf_text
    if text is None:
        text = doc._.lf_text = doc.text
    return str(text)


def register() -> None:
    for name, default in _DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register()
