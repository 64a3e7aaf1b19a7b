from __future__ import annotations

import json

import pytest

from laborfacts.pipeline.subjects import (
    compile_subjects,
    resolve_corpus,
    resolve_document,
    subjects,
)
from laborfacts.rules import LexiconError

SURFACES = [
    ("Amazon's", "Amazon"),
    ("Amazon\u2019s", "Amazon"),
    ("Amazon.com Inc", "Amazon"),
    ("Amazon.com, Inc.", "Amazon"),
    ("amazon.com", "Amazon"),
    ("The Amazon Labor Union", "Amazon Labor Union"),
    ("the Amazon Labor Union's", "Amazon Labor Union"),
    ("ALU", "Amazon Labor Union"),
    ("the Teamsters", "Teamsters"),
    ("the NLRB", "National Labor Relations Board"),
    ("Acme Corp.", "Acme"),
    ("Acme, LLC", "Acme"),
    ("Acme Ltd", "Acme"),
    ("Acme Holdings Inc.", "Acme Holdings"),
    ("Bezos", "Jeff Bezos"),
    ("Jeff Bezos's", "Jeff Bezos"),
    ("DSP drivers", "DSP drivers"),
    ("  Whole\u00a0Foods  ", "Whole Foods"),
    ("JFK8", "JFK8"),
    ("Founder Jeff Bezos", "Jeff Bezos"),
    ("Amazon CEO Andy Jassy", "Andy Jassy"),
    ("ALU president Christian Smalls's", "Christian Smalls"),
    ("chair of the board", "chair of the board"),
    ("It’s", None),
    ("We're", None),
]


@pytest.mark.parametrize(("surface", "name"), SURFACES, ids=[s for s, _ in SURFACES])
def test_lookup(surface: str, name: str | None) -> None:
    assert subjects().lookup(surface) == name


DOCUMENTS = [
    (
        "anaphors",
        ["Amazon's", "the company", "Amazon.com", "ALU", "the union", "Jeff Bezos", "the firm"],
        ["Amazon", "Amazon", "Amazon", "Amazon Labor Union", "Amazon Labor Union", "Jeff Bezos",
         "Amazon"],
    ),
    ("most frequent", ["Walmart", "Amazon", "Amazon", "the company"],
     ["Walmart", "Amazon", "Amazon", "Amazon"]),
    ("tie goes to first", ["Walmart", "Amazon", "The retailer's"],
     ["Walmart", "Amazon", "Walmart"]),
    ("people are not companies", ["Jeff Bezos", "the company"], ["Jeff Bezos", None]),
    ("unions are not companies", ["Teamsters", "the company", None], ["Teamsters", None, None]),
    ("unknown union by its words", ["Warehouse Workers Union", "the union"],
     ["Warehouse Workers Union", "Warehouse Workers Union"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("surfaces", "names"), [d[1:] for d in DOCUMENTS], ids=[d[0] for d in DOCUMENTS]
)
def test_resolve_document(surfaces: list[str | None], names: list[str | None]) -> None:
    assert resolve_document(surfaces) == names


CORPORA = [
    ("last name", [["Maria Lopez"], ["Lopez's"]], [["Maria Lopez"], ["Maria Lopez"]]),
    ("ambiguous last name", [["Maria Lopez"], ["Juan Lopez"], ["Lopez"]],
     [["Maria Lopez"], ["Juan Lopez"], ["Lopez"]]),
    ("organisation is no person", [["Labor Union"], ["Union"]], [["Labor Union"], ["Union"]]),
    ("lexicon person", [["Bezos"], ["Jeff Bezos"]], [["Jeff Bezos"], ["Jeff Bezos"]]),
]  # fmt: skip


@pytest.mark.parametrize(("docs", "names"), [c[1:] for c in CORPORA], ids=[c[0] for c in CORPORA])
def test_resolve_corpus(docs: list[list[str | None]], names: list[list[str | None]]) -> None:
    assert resolve_corpus(docs) == names


def _lexicon(**change: object) -> dict[str, object]:
    base: dict[str, object] = {
        "entities": [{"name": "Acme", "kind": "company", "aliases": ["Acme Widgets"]}],
        "anaphors": {"company": ["the company"]},
        "not_subjects": ["it"],
        "suffixes": ["Inc"],
        "titles": ["CEO"],
        "union_words": ["union"],
        "org_words": ["acme"],
    }
    return base | change


BAD_LEXICONS = [
    ("alias of two entities", _lexicon(entities=[
        {"name": "Acme", "kind": "company", "aliases": ["AW"]},
        {"name": "Acme Widgets", "kind": "company", "aliases": ["AW"]},
    ])),
    ("entity twice", _lexicon(entities=[
        {"name": "Acme", "kind": "company"}, {"name": "Acme", "kind": "company"},
    ])),
    ("unknown kind", _lexicon(entities=[{"name": "Acme", "kind": "planet"}])),
    ("unknown key", _lexicon(colours=["red"])),
    ("anaphor twice", _lexicon(anaphors={"company": ["the firm"], "union": ["the firm"]})),
    ("org word in capitals", _lexicon(org_words=["Acme"])),
    ("not-subject in capitals", _lexicon(not_subjects=["It"])),
]  # fmt: skip


@pytest.mark.parametrize("data", [b[1] for b in BAD_LEXICONS], ids=[b[0] for b in BAD_LEXICONS])
def test_bad_lexicon_is_refused(data: dict[str, object]) -> None:
    with pytest.raises(LexiconError, match="aliases.json"):
        compile_subjects(data)


def test_good_lexicon_compiles() -> None:
    lex = compile_subjects(json.loads(json.dumps(_lexicon())))
    assert lex.lookup("acme widgets, inc") == "Acme"
    assert lex.lookup("Acme CEO Wile Coyote") == "Wile Coyote"
    assert lex.anaphor_kind("The Company's") == "company"


@pytest.mark.parametrize(
    ("text", "figure", "subject"),
    [
        (
            "Tallow Mills Bakeries' plant in Dayton employs 640 people.",
            "640",
            "Tallow Mills Bakeries",
        ),
        (
            "Tallow Mills Bakeries’ plant in Dayton employs 640 people.",
            "640",
            "Tallow Mills Bakeries",
        ),
    ],
)
def test_plural_possessive_is_no_part_of_the_name(text: str, figure: str, subject: str) -> None:
    from laborfacts.api import extract_text

    facts = {f.text: f for f in extract_text(text)}
    assert facts[figure].subject == subject
