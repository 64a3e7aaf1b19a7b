"""``laborfacts report`` without a browser: the page's structure, its highlights,
its escaping, its colours, and the command through Typer's runner."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from laborfacts.api import extract_document
from laborfacts.cli import app
from laborfacts.models import Document, Fact, FactType
from laborfacts.report import (
    TABLE_COLUMNS,
    build_report,
    highlight,
    load_report_inputs,
    shown_value,
    text_problem,
    type_colors,
)

runner = CliRunner()

ARTICLE = (
    "Nordvik couriers win raise\n\n"
    "June 2, 2026\n\n"
    "Couriers at Nordvik will earn $24 an hour from July, up from $21. "
    "Nordvik employs about 410 couriers, and turnover there ran near 90 percent last year.\n"
)
OTHER = (
    "Nordvik pay dispute\n\n"
    "June 9, 2026\n\n"
    "Nordvik employs roughly 600 couriers, its owner said. "
    "Nordvik couriers earn $24 an hour under the new deal.\n"
)


class Page(HTMLParser):
    """The elements of a page: tag, attributes, text inside each ``mark``, nesting depth."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.marks: list[dict[str, Any]] = []
        self.open_marks: list[dict[str, Any]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.text_by_div: dict[str, list[str]] = {}
        self._div_stack: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.elements.append((tag, a))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        if tag == "div":
            cls = a.get("class") or ""
            self._div_stack.append("text" if "lf-text" in cls.split() else None)
            if "lf-text" in cls.split():
                self.text_by_div.setdefault("current", [])
                self.text_by_div["current"] = []
        if tag == "mark" and "data-fact" in a:
            m = {"attrs": a, "text": "", "depth": len(self.open_marks)}
            self.marks.append(m)
            self.open_marks.append(m)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        if tag == "mark" and self.open_marks:
            self.open_marks.pop()
        if tag == "div" and self._div_stack:
            if self._div_stack.pop() == "text":
                self.text_by_div.setdefault("texts", []).append(
                    "".join(self.text_by_div["current"])
                )

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        for m in self.open_marks:
            m["text"] += data
        if "text" in self._div_stack:
            self.text_by_div["current"].append(data)

    @property
    def texts(self) -> list[str]:
        return self.text_by_div.get("texts", [])


def parse(page: str) -> Page:
    p = Page()
    p.feed(page)
    p.close()
    return p


def _fact(doc: str, text: str, source: str, start: int, **extra: Any) -> Fact:
    return Fact(
        doc=doc, type=extra.pop("type", "count"), unit="count", value=extra.pop("value", 1),
        text=text, start=start, end=start + len(text), sentence=source, **extra,
    )  # fmt: skip


def _document(doc_id: str, text: str, facts: list[Fact]) -> Document:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(id=doc_id, sha256=digest, chars=len(text), words=len(text.split()), facts=facts)


# --- Highlights -------------------------------------------------------------------


def test_every_fact_is_one_mark_and_the_text_is_intact() -> None:
    doc = extract_document(ARTICLE, "harbor")
    assert len(doc.facts) >= 4
    page = parse(highlight(ARTICLE, doc.facts, 0))
    assert len(page.marks) == len(doc.facts)
    for m, (n, f) in zip(
        sorted(page.marks, key=lambda m: int(m["attrs"]["data-fact"].rsplit(":", 1)[1])),
        enumerate(doc.facts),
        strict=True,
    ):
        assert m["attrs"]["data-fact"] == f"harbor:{n}"
        assert m["text"] == f.text
        assert m["attrs"]["tabindex"] == "0"
        assert f.type in m["attrs"]["aria-label"]
        assert f"lf-t-{f.type}" in m["attrs"]["class"]


def test_a_span_inside_another_is_a_nested_mark() -> None:
    text = "They earn about $24 an hour now."
    outer = _fact("d", "about $24 an hour", text, 10)
    inner = _fact("d", "$24", text, 16)
    page = parse(highlight(text, [outer, inner], 0))
    by_fact = {m["attrs"]["data-fact"]: m for m in page.marks}
    assert by_fact["d:0"]["depth"] == 0 and by_fact["d:1"]["depth"] == 1
    assert by_fact["d:0"]["text"] == "about $24 an hour"
    assert by_fact["d:1"]["text"] == "$24"


def test_equal_spans_nest_and_crossing_spans_keep_one_mark_each() -> None:
    text = "from 3,500 to 4,400 workers"
    a = _fact("d", "3,500 to 4,400", text, 5)
    same = _fact("d", "3,500 to 4,400", text, 5)
    crossing = _fact("d", "4,400 workers", text, 14)
    crossing_early = _fact("d", "from 3,500", text, 0)
    page = parse(highlight(text, [a, same, crossing, crossing_early], 0))
    assert sorted(m["attrs"]["data-fact"] for m in page.marks) == ["d:0", "d:1", "d:2", "d:3"]
    by_fact = {m["attrs"]["data-fact"]: m for m in page.marks}
    # the true offsets are kept whatever part of the span the element covers
    assert by_fact["d:2"]["attrs"]["data-start"] == "14"
    assert "lf-clipped" in (by_fact["d:2"]["attrs"]["class"] or "")
    stripped = html.unescape(re.sub(r"<[^>]+>", "", highlight(text, [a, same, crossing], 0)))
    assert stripped == text


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab <>&\"'\n", min_size=1, max_size=40).flatmap(
        lambda text: st.tuples(
            st.just(text),
            st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))), max_size=12),
        )
    )
)
def test_any_spans_give_one_mark_each_over_the_whole_text(case: tuple[str, list]) -> None:
    text, spans = case
    facts = []
    for a, b in spans:
        s, e = min(a, b), max(a, b)
        facts.append(_fact("d", text[s:e], text, s))
    out = highlight(text, facts, 0)
    page = parse(out)
    assert len(page.marks) == len(facts)
    assert {m["attrs"]["data-fact"] for m in page.marks} == {f"d:{n}" for n in range(len(facts))}
    # Tags well nested (the parser saw every mark closed) and no text lost or added.
    assert not page.open_marks
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text
    for m in page.marks:
        f = facts[int(m["attrs"]["data-fact"].split(":")[1])]
        # an element covers its fact's span, or the part of it no crossing span took
        assert m["text"] in f.text
        if "lf-clipped" not in (m["attrs"]["class"] or ""):
            assert m["text"] == f.text


# --- The page -----------------------------------------------------------------------


def test_the_page_has_a_mark_and_a_row_per_fact_and_the_diff() -> None:
    docs = [extract_document(ARTICLE, "harbor"), extract_document(OTHER, "dispute")]
    page = build_report(docs, {"harbor": ARTICLE, "dispute": OTHER})
    p = parse(page)
    n_facts = sum(len(d.facts) for d in docs)
    assert len(p.marks) == n_facts
    ids = {a["id"] for _, a in p.elements if a.get("id")}
    rows_all = [
        a for t, a in p.elements if t == "tr" and (a.get("id") or "").startswith("row-all-")
    ]
    assert len(rows_all) == n_facts
    for k, d in enumerate(docs):
        rows = [
            a for t, a in p.elements if t == "tr" and (a.get("id") or "").startswith(f"row-d{k}-")
        ]
        assert len(rows) == len(d.facts)
    # The diff: its claims link to highlights that exist.
    assert "diff" in ids
    claim_links = [
        a["href"] for t, a in p.elements if t == "a" and (a.get("href") or "").startswith("#fact-")
    ]
    assert claim_links
    assert all(h[1:] in ids for h in claim_links)
    statuses = {a["data-status"] for t, a in p.elements if t == "section" and "data-status" in a}
    assert {"agree", "conflict"} <= statuses  # the pay agrees, the headcounts do not
    # The text under the highlights is the article, exactly.
    assert p.texts == [ARTICLE, OTHER]
    # Table columns are record fields.
    assert set(TABLE_COLUMNS) <= set(Fact.model_fields)


def test_one_article_has_no_diff() -> None:
    doc = extract_document(ARTICLE, "harbor")
    p = parse(build_report([doc], {"harbor": ARTICLE}))
    assert not any(a.get("id") == "diff" for _, a in p.elements)
    assert len(p.marks) == len(doc.facts)


def test_the_page_needs_no_network_and_runs_only_its_own_script() -> None:
    doc = extract_document(ARTICLE, "harbor")
    page = build_report([doc], {"harbor": ARTICLE})
    p = parse(page)
    assert not [t for t, _ in p.elements if t in ("link", "img", "iframe", "object", "embed")]
    for tag, a in p.elements:
        assert "src" not in a, tag
        href = a.get("href")
        assert href is None or href.startswith("#"), href
    assert "http://" not in page and "https://" not in page
    policy = next(a["content"] for t, a in p.elements if t == "meta" and a.get("http-equiv"))
    assert policy is not None and "default-src 'none'" in policy
    runnable = [
        s for (t, a), s in zip(
            [e for e in p.elements if e[0] == "script"], p.scripts, strict=True
        ) if a.get("type") != "application/json"
    ]  # fmt: skip
    assert len(runnable) == 1
    digest = base64.b64encode(hashlib.sha256(runnable[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy


def test_markup_in_an_article_stays_text() -> None:
    evil = (
        "<script>window.pwned = 1</script> Title </title><b>bold</b>\n\n"
        'They earn $24 an hour, <img src=x onerror=alert(1)> said "</script><!--".\n'
    )
    start = evil.index("$24")
    fact = _fact(
        "x<y>", "$24", evil, start, type="wage", subject='<i onmouseover="alert(1)">Co</i>',
        attribution="</script><script>alert(2)</script>", value=24,
    )  # fmt: skip
    doc = _document("x<y>", evil, [fact]).model_copy(update={"title": "<script>t()</script>"})
    page = build_report([doc], {"x<y>": evil})
    p = parse(page)
    assert [t for t, _ in p.elements].count("script") == 2  # the data and the page's own
    assert not [t for t, _ in p.elements if t in ("img", "b", "i")]
    assert p.texts == [evil]
    for _, a in p.elements:
        assert not any(k.startswith("on") for k in a), a
    data_script = p.scripts[0]
    assert "<" not in data_script
    data = json.loads(data_script)
    assert data["docs"][0]["facts"][0]["record"]["attribution"] == fact.attribution
    assert data["docs"][0]["id"] == "x<y>"


def test_a_changed_article_shows_its_table_only() -> None:
    doc = extract_document(ARTICLE, "harbor")
    edited = ARTICLE.replace("Couriers", "Drivers")
    assert text_problem(doc, edited) == "article text changed since extraction"
    assert text_problem(doc, None) == "article text unavailable"
    assert text_problem(doc, ARTICLE) is None
    p = parse(build_report([doc], {"harbor": edited}))
    assert not p.marks
    assert any("lf-warning" in (a.get("class") or "") for _, a in p.elements)
    rows = [a for t, a in p.elements if t == "tr" and (a.get("id") or "").startswith("row-d0-")]
    assert len(rows) == len(doc.facts)


def test_values_read_as_a_reader_says_them() -> None:
    base = {"doc": "d", "text": "x", "start": 0, "end": 1}
    assert shown_value(Fact(**base, type="wage", unit="USD", value=24, per="hour",
                            qualifier="at_least")) == "at least 24 USD per hour"  # fmt: skip
    assert shown_value(Fact(**base, type="percentage", unit="percent", value=87.5,
                            qualifier="approx")) == "about 87.5%"  # fmt: skip
    assert shown_value(Fact(**base, type="workforce", unit="count", low=3500, high=4400,
                            qualifier="range", item="worker")) == "3,500 to 4,400 worker"  # fmt: skip
    assert shown_value(Fact(**base, type="date", unit="date", value="2026-04")) == "2026-04"
    assert shown_value(Fact(**base, type="union_membership", unit="count", value=240000,
                            direction="decrease")) == "decrease of 240,000"  # fmt: skip


# --- Colours ------------------------------------------------------------------------


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


INK = "#1b1b1b"  # --lf-ink in report.css


def test_every_type_has_a_colour_that_meets_wcag_aa() -> None:
    colours = type_colors()
    assert "default" in colours
    for t in FactType:
        assert t.value in colours, f"{t.value} has no colour of its own"
    for name, c in colours.items():
        # text on the tint: AA for normal text; the underline against the page: 3:1
        assert _contrast(INK, c["bg"]) >= 4.5, name
        assert _contrast(c["line"], "#ffffff") >= 3.0, name
    tints = [c["bg"] for name, c in colours.items() if name != "default"]
    assert len(set(tints)) == len(tints)
    css = Path(__file__).parent.parent / "src/laborfacts/report_assets/report.css"
    assert f"--lf-ink: {INK};" in css.read_text(encoding="utf-8")


# --- Inputs and the command ------------------------------------------------------------


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    src = tmp_path / "articles"
    src.mkdir()
    (src / "harbor.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "dispute.md").write_text(OTHER, encoding="utf-8")
    return src


def test_report_to_stdout(folder: Path) -> None:
    result = runner.invoke(app, ["report", str(folder)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!doctype html>")
    p = parse(result.stdout)
    docs = load_report_inputs([folder]).documents
    assert len(p.marks) == sum(len(d.facts) for d in docs) > 0


def test_report_to_a_file(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "report.html"
    result = runner.invoke(app, ["report", str(folder / "harbor.txt"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    page = out.read_text(encoding="utf-8")
    assert page.rstrip().endswith("</html>")
    assert not list(out.parent.glob(".*.tmp"))


def test_report_from_extraction_output_reads_the_texts(folder: Path, tmp_path: Path) -> None:
    run = tmp_path / "run.json"
    assert runner.invoke(app, ["extract", str(folder), "-f", "json", "-o", str(run)]).exit_code == 0
    result = runner.invoke(app, ["report", str(run)])
    assert result.exit_code == 0, result.output
    p = parse(result.stdout)
    assert p.texts == [OTHER, ARTICLE]  # extraction order: sorted file names


def test_jsonl_without_texts_gives_tables_and_a_warning(folder: Path, tmp_path: Path) -> None:
    run = tmp_path / "run.jsonl"
    assert (
        runner.invoke(app, ["extract", str(folder), "-f", "jsonl", "-o", str(run)]).exit_code == 0
    )
    n = len(run.read_text(encoding="utf-8").splitlines())
    result = runner.invoke(app, ["report", str(run)])
    assert result.exit_code == 0, result.output
    assert "article text unavailable; showing its facts table only" in result.stderr
    p = parse(result.stdout)
    assert not p.marks
    assert len([a for t, a in p.elements if (a.get("id") or "").startswith("row-all-")]) == n
    # With the folder of the articles, the texts are found by document id.
    result = runner.invoke(app, ["report", str(run), "--articles", str(folder)])
    assert result.exit_code == 0, result.output
    assert "unavailable" not in result.stderr
    assert len(parse(result.stdout).marks) == n


def test_bad_input_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2
    assert "no such file" in result.stderr and "nothing to report" in result.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc": "a"}\n', encoding="utf-8")
    result = runner.invoke(app, ["report", str(bad)])
    assert result.exit_code == 2
    assert "not usable extraction output" in result.stderr
    result = runner.invoke(app, ["report", str(bad), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert not result.stdout


def test_a_skipped_input_among_good_ones_exits_1(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = runner.invoke(
        app, ["report", str(folder), str(tmp_path / "missing.txt"), "-o", str(out)]
    )
    assert result.exit_code == 1
    assert "skipped:" in result.stderr
    assert len(parse(out.read_text(encoding="utf-8")).marks) > 0


def test_stdin_is_an_article() -> None:
    result = runner.invoke(app, ["report", "-"], input=ARTICLE)
    assert result.exit_code == 0, result.output
    p = parse(result.stdout)
    assert p.texts == [ARTICLE] and p.marks


def test_gold_like_records_are_read_and_bad_lines_named(folder: Path, tmp_path: Path) -> None:
    doc = extract_document(ARTICLE, "harbor")
    gold = tmp_path / "harbor.jsonl"
    lines = [json.dumps(f.record() | {"optional": n == 0}) for n, f in enumerate(doc.facts)]
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["report", str(gold), "--articles", str(folder)])
    assert result.exit_code == 0, result.output
    assert len(parse(result.stdout).marks) == len(doc.facts)
    gold.write_text(lines[0] + "\n[1, 2]\n", encoding="utf-8")
    result = runner.invoke(app, ["report", str(gold)])
    assert result.exit_code == 2
    assert "line 2: not a JSON object" in result.stderr


def test_a_diff_of_copies_still_links_its_claims() -> None:
    from laborfacts.diff import diff_documents

    docs = [extract_document(ARTICLE, "harbor"), extract_document(OTHER, "dispute")]
    frames = diff_documents([d.model_copy(deep=True) for d in docs])
    p = parse(build_report(docs, {"harbor": ARTICLE, "dispute": OTHER}, frames))
    ids = {a["id"] for _, a in p.elements if a.get("id")}
    links = [a["href"] for t, a in p.elements if t == "a" and "data-ref" in a]
    assert len(links) == sum(len(f.claims) for f in frames.frames)
    assert all(h[1:] in ids for h in links)


def test_subjects_that_differ_in_case_only_are_listed_in_one_order() -> None:
    text = "AMAZON hired 5 and Amazon hired 6 and amazon hired 7."
    facts = [
        _fact("a", n, text, text.index(n), subject=s)
        for s, n in (("amazon", "7"), ("Amazon", "6"), ("AMAZON", "5"))
    ]
    page = build_report([_document("a", text, facts)], {"a": text})
    first = page.index('data-filter="subject"')
    options = [
        a["value"] for t, a in parse(page[first:]).elements if t == "option" and a.get("value")
    ]
    assert options[:3] == ["AMAZON", "Amazon", "amazon"]


def test_report_reads_extract_csv_and_finds_the_texts(folder: Path, tmp_path: Path) -> None:
    run = tmp_path / "run.csv"
    assert runner.invoke(app, ["extract", str(folder), "-f", "csv", "-o", str(run)]).exit_code == 0
    result = runner.invoke(app, ["report", str(run)])
    assert result.exit_code == 0, result.output
    p = parse(result.stdout)
    assert p.texts == [OTHER, ARTICLE]  # the path column names the articles
    assert len(p.marks) == len(run.read_text(encoding="utf-8").splitlines()) - 1


def test_inputs_are_found_as_every_command_finds_them(folder: Path, tmp_path: Path) -> None:
    # Two folders holding files of one name: both kept, under distinct ids.
    other = tmp_path / "other"
    other.mkdir()
    (other / "harbor.txt").write_text(ARTICLE.replace("couriers", "porters"), encoding="utf-8")
    inputs = load_report_inputs([folder, other, folder / "harbor.txt"])
    assert [d.id for d in inputs.documents] == ["dispute", "harbor", "other/harbor"]
    # The file given again is read once, with a warning.
    assert [(p.reason, p.skipped) for p in inputs.problems] == [("given twice; read once", False)]
