"""The spaCy pipeline: ``spacy.blank("en")`` plus laborfacts' registered components.

Order: sentences → dates (publication date, calendar references) →
quantities → classify (type, metric) → context (subject, time, attribution)
→ records (``doc._.lf_facts`` and ``doc.spans["laborfacts"]``).
"""

from __future__ import annotations

import gc
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from laborfacts.pipeline import classify, context, dates, extensions, quantities, records, sentences
from laborfacts.pipeline.anchors import AnchorFlags
from laborfacts.pipeline.component import load_rules

extensions.register()

COMPONENTS = (
    "laborfacts_sentences",
    "laborfacts_dates",
    "laborfacts_quantities",
    "laborfacts_classify",
    "laborfacts_context",
    "laborfacts_records",
)
SPAN_KEY = "laborfacts"


@Language.factory(
    "laborfacts_sentences",
    assigns=["token.is_sent_start", "doc._.lf_sentences"],
    default_config={"sent_starts": True},
)
def make_sentences(nlp: Language, name: str, sent_starts: bool) -> sentences.SentenceSplitter:
    return sentences.SentenceSplitter(sent_starts=sent_starts)


class TextTokenizer(Tokenizer):
    """spaCy's tokenizer, which also keeps the input string on the Doc
    (``doc._.lf_text``): ``Doc.text`` rebuilds it from every token, which
    costs about as much as tokenizing. Tokenizing is lossless, so the two are
    the same string."""

    def __call__(self, text: str) -> Doc:
        doc = super().__call__(text)
        doc._.lf_text = text
        return doc


def _lower(word: str) -> str:
    return word.lower()


@spacy.registry.tokenizers("laborfacts.tokenizer.v1")
def make_tokenizer() -> Any:
    """English punctuation and infix splitting without the tokenizer exceptions.

    The components read the text by characters and use tokens only to find
    where numbers and dates may start (and for spans); the exceptions
    (contractions, abbreviations, emoticons, URLs) change nothing for them and
    cost about ten times the rest of tokenizing."""

    def create(nlp: Language) -> Tokenizer:
        d = nlp.Defaults
        return TextTokenizer(
            nlp.vocab,
            prefix_search=compile_prefix_regex(d.prefixes or ()).search,
            suffix_search=compile_suffix_regex(d.suffixes or ()).search,
            infix_finditer=compile_infix_regex(d.infixes or ()).finditer,
        )

    return create


# The components that run on rules take them through their config: "default"
# (the package's rules) or a folder of rule files merged over them.
_RULES = {"rules": "default"}


@Language.factory(
    "laborfacts_dates",
    assigns=[
        "doc._.lf_published",
        "doc._.lf_published_span",
        "doc._.lf_byline_spans",
        "doc._.lf_title",
        "doc._.lf_mentions",
    ],
    default_config={"header_chars": 1500, **_RULES},
)
def make_dates(nlp: Language, name: str, header_chars: int, rules: str) -> dates.DateFinder:
    ruleset = load_rules(rules)
    return dates.DateFinder(
        header_chars=header_chars, flags=AnchorFlags(nlp.vocab, ruleset), rules=ruleset
    )


@Language.factory("laborfacts_quantities", assigns=["doc._.lf_mentions"], default_config=_RULES)
def make_quantities(nlp: Language, name: str, rules: str) -> quantities.QuantityFinder:
    return quantities.QuantityFinder(rules=load_rules(rules))


@Language.factory("laborfacts_classify", assigns=["doc._.lf_mentions"], default_config=_RULES)
def make_classify(nlp: Language, name: str, rules: str) -> classify.Classifier:
    return classify.Classifier(rules=load_rules(rules))


@Language.factory("laborfacts_context", assigns=["doc._.lf_mentions"], default_config=_RULES)
def make_context(nlp: Language, name: str, rules: str) -> context.ContextFinder:
    return context.ContextFinder(rules=load_rules(rules))


@Language.factory(
    "laborfacts_records",
    assigns=["doc._.lf_facts", "doc.spans"],
    default_config={"spans": True},
)
def make_records(nlp: Language, name: str, spans: bool) -> records.RecordBuilder:
    return records.RecordBuilder(span_key=SPAN_KEY if spans else None)


def build_nlp(
    spans: bool = True,
    sent_starts: bool = True,
    rules: str | Path | None = None,
    lexical: bool = True,
) -> Language:
    """A fresh pipeline. Build it once per process and reuse it (see ``get_nlp``).

    ``spans`` puts a span per fact in ``doc.spans``; ``sent_starts`` marks the
    sentences on the tokens (``doc.sents``); ``lexical`` gives each new word of
    the vocabulary spaCy's lexical attributes (``like_num``, ``shape_``,
    ``is_stop`` …), where without it a word has its text, its lower case and
    the anchor flags only. The records are the same without any of them.
    ``rules`` is a folder of rule files merged over the package's (see
    ``laborfacts.rules.RuleSet.load``); it is validated before anything runs.
    """
    load_rules(rules)  # validated once, before any component is built
    nlp = spacy.blank(
        "en", config={"nlp": {"tokenizer": {"@tokenizers": "laborfacts.tokenizer.v1"}}}
    )
    if not lexical:
        # about twenty Python calls per word the vocabulary meets for the first
        # time, whose values no component reads
        nlp.vocab.lex_attr_getters = {LOWER: _lower}  # type: ignore[attr-defined]
    for name in COMPONENTS:
        config: dict[str, Any] = {}
        if name == "laborfacts_records":
            config = {"spans": spans}
        elif name == "laborfacts_sentences":
            config = {"sent_starts": sent_starts}
        else:
            config = {"rules": "default" if rules is None else str(rules)}
        nlp.add_pipe(name, config=config)
    return nlp


@lru_cache(maxsize=4)
def get_nlp(rules: str | None = None) -> Language:
    """The process-wide pipeline behind ``extract_text``, ``extract_paths`` and
    the CLI, built on first use. They read the records only, so it sets no
    ``doc.spans``, no sentence starts on the tokens and no lexical attributes
    on new words: those would cost them time for nothing."""
    nlp = build_nlp(spans=False, sent_starts=False, rules=rules, lexical=False)
    # The pipeline, its compiled rules and the word-frequency list live as long
    # as the process: moved out of the collector's way, a full collection no
    # longer walks them each time the articles' own objects trigger one.
    gc.freeze()
    return nlp


def run_components(
    nlp: Language, text: str, published: str | None = None, doc_id: str | None = None
) -> Doc:
    """Process one text; ``published`` overrides the date found in the text,
    ``doc_id`` is the id its records get."""
    doc = nlp.make_doc(text)
    doc._.lf_published = published
    doc._.lf_doc_id = doc_id
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc
