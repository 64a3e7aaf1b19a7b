"""The spaCy pipeline itself: components, spans, sentences, one build per process."""

from __future__ import annotations

import re

from laborfacts import build_nlp, extract_text
from laborfacts.pipeline import COMPONENTS, SPAN_KEY, get_nlp

TEXT = (
    "Drivers at the depot voted 212 to 97 to join the union on Thursday. "
    "They earn $23 an hour, and turnover is about 150% a year."
)


def test_components_in_order() -> None:
    assert build_nlp().pipe_names == list(COMPONENTS)


def test_spans_match_the_records() -> None:
    doc = build_nlp()(TEXT)
    facts = doc._.lf_facts
    spans = doc.spans[SPAN_KEY]
    assert facts and len(spans) == len(facts)
    for fact, span in zip(facts, spans, strict=True):
        assert span.label_ == fact.type
        # a span covers whole tokens, so it holds the fact's characters
        assert span.start_char <= fact.start and fact.end <= span.end_char


def test_sentence_starts_are_set() -> None:
    doc = build_nlp()(TEXT)
    assert doc.has_annotation("SENT_START")
    assert [s.text for s in doc.sents] == [
        "Drivers at the depot voted 212 to 97 to join the union on Thursday.",
        "They earn $23 an hour, and turnover is about 150% a year.",
    ]


def test_without_spans_the_records_are_the_same() -> None:
    with_spans = build_nlp()(TEXT)
    without = build_nlp(spans=False)(TEXT)
    assert SPAN_KEY not in without.spans
    assert [f.record() for f in without._.lf_facts] == [f.record() for f in with_spans._.lf_facts]


def test_the_shared_pipeline_is_built_once_and_sets_no_spans() -> None:
    assert get_nlp() is get_nlp()
    doc = get_nlp()(TEXT)
    assert SPAN_KEY not in doc.spans
    assert not doc.has_annotation("SENT_START")
    assert [f.record() for f in extract_text(TEXT)] == [
        f.record() | {"doc": "text"} for f in build_nlp()(TEXT)._.lf_facts
    ]


def test_the_shared_pipeline_leaves_out_spacys_lexical_attributes_only() -> None:
    from spacy.attrs import FLAG19

    full, lean = build_nlp(), build_nlp(spans=False, sent_starts=False, lexical=False)
    text = "Nineteen drivers of Zorvath Freight, and twelve more in March"
    doc = full(text)
    assert doc[0].like_num and doc[0].is_alpha and doc[0].shape_ == "Xxxxx"
    lean_doc = lean(text)
    assert [t.lower_ for t in lean_doc] == [t.lower_ for t in doc]
    assert [f.record() for f in lean_doc._.lf_facts] == [f.record() for f in doc._.lf_facts]
    # the anchor flags never take the bit of one of spaCy's own attributes
    for nlp in (full, lean):
        flags = nlp.get_pipe("laborfacts_dates").flags
        assert flags is not None and min(flags.quantity, flags.date) >= FLAG19


def test_version_prints_the_installed_version() -> None:
    from typer.testing import CliRunner

    from laborfacts.cli import app

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert re.fullmatch(r"laborfacts \d+\.\d+\.\d+\S*\n", result.output)
