"""A self-contained HTML page for reviewing extracted facts in a browser.

``build_report`` turns documents (and, where known, their texts) into one HTML
file: each article with every fact highlighted at its exact offsets, a panel
that shows the record of the highlight clicked or focused, sortable and
filterable tables of facts per article and for the whole run, and, with two or
more articles, the claim diff with links back to the highlights.

The page needs nothing but itself: CSS and JavaScript are inlined from
``report_assets/`` and a Content-Security-Policy forbids every fetch, so it
works opened from disk and never reaches the network. Everything taken from an
article or a record is escaped; the one script that may run is named by its
hash in that policy, so markup smuggled into an article stays text.

``load_report_inputs`` reads what the command line names: articles (extracted
with ``extract_paths``) and extraction output (``.json`` documents, ``.jsonl``
facts), with the text of each document read back from its ``path``.
"""

from __future__ import annotations

import base64
import hashlib
import heapq
import html
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from pydantic import ValidationError

from laborfacts.models import Document, Fact, FactType
from laborfacts.reading import (
    ARTICLE_SUFFIXES,
    STDIN,
    Source,
    UnreadableInput,
    decode,
    read_source,
)
from laborfacts.tabular import fact_row

if TYPE_CHECKING:
    from laborfacts.api import Problem
    from laborfacts.diff import Claim, DiffResult

EXTRACTION_SUFFIXES = frozenset({".json", ".jsonl"})
_FACT_KEYS = frozenset(Fact.model_fields)

# Columns of the facts tables, in reading order; every one is a record field
# (the panel shows all of a record's fields, these are the ones to scan; the
# value column says the unit and period with the number).
TABLE_COLUMNS = ("text", "type", "metric", "value", "subject", "time", "attribution", "rule")
# Vocabulary columns, kept on one line; the others wrap.
_ONE_LINE = frozenset({"type", "metric", "time", "rule"})
_HEDGE = {
    "approx": "about ",
    "more_than": "more than ",
    "at_least": "at least ",
    "less_than": "less than ",
    "at_most": "at most ",
}
_UNIT = {"percent": "%"}


class ReportError(ValueError):
    """Nothing to report on (no input could be read)."""


def _asset(name: str) -> str:
    return resources.files("laborfacts").joinpath("report_assets", name).read_text("utf-8")


def type_colors() -> dict[str, dict[str, str]]:
    """Type -> ``{"bg": ..., "line": ...}``, with ``"default"`` for a type without its own."""
    data: dict[str, dict[str, str]] = json.loads(_asset("colors.json"))
    return data


# --- Values as a reader says them ---------------------------------------------


def _number(v: float | int) -> str:
    if isinstance(v, float) and not v.is_integer():
        return f"{v:,.6g}" if abs(v) < 1e6 else f"{v:,.2f}"
    return f"{int(v):,}"


def shown_value(fact: Fact) -> str:
    """The value with its hedge, unit and period: "about 87%", "at least 22 USD per hour"."""
    if isinstance(fact.value, str):
        return fact.value
    q = str(fact.qualifier)
    if fact.value is not None:
        amount = _HEDGE.get(q, "") + _number(fact.value)
    elif fact.low is not None and fact.high is not None:
        hedge = "about " if q == "approx" else ""
        amount = f"{hedge}{_number(fact.low)} to {_number(fact.high)}"
    elif fact.low is not None or fact.high is not None:
        bound = fact.low if fact.low is not None else fact.high
        assert bound is not None
        amount = _HEDGE.get(q, "") + _number(bound)
    else:
        return "(no value)"
    unit = str(fact.unit)
    if unit == "count":
        label = f" {fact.item}" if fact.item else ""
    else:
        label = _UNIT.get(unit, " " + unit)
    out = amount + label
    if fact.per:
        out += f" per {fact.per}"
    if str(fact.direction) != "level":
        out = f"{fact.direction} of {out}"
    return out


def _sort_key(fact: Fact) -> str:
    """What the value column sorts by: the number (a bound for a range), or the date.

    Dates sort after every number: "~" follows digits and "-" (the page sorts
    cells that both read as numbers by value, others as text).
    """
    row = fact_row(fact)
    for name in ("value", "low", "high"):
        if row[name] is not None:
            return repr(row[name])
    return "~" + row["date"] if row["date"] else ""


# --- Highlights -----------------------------------------------------------------


def fact_anchor(doc_index: int, n: int) -> str:
    """The element id of fact ``n`` of document ``doc_index``: ``fact-d0-3``."""
    return f"fact-d{doc_index}-{n}"


def _mark_open(fact: Fact, doc_index: int, n: int, start: int, end: int) -> str:
    label = f"{fact.type}: {shown_value(fact)}"
    if fact.subject:
        label += f", {fact.subject}"
    clipped = " lf-clipped" if (start, end) != (fact.start, fact.end) else ""
    return (
        f'<mark class="lf-hl lf-t-{html.escape(str(fact.type))}{clipped}"'
        f' id="{fact_anchor(doc_index, n)}"'
        f' data-fact="{html.escape(fact.doc)}:{n}"'
        f' data-ref="d{doc_index}-{n}"'
        f' data-start="{fact.start}" data-end="{fact.end}"'
        f' tabindex="0" aria-label="{html.escape(label)}">'
    )


def highlight(text: str, facts: Sequence[Fact], doc_index: int) -> str:
    """``text`` escaped, with exactly one ``<mark>`` element per fact.

    Marks nest: a fact whose span lies inside another's is an element inside
    that one's. Two spans that cross (a starts, b starts, a ends, b ends)
    cannot both be elements over their whole span, so the later one starts
    where the one it crosses ends (its ``data-start``/``data-end`` keep the
    true offsets, and it is marked ``lf-clipped``).
    """
    # (start, -end, n): outer spans open before the spans they hold.
    queue = [(f.start, -f.end, n) for n, f in enumerate(facts)]
    heapq.heapify(queue)
    out: list[str] = []
    stack: list[int] = []  # ends of the open marks, innermost last
    pos = 0

    def advance(to: int) -> None:
        nonlocal pos
        if to > pos:
            out.append(html.escape(text[pos:to], quote=False))
            pos = to

    while queue:
        start, neg_end, n = heapq.heappop(queue)
        end = -neg_end
        while stack and stack[-1] <= start:
            advance(stack.pop())
            out.append("</mark>")
        if stack and end > stack[-1]:
            # Crosses the innermost open mark: try again where that one ends.
            heapq.heappush(queue, (stack[-1], neg_end, n))
            continue
        advance(start)
        out.append(_mark_open(facts[n], doc_index, n, start, end))
        stack.append(end)
    while stack:
        advance(stack.pop())
        out.append("</mark>")
    advance(len(text))
    return "".join(out)


# --- Tables ---------------------------------------------------------------------


def _cell(fact: Fact, column: str) -> tuple[str, str]:
    """(shown, sort key) of one cell."""
    if column == "value":
        return shown_value(fact), _sort_key(fact)
    raw = getattr(fact, column)
    shown = "" if raw is None else str(raw)
    return shown, shown.casefold()


def _options(values: Iterable[str]) -> str:
    return "".join(f'<option value="{html.escape(v)}">{html.escape(v)}</option>' for v in values)


def facts_table(
    rows: Sequence[tuple[int, int, Fact]],
    *,
    caption: str,
    with_doc: bool,
    linked: set[int],
    table_id: str,
    row_prefix: str,
) -> str:
    """A table of facts ``(doc_index, n, fact)`` with its filter controls."""
    columns = (("doc",) if with_doc else ()) + TABLE_COLUMNS
    types = sorted({str(f.type) for _, _, f in rows})
    subjects = sorted({f.subject for _, _, f in rows if f.subject}, key=str.casefold)
    parts = [
        f'<div class="lf-filters" role="search" data-for="{table_id}">',
        f'<label>Type <select data-filter="type"><option value="">all</option>{_options(types)}'
        "</select></label>",
        '<label>Subject <select data-filter="subject"><option value="">all</option>'
        f"{_options(subjects)}</select></label>",
        '<label>Search <input type="search" data-filter="q" placeholder="any text"></label>',
        f'<output class="lf-count" aria-live="polite">{len(rows)} of {len(rows)}</output>',
        "</div>",
        f'<div class="lf-table-wrap"><table class="lf-facts" id="{table_id}">',
        f"<caption>{html.escape(caption)}</caption><thead><tr>",
    ]
    parts.append('<th scope="col" data-col="n"><button type="button">#</button></th>')
    for c in columns:
        parts.append(
            f'<th scope="col" data-col="{c}"><button type="button">{c.capitalize()}</button></th>'
        )
    parts.append("</tr></thead><tbody>")
    for k, n, f in rows:
        ref = f"d{k}-{n}"
        parts.append(
            f'<tr id="{row_prefix}{ref}" data-ref="{ref}" data-type="{html.escape(str(f.type))}"'
            f' data-subject="{html.escape(f.subject or "")}">'
        )
        link = f'<a href="#{fact_anchor(k, n)}">{n}</a>' if k in linked else str(n)
        parts.append(f'<td data-sort="{k:06d}{n:08d}">{link}</td>')
        for c in columns:
            shown, key = (f.doc, f.doc.casefold()) if c == "doc" else _cell(f, c)
            cls = ' class="lf-nowrap"' if c in _ONE_LINE else ""
            parts.append(f'<td{cls} data-sort="{html.escape(key)}">{html.escape(shown)}</td>')
        parts.append("</tr>")
    parts.append("</tbody></table></div>")
    return "".join(parts)


# --- The diff -------------------------------------------------------------------

_STATUS_WORD = {"agree": "agree", "conflict": "conflict", "changed": "changed", "only": "only in"}


def _fact_key(f: Fact) -> tuple[str, int, int, str, str]:
    return (f.doc, f.start, f.end, str(f.type), f.text)


def _claim_item(
    claim: Claim, where: dict[tuple[str, int, int, str, str], tuple[int, int]], linked: set[int]
) -> str:
    k, n = where[_fact_key(claim.fact)]
    target = f"#{fact_anchor(k, n)}" if k in linked else f"#row-all-d{k}-{n}"
    time = f" · {html.escape(claim.time)} ({claim.time_source})" if claim.time else ""
    return (
        f'<li class="lf-s-{claim.status}"><span class="lf-badge">'
        f"{_STATUS_WORD[str(claim.status)]}</span> "
        f'<a href="{target}" data-ref="d{k}-{n}">{html.escape(claim.doc)}: '
        f"“{html.escape(claim.fact.text)}”</a> = {html.escape(shown_value(claim.fact))}"
        f"{time}</li>"
    )


def diff_section(
    result: DiffResult,
    where: dict[tuple[str, int, int, str, str], tuple[int, int]],
    linked: set[int],
) -> str:
    """Frames with their status, each claim linking to its highlight."""
    counts = result.counts()
    summary = ", ".join(f"{n} {_STATUS_WORD[str(s)]}" for s, n in counts.items())
    compared = [f for f in result.frames if str(f.status) != "only"]
    alone = [f for f in result.frames if str(f.status) == "only"]

    def frame_html(f: Any) -> str:
        items = "".join(_claim_item(c, where, linked) for c in f.claims)
        return (
            f'<section class="lf-frame lf-s-{f.status}" data-status="{f.status}">'
            f'<h3><span class="lf-badge">{_STATUS_WORD[str(f.status)]}</span> '
            f"{html.escape(f.frame.label())}</h3><ul>{items}</ul></section>"
        )

    parts = [
        '<section id="diff" class="lf-diff"><h2>Claims compared across articles</h2>',
        f'<p class="lf-summary">{len(result.frames)} frames: {html.escape(summary)}.</p>',
    ]
    if compared:
        parts.extend(frame_html(f) for f in compared)
    else:
        parts.append("<p>No claim is made by more than one article.</p>")
    if alone:
        parts.append(
            f"<details><summary>{len(alone)} frames found in one article only</summary>"
            + "".join(frame_html(f) for f in alone)
            + "</details>"
        )
    parts.append("</section>")
    return "".join(parts)


# --- The page -------------------------------------------------------------------


def text_problem(document: Document, text: str | None) -> str | None:
    """Why ``text`` cannot carry ``document``'s highlights, or None when it can."""
    if text is None:
        return "article text unavailable"
    if document.sha256 and len(document.sha256) == 64 and document.chars:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        if digest != document.sha256:
            return "article text changed since extraction"
    for f in document.facts:
        if text[f.start : f.end] != f.text:
            return f"article text does not match fact {f.text!r} at {f.start}:{f.end}"
    return None


def _legend(types: Iterable[str]) -> str:
    items = "".join(
        f'<li><mark class="lf-hl lf-t-{html.escape(t)} lf-sample">{html.escape(t)}</mark></li>'
        for t in types
    )
    return f'<section class="lf-legend" aria-label="Fact types"><ul>{items}</ul></section>'


def _type_css(colors: dict[str, dict[str, str]]) -> str:
    rules = []
    # The default first: a type's own rule, of equal specificity, must come later.
    for name, c in sorted(colors.items(), key=lambda kv: kv[0] != "default"):
        selector = ".lf-hl" if name == "default" else f".lf-t-{name}"
        rules.append(f"{selector}{{--lf-bg:{c['bg']};--lf-line:{c['line']}}}")
    return "\n".join(rules)


def _json_for_script(data: Any) -> str:
    # Inside <script>, "</script>" or "<!--" in a string would end or bend the
    # element: every <, > and & is written as a JSON escape instead.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def build_report(
    documents: Sequence[Document],
    texts: dict[str, str | None],
    frames: DiffResult | None = None,
    *,
    title: str = "laborfacts report",
) -> str:
    """The report page as one HTML string.

    ``texts`` maps document ids to their text; a document whose text is
    missing or no longer matches its facts (see ``text_problem``) gets its
    facts table without the highlighted text. ``frames`` is the claim diff
    of ``documents``; with two or more documents and none given, it is
    computed with the default tolerance.
    """
    if frames is None and len(documents) >= 2:
        from laborfacts.diff import diff_documents

        frames = diff_documents(documents)
    colors = type_colors()
    linked: set[int] = set()
    # A claim's fact -> (document, index), by content: ``frames`` may have been
    # computed from copies of the documents.
    where: dict[tuple[str, int, int, str, str], tuple[int, int]] = {}
    all_rows: list[tuple[int, int, Fact]] = []
    articles: list[str] = []
    toc: list[str] = []
    data_docs: list[dict[str, Any]] = []
    for k, doc in enumerate(documents):
        text = texts.get(doc.id)
        problem = text_problem(doc, text)
        rows = [(k, n, f) for n, f in enumerate(doc.facts)]
        all_rows.extend(rows)
        for n, f in enumerate(doc.facts):
            where.setdefault(_fact_key(f), (k, n))
        heading = html.escape(doc.title or doc.id)
        meta = [f"<code>{html.escape(doc.id)}</code>"]
        if doc.published:
            meta.append(f"published {html.escape(doc.published)}")
        if doc.path:
            meta.append(html.escape(doc.path))
        meta.append(f"{len(doc.facts)} facts")
        body = [
            f'<article class="lf-doc" id="doc-d{k}"><h2>{heading}</h2>'
            f'<p class="lf-meta">{" · ".join(meta)}</p>'
        ]
        if problem is None:
            assert text is not None
            linked.add(k)
            body.append(f'<div class="lf-text">{highlight(text, doc.facts, k)}</div>')
        else:
            body.append(
                f'<p class="lf-warning" role="note">{html.escape(problem)}: facts table only.</p>'
            )
        body.append(
            f'<details open class="lf-doc-facts"><summary>Facts of {heading} '
            f"({len(doc.facts)})</summary>"
            + facts_table(
                rows,
                caption=f"Facts of {doc.id}",
                with_doc=False,
                linked=linked,
                table_id=f"facts-d{k}",
                row_prefix="row-",
            )
            + "</details></article>"
        )
        articles.append("".join(body))
        toc.append(f'<li><a href="#doc-d{k}">{heading}</a> ({len(doc.facts)})</li>')
        data_docs.append(
            {
                "id": doc.id,
                "facts": [{"record": f.record(), "shown": shown_value(f)} for f in doc.facts],
            }
        )
    present = sorted({str(f.type) for _, _, f in all_rows}, key=_type_order)
    n_facts = len(all_rows)
    run_table = (
        '<section id="all-facts" class="lf-all"><h2>All facts</h2>'
        + facts_table(
            all_rows,
            caption="All facts of the run",
            with_doc=True,
            linked=linked,
            table_id="facts-all",
            row_prefix="row-all-",
        )
        + "</section>"
    )
    diff_html = diff_section(frames, where, linked) if frames is not None else ""
    if diff_html:
        toc.append('<li><a href="#diff">Claims compared</a></li>')
    toc.append('<li><a href="#all-facts">All facts</a></li>')
    script = _asset("report.js")
    script_hash = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    policy = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{script_hash}'; base-uri 'none'; form-action 'none'"
    )
    page = _asset("report.html")
    fields = {
        "policy": html.escape(policy),
        "title": html.escape(title),
        "style": _asset("report.css") + "\n" + _type_css(colors),
        "summary": html.escape(
            f"{len(documents)} article{'s' * (len(documents) != 1)}, "
            f"{n_facts} fact{'s' * (n_facts != 1)}"
        ),
        "toc": "".join(toc),
        "legend": _legend(present),
        "articles": "".join(articles),
        "diff": diff_html,
        "table": run_table,
        "data": _json_for_script({"fields": list(Fact.model_fields), "docs": data_docs}),
        "script": script,
    }
    # One pass over the template, so a value that happens to hold a marker
    # is never substituted again.
    out: list[str] = []
    rest = page
    while (i := rest.find("{{")) >= 0:
        j = rest.index("}}", i)
        out.append(rest[:i])
        out.append(fields[rest[i + 2 : j]])
        rest = rest[j + 2 :]
    out.append(rest)
    return "".join(out)


def _type_order(name: str) -> int:
    order = [t.value for t in FactType]
    return order.index(name) if name in order else len(order)


# --- Inputs ---------------------------------------------------------------------


@dataclass
class ReportInputs:
    """Documents to report on, the texts found for them, and what went wrong."""

    documents: list[Document] = field(default_factory=list)
    texts: dict[str, str | None] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _problem(path: str, reason: str, skipped: bool = True) -> Problem:
    from laborfacts.api import Problem

    return Problem(path, reason, skipped)


def _read_text(path: str, near: Path | None = None) -> str | None:
    """The decoded text of an article (as extraction decodes it), or None."""
    candidates = [Path(path)]
    if near is not None and not Path(path).is_absolute():
        candidates.append(near / path)
    for p in candidates:
        if not p.is_file():
            continue
        try:
            decoded = read_source(Source(str(p), p.stem))
            return "".join(piece for _, piece in decoded.pieces())
        except UnreadableInput:
            return None
    return None


def _documents_from_jsonl(path: Path) -> list[Document]:
    """Documents rebuilt from fact records (``extract --format jsonl``, or gold files):
    facts grouped by ``doc``; keys that are not record fields are ignored."""
    by_doc: dict[str, list[Fact]] = defaultdict(list)
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"line {n}: not JSON: {exc.msg}") from None
            if not isinstance(data, dict):
                raise ValueError(f"line {n}: not a JSON object")
            try:
                fact = Fact.model_validate({k: v for k, v in data.items() if k in _FACT_KEYS})
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"]) or "record"
                raise ValueError(f"line {n}: not a fact record: {where}: {first['msg']}") from None
            by_doc[fact.doc].append(fact)
    # A fact record holds no document metadata: no path, hash or date.
    return [
        Document(id=doc, sha256="", chars=0, words=0, facts=facts) for doc, facts in by_doc.items()
    ]


def _extraction_output(path: Path) -> list[Document]:
    if path.suffix.lower() == ".jsonl":
        return _documents_from_jsonl(path)
    from laborfacts.inputs import documents_from_json

    return documents_from_json(json.loads(path.read_text(encoding="utf-8")))


def _expand(path: Path) -> list[Path]:
    if not path.is_dir():
        return [path]
    wanted = ARTICLE_SUFFIXES | EXTRACTION_SUFFIXES
    return sorted(
        p
        for p in path.rglob("*")
        if p.suffix.lower() in wanted and p.is_file() and not p.name.startswith(".")
    )


def load_report_inputs(
    paths: Iterable[str | Path],
    *,
    articles: Path | None = None,
    jobs: int = 1,
    stdin: IO[bytes] | None = None,
) -> ReportInputs:
    """Documents and texts from articles, folders, ``-`` and extraction output.

    ``.json`` (``extract --format json`` or ``--out-dir``) and ``.jsonl``
    (``extract --format jsonl``) files are read as extraction output; the text
    of each of their documents is read from its ``path`` (as given, or
    relative to the file that names it), else from ``articles/<id>.*`` when
    ``articles`` is given. Other files are articles, extracted with
    ``extract_paths``. A document id met twice keeps its first document.
    Inputs that cannot be used are problems, never exceptions.
    """
    from laborfacts.api import extract_paths
    from laborfacts.parallel import extract_paths_parallel

    out = ReportInputs()
    seen: set[str] = set()
    stdin_text: str | None = None

    def keep(doc: Document, where: str, text: str | None) -> None:
        if doc.id in seen:
            out.problems.append(
                _problem(where, f"document {doc.id!r} given twice; first one kept", skipped=False)
            )
            return
        seen.add(doc.id)
        out.documents.append(doc)
        out.texts[doc.id] = text

    def by_id(doc_id: str) -> str | None:
        if articles is None:
            return None
        for suffix in sorted(ARTICLE_SUFFIXES):
            text = _read_text(str(articles / (doc_id + suffix)))
            if text is not None:
                return text
        return None

    for raw in paths:
        if str(raw) == STDIN:
            if stdin is None:
                out.problems.append(_problem("<stdin>", "no standard input"))
                continue
            data = stdin.read()
            try:
                stdin_text = decode(data)[0]
            except UnreadableInput as exc:
                out.problems.append(_problem("<stdin>", str(exc)))
                continue
            for doc in extract_paths([STDIN], problems=out.problems, stdin=io.BytesIO(data)):
                keep(doc, "<stdin>", stdin_text)
            continue
        path = Path(raw)
        if not path.exists():
            out.problems.append(_problem(str(raw), "no such file or folder"))
            continue
        files = _expand(path)
        if not files:
            out.problems.append(_problem(str(raw), "folder holds no articles or extraction output"))
        texts_of: list[Path] = []
        for f in files:
            if f.suffix.lower() not in EXTRACTION_SUFFIXES:
                texts_of.append(f)
                continue
            try:
                docs = _extraction_output(f)
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                # ValueError covers JSON syntax and pydantic's ValidationError.
                reason = exc.strerror if isinstance(exc, OSError) else str(exc).splitlines()[0]
                out.problems.append(_problem(str(f), f"not usable extraction output: {reason}"))
                continue
            for doc in docs:
                text = _read_text(doc.path, f.parent) if doc.path else None
                keep(doc, str(f), text if text is not None else by_id(doc.id))
        if texts_of:
            # A folder goes to extraction whole, so its articles get the ids
            # ``reading.discover`` gives them (paths relative to the folder).
            targets = [path] if path.is_dir() else texts_of
            if jobs == 1:
                extracted = extract_paths(targets, problems=out.problems)
            else:
                extracted = extract_paths_parallel(targets, jobs=jobs, problems=out.problems)
            for doc in extracted:
                keep(doc, doc.path or doc.id, _read_text(doc.path) if doc.path else None)
    return out


@dataclass
class Report:
    """A built page, with what went into it and what went wrong."""

    html: str
    documents: list[Document]
    problems: list[Problem]
    # document id -> why its text is not shown (see ``text_problem``)
    without_text: dict[str, str]


def report_paths(
    paths: Iterable[str | Path],
    *,
    articles: Path | None = None,
    title: str = "laborfacts report",
    jobs: int = 1,
    stdin: IO[bytes] | None = None,
) -> Report:
    """Read inputs (``load_report_inputs``) and build their page (``build_report``).

    Raises ReportError, with the problems met, when no document could be read.
    """
    inputs = load_report_inputs(paths, articles=articles, jobs=jobs, stdin=stdin)
    if not inputs.documents:
        raise ReportError(
            "no document could be read; nothing to report"
            + "".join(f"\n  {p}" for p in inputs.problems)
        )
    without = {}
    for doc in inputs.documents:
        problem = text_problem(doc, inputs.texts.get(doc.id))
        if problem is not None:
            without[doc.id] = problem
    page = build_report(inputs.documents, inputs.texts, title=title)
    return Report(page, inputs.documents, inputs.problems, without)
