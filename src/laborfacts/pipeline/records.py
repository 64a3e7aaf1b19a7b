"""Turning finished mentions into validated Fact records and spaCy spans."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from laborfacts.models import Fact, FactContext
from laborfacts.pipeline.extensions import text_of
from laborfacts.pipeline.mentions import Mention

_CONTEXTS: dict[tuple[str | None, str | None], FactContext | None] = {(None, None): None}


def _context(m: Mention) -> FactContext | None:
    key = (m.subject_from, m.time_from if m.time is not None else None)
    ctx = _CONTEXTS.get(key)
    if ctx is None and key not in _CONTEXTS:
        ctx = _CONTEXTS[key] = FactContext(subject=key[0], time=key[1])
    return ctx


# A blank line ends a paragraph: no fact's text spans one, whichever
# component proposed it (a span that does joins two unrelated pieces of text).
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def to_fact(
    text: str, m: Mention, sent: tuple[int, int], doc_id: str = "", sentence: str | None = None
) -> Fact:
    """The record of ``m``; ``sentence`` is ``text[sent[0]:sent[1]]``, when known."""
    return Fact.trusted(
        {
            "doc": doc_id,
            "type": m.type or "count",
            "metric": m.metric,
            "value": m.value,
            "low": m.low,
            "high": m.high,
            "qualifier": m.qualifier,
            "direction": m.direction,
            "unit": m.unit,
            "per": m.per,
            "item": m.item,
            "subject": m.subject,
            "time": m.time,
            "attribution": m.attribution,
            "text": text[m.start : m.end],
            "start": m.start,
            "end": m.end,
            "sentence": text[sent[0] : sent[1]] if sentence is None else sentence,
            "confidence": m.confidence,
            "rule": m.rule or None,
            "reader": None if m.reader is None else str(m.reader),
            "context": _context(m),
        }
    )


class RecordBuilder:
    """Component: ``doc._.lf_facts`` (records) and ``doc.spans[key]`` (spans)."""

    def __init__(self, span_key: str | None = "laborfacts"):
        self.span_key = span_key

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        ext = doc._
        sents = ext.lf_sentences or [(0, len(text))]
        doc_id = ext.lf_doc_id or ""
        facts: list[Fact] = []
        spans: list[Span] = []
        # the text of each sentence, cut once for all its facts
        sentence_text: dict[tuple[int, int], str] = {}
        for m in ext.lf_mentions or []:
            if m.end <= m.start or (
                text.find("\n", m.start, m.end) >= 0 and _BLANK_LINE.search(text, m.start, m.end)
            ):
                continue
            sent = sents[m.sentence] if m.sentence < len(sents) else (0, len(text))
            sentence = sentence_text.get(sent)
            if sentence is None:
                sentence = sentence_text[sent] = text[sent[0] : sent[1]]
            fact = to_fact(text, m, sent, doc_id, sentence)
            facts.append(fact)
            if self.span_key is not None:
                span = doc.char_span(m.start, m.end, label=fact.type, alignment_mode="expand")
                if span is not None:
                    spans.append(span)
        ext.lf_facts = facts
        if self.span_key is not None:
            doc.spans[self.span_key] = spans
        return doc
