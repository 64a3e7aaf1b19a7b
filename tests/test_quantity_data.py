"""The quantity grammar's data: currencies, measures, countries and non-facts.

Currencies are written once, in ``rules/units.json``; the models and the
patterns derive from it, so every currency, sign and word of the data is read
here as the data says. The lexicons are validated at load: a bad entry fails
with its file, entry and reason.
"""

from __future__ import annotations

import copy
import json
import re
import time
from bisect import bisect_left
from pathlib import Path
from typing import Any

import pytest

import laborfacts
from laborfacts.models import CURRENCY_CODES, MEASURE_UNITS, Fact, Unit
from laborfacts.pipeline.country import decide
from laborfacts.pipeline.quantities import find_quantities, nonfact_spans
from laborfacts.rules import (
    LexiconError,
    check_countries,
    check_nonfacts,
    check_units,
    countries,
    lexicon,
    nonfacts,
    units,
)

UNITS = units()
COUNTRY_SIGNS = {s for c in countries()["countries"].values() for s in c.get("signs", {})}


def _money(text: str) -> list[Fact]:
    return [f for f in laborfacts.extract_text(text) if f.type in ("money", "wage")]


# --------------------------------------------------------------- currencies


def test_every_currency_is_a_unit() -> None:
    assert set(UNITS["currencies"]) <= CURRENCY_CODES
    assert CURRENCY_CODES <= {u.value for u in Unit}
    assert set(MEASURE_UNITS) <= {u.value for u in Unit}
    assert len(UNITS["currencies"]) >= 30


@pytest.mark.parametrize("code", sorted(UNITS["currencies"]))
def test_code_before_the_number(code: str) -> None:
    facts = _money(f"The fund paid {code} 500 million to the workers.")
    assert [(f.unit, f.value) for f in facts] == [(code, 500_000_000)]


@pytest.mark.parametrize("code", sorted(UNITS["currencies"]))
def test_code_after_the_number(code: str) -> None:
    facts = _money(f"The fine came to 25m {code}.")
    assert [(f.unit, f.value) for f in facts] == [(code, 25_000_000)]


SIGNS = sorted(
    (sign, code)
    for code, entry in UNITS["currencies"].items()
    for sign in entry["signs"]
    if sign not in COUNTRY_SIGNS
)


@pytest.mark.parametrize(("sign", "code"), SIGNS, ids=[s for s, _ in SIGNS])
def test_sign_before_the_number(sign: str, code: str) -> None:
    facts = _money(f"Each claimant received {sign}1,250 in back pay.")
    assert [(f.unit, f.value) for f in facts] == [(code, 1250)]


WORDS = sorted((w, code) for code, e in UNITS["currencies"].items() for w in e["words"])


@pytest.mark.parametrize(("word", "code"), WORDS, ids=[w for w, _ in WORDS])
def test_word_after_the_number(word: str, code: str) -> None:
    facts = _money(f"Each claimant received 1,250 {word} in back pay.")
    assert [(f.unit, f.value) for f in facts] == [(code, 1250)]


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("Cleaners in Perth, Australia, earn $31 an hour.", "AUD", 31),
        ("Porters at the Montreal port earn $44 an hour.", "CAD", 44),
        ("Porters at the Montreal port were offered US$44 an hour.", "USD", 44),
        ("Riders in Ohio earn $18 an hour.", "USD", 18),
        ("Riders earn $18 an hour.", "USD", 18),
    ],
)
def test_bare_dollar_follows_the_country(text: str, unit: str, value: float) -> None:
    assert [(f.unit, f.value) for f in _money(text)] == [(unit, value)]


# --------------------------------------------------------------- measures


@pytest.mark.parametrize(
    ("unit", "form"),
    sorted((u, f) for u, e in UNITS["measures"].items() for f in e["forms"]),
)
def test_every_measure_form(unit: str, form: str) -> None:
    text = f"The inspector recorded 42 {form} at the site."
    got = [(f.type, f.unit, f.value, f.metric) for f in laborfacts.extract_text(text)]
    assert got == [("measure", unit, 42, MEASURE_UNITS[unit])]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("The trailer hit 121 degrees in Mississippi.", "degree_f"),
        ("The trailer hit 41 degrees in Queensland.", "degree_c"),
        ("The trailer hit 41 degrees, the organiser of the labour group said.", "degree_c"),
        ("The trailer hit 95 degrees.", "degree_f"),
    ],
)
def test_bare_degrees_follow_the_country(text: str, unit: str) -> None:
    assert [f.unit for f in laborfacts.extract_text(text) if f.type == "measure"] == [unit]


def test_country_from_a_dateline() -> None:
    text = "Port deal ratified\n\nHALIFAX — Dockworkers voted on Tuesday. Pay is $40 an hour."
    assert decide(text).code == "CA"
    assert decide("Nothing here names a place.").code == countries()["default"]


# --------------------------------------------------------------- defects


def test_percent_words_come_from_the_data() -> None:
    for word in UNITS["percent_words"]:
        facts = laborfacts.extract_text(f"Turnover hit 40{'' if word == '%' else ' '}{word}.")
        assert [(f.unit, f.value) for f in facts] == [("percent", 40)], word


def test_rate_before_is_case_blind() -> None:
    for word, per in UNITS["per_before"].items():
        for form in (word, word.upper(), word.title()):
            facts = _money(f"The posting lists an {form} wage of $23.")
            assert [f.per for f in facts] == [per], form


def test_plain_scan_reads_hyphenated_number_phrases() -> None:
    # without anchors the whole text is scanned: every number phrase, hyphenated
    text = " ".join(
        f"{k.replace(' ', '-')} workers"
        for k in [*lexicon("numbers")["vague"], *lexicon("numbers")["phrases"]]
    )
    text += " and a quarter-of-a-million workers."
    mentions = find_quantities(text, [])
    assert any(m.value == 250_000 for m in mentions)


def test_a_million_digits_are_no_fact_and_quick() -> None:
    run = "7" * 1_000_000
    t0 = time.perf_counter()
    mentions = find_quantities(f"Code {run} ends here, and 40 drivers struck.", [])
    # the pipeline takes texts under spaCy's limit of a million characters
    facts = laborfacts.extract_text(f"Code {run[:990_000]} ends here, and 40 drivers struck.")
    elapsed = time.perf_counter() - t0
    assert [m.value for m in mentions] == [40]
    assert [f.value for f in facts] == [40]
    assert elapsed < 5.0, f"{elapsed:.1f}s for a million digits"


# --------------------------------------------------------------- validation


def _broken(data: dict[str, Any], path: tuple[str, ...], value: object) -> dict[str, Any]:
    data = copy.deepcopy(data)
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            ("measures", "furlong"),
            {"metric": "distance", "forms": ["furlongs"]},
            "measures.furlong: unknown unit",
        ),
        (("measures", "mile", "metric"), "weight", "measures.mile: metric must be 'distance'"),
        (
            ("currencies", "XYZ"),
            {"name": "x", "signs": [], "words": []},
            "currencies.XYZ: no ISO 4217 code",
        ),
        (("currencies", "EUR", "signs"), ["£"], "currencies.GBP: '£' is also EUR's"),
        (("durations", "jiffy"), ["jiffy", 1], "durations.jiffy"),
        (("per_after", "a fortnight"), "fortnight", "per_after.a fortnight: unknown period"),
        (("subunits", "rappen"), ["XYZ", 0.01], "subunits.rappen: unknown currency"),
        (("local_signs", "$"), "peso", "local_signs.$"),
    ],
)
def test_units_lexicon_fails_at_load(path: tuple[str, ...], value: object, message: str) -> None:
    with pytest.raises(LexiconError, match=re.escape("rules/units.json: " + message)):
        check_units(_broken(units(), path, value))


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("countries", "CA", "dollar"), "XYZ", "countries.CA: dollar 'XYZ'"),
        (("countries", "CA", "degree"), "mile", "countries.CA: degree 'mile'"),
        (("default",), "ZZ", "default: unknown country"),
    ],
)
def test_countries_lexicon_fails_at_load(
    path: tuple[str, ...], value: object, message: str
) -> None:
    with pytest.raises(LexiconError, match=re.escape("rules/countries.json: " + message)):
        check_countries(_broken(countries(), path, value))


def test_nonfacts_lexicon_fails_at_load() -> None:
    data = nonfacts()
    bad_re = _broken(data, ("patterns",), [*data["patterns"], {"id": "x.bad", "re": "(("}])
    with pytest.raises(LexiconError, match="nonfacts.json: x.bad: bad regular expression"):
        check_nonfacts(bad_re)
    twice = _broken(data, ("patterns",), [*data["patterns"], data["patterns"][0]])
    with pytest.raises(LexiconError, match="not unique"):
        check_nonfacts(twice)
    wrong = _broken(
        data, ("patterns",), [*data["patterns"], {"id": "x.ex", "re": "abc", "examples": ["xyz"]}]
    )
    with pytest.raises(LexiconError, match="x.ex: does not match its own example"):
        check_nonfacts(wrong)


def test_every_nonfact_entry_has_a_case() -> None:
    cases = [
        json.loads(line)
        for path in Path(__file__).with_name("cases").glob("*.jsonl")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    named = {c.get("rule") for c in cases}
    lex = nonfacts()
    missing = [e["id"] for e in lex["patterns"] + lex["idioms"] if e["id"] not in named]
    assert not missing, f"non-fact entries without a case: {missing}"


# --------------------------------------------------------------- no non-fact over corpora

# Written here, apart from the lexicon, so the extractor is held to shapes it
# was not built from: phone numbers, footnote markers, codes glued to letters,
# and a capitalised name word right before a number.
_PHONE = re.compile(
    r"\(?\+?\d{1,3}\)?[ .-]?\(?\d{2,4}\)?[ .-]\d{3,4}[ .-]\d{3,4}\b|\b\d{3}[.-]\d{3}[.-]\d{4}\b"
)
_FOOTNOTE = re.compile(r"\[\d{1,3}\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]")
_NAME_NUMBER = re.compile(
    r"\b(?:Local|Region|District|Route|Unit|Game|Case|Nasdaq|FTSE|S&P|Boeing|Airbus|Galaxy|"
    r"Pixel|Category|Interstate|Highway|Terminal|Section|Table|Figure|Exhibit|Docket)[ -]\d+"
)
_GLUED_CODE = re.compile(r"\b[A-Z]{1,4}\d+[A-Z\d]*\b|\b\d+[A-Z]{2,}\d*\b")
_CURRENCY_PREFIXES = {s for e in UNITS["currencies"].values() for s in e["signs"]} | set(
    UNITS["currencies"]
)


def _nonfact_shapes(text: str) -> list[tuple[int, int, str]]:
    spans = []
    for name, rx in (
        ("phone", _PHONE),
        ("footnote", _FOOTNOTE),
        ("name", _NAME_NUMBER),
        ("code", _GLUED_CODE),
    ):
        for m in rx.finditer(text):
            token = m.group()
            letters = re.match(r"[A-Z]+", token)
            if name == "code" and letters and letters.group() in _CURRENCY_PREFIXES:
                continue  # "USD25m" is money
            spans.append((m.start(), m.end(), f"{name} {token!r}"))
    return spans


def _corpora() -> list[tuple[str, Path, Path]]:
    here = Path(__file__).parent
    out = [("data/raw", here.parent / "data" / "raw", here / "gold")]
    shared = Path("/work/shared")
    for name, texts, gold in (
        ("seeds", shared / "seeds", shared / "gold"),
        ("dev", shared / "dev" / "texts", shared / "dev" / "gold"),
    ):
        if texts.is_dir() and gold.is_dir():
            out.append((name, texts, gold))
    return out


@pytest.mark.parametrize(("name", "texts", "gold"), _corpora(), ids=[c[0] for c in _corpora()])
def test_no_nonfact_is_emitted(name: str, texts: Path, gold: Path) -> None:
    gold_spans: dict[str, list[tuple[int, int]]] = {}
    for path in gold.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                g = json.loads(line)
                gold_spans.setdefault(g["doc"], []).append((g["start"], g["end"]))
    problems = []
    for path in sorted(texts.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        golds = gold_spans.get(path.stem, [])
        shapes = _nonfact_shapes(text)
        for fact in laborfacts.extract_text(text, path.stem):
            if any(s < fact.end and fact.start < e for s, e in golds):
                continue  # a fact of the gold: whatever its shape, it is one
            for s, e, what in shapes:
                if s < fact.end and fact.start < e:
                    problems.append(f"{path.name}: {fact.text!r} ({fact.type}) inside {what}")
    assert not problems, "\n".join(problems)


def test_nonfact_spans_cover_the_lexicon_examples() -> None:
    lex = nonfacts()
    for entry in lex["patterns"]:
        for ex in entry.get("examples", []):
            assert nonfact_spans(ex), (entry["id"], ex)


@pytest.mark.parametrize(("name", "texts", "gold"), _corpora(), ids=[c[0] for c in _corpora()])
def test_anchored_nonfact_scan_equals_the_full_scan(name: str, texts: Path, gold: Path) -> None:
    from laborfacts.pipeline import get_nlp
    from laborfacts.pipeline.anchors import anchor_offsets

    nlp = get_nlp()
    samples = [p.read_text(encoding="utf-8") for p in sorted(texts.glob("*.txt"))]
    samples += [
        "Call (312) 555-0148, see case 28-RC-301122 [1] or Route 9; © 2024; no one knew.",
        " ".join(e for x in nonfacts()["patterns"] for e in x.get("examples", [])),
    ]
    for text in samples:
        anchors, _ = anchor_offsets(nlp.make_doc(text), text)
        # spans with no number in them ("the rate¹") hide nothing, and are not looked for
        full = [
            (s, e)
            for s, e in nonfact_spans(text)
            if bisect_left(anchors, e) > bisect_left(anchors, s)
        ]
        assert nonfact_spans(text, anchors) == full


def test_first_chars_never_reject_a_match() -> None:
    from laborfacts.rules import first_chars

    lex = nonfacts()
    for entry in lex["patterns"] + lex["idioms"]:
        got = first_chars(entry["re"])
        for example in entry.get("examples", []):
            for m in re.finditer(entry["re"], example):
                c = example[m.start()]
                assert got is None or c in got[0] or (got[1] and c.isdigit()), (entry["id"], c)
    assert first_chars(r"(?i:ab)|\d+") == (frozenset("aA"), True)
    assert first_chars(r"x?y") == (frozenset("xy"), False)
    assert first_chars(r"\w+") is None


def test_a_currency_added_to_the_data_is_read(tmp_path: Path) -> None:
    # a copy of the package with one more entry in units.json, and no other change
    import shutil
    import subprocess
    import sys

    package = Path(laborfacts.__file__).parent
    shutil.copytree(package, tmp_path / "laborfacts", ignore=shutil.ignore_patterns("*.so"))
    units_file = tmp_path / "laborfacts" / "rules" / "units.json"
    data = units_file.read_text(encoding="utf-8")
    entry = '"XAF": {"name": "CFA franc", "signs": ["FCFA"], "words": ["CFA francs"]},\n    '
    units_file.write_text(data.replace('"USD": {', entry + '"USD": {', 1), encoding="utf-8")
    probe = (
        "import laborfacts\n"
        "for t in ('Dockers earn 150,000 CFA francs a month.', 'A fine of XAF 2 million.',"
        " 'A bonus of FCFA 50,000.'):\n"
        "    print([(f.value, f.unit) for f in laborfacts.extract_text(t)])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert out == ["[(150000, 'XAF')]", "[(2000000, 'XAF')]", "[(50000, 'XAF')]"]
