"""``build_report``: documents (and their texts) to the one HTML page."""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from laborfacts.models import Document, Fact
from laborfacts.report.assets import (
    _asset,
    _json_for_script,
    _legend,
    _type_css,
    _type_order,
    type_colors,
)
from laborfacts.report.diff_section import _fact_key, diff_section
from laborfacts.report.highlight import highlight, text_problem
from laborfacts.report.tables import facts_table
from laborfacts.report.values import shown_value

if TYPE_CHECKING:
    from laborfacts.diff import DiffResult


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
    page = _Articles()
    for k, doc in enumerate(documents):
        page.add(k, doc, texts.get(doc.id))
    present = sorted({str(f.type) for _, _, f in page.rows}, key=_type_order)
    n_facts = len(page.rows)
    run_table = (
        '<section id="all-facts" class="lf-all"><h2>All facts</h2>'
        + facts_table(
            page.rows,
            caption="All facts of the run",
            with_doc=True,
            linked=page.linked,
            table_id="facts-all",
            row_prefix="row-all-",
        )
        + "</section>"
    )
    diff_html = diff_section(frames, page.where, page.linked) if frames is not None else ""
    toc = page.toc
    if diff_html:
        toc.append('<li><a href="#diff">Claims compared</a></li>')
    toc.append('<li><a href="#all-facts">All facts</a></li>')
    script = _asset("report.js")
    fields = {
        "policy": html.escape(_policy(script)),
        "title": html.escape(title),
        "style": _asset("report.css") + "\n" + _type_css(type_colors()),
        "summary": html.escape(
            f"{len(documents)} article{'s' * (len(documents) != 1)}, "
            f"{n_facts} fact{'s' * (n_facts != 1)}"
        ),
        "toc": "".join(toc),
        "legend": _legend(present),
        "articles": "".join(page.articles),
        "diff": diff_html,
        "table": run_table,
        "data": _json_for_script({"fields": list(Fact.model_fields), "docs": page.data}),
        "script": script,
    }
    return _fill(_asset("report.html"), fields)


def _policy(script: str) -> str:
    """The Content-Security-Policy: no fetch of any kind, only ``script`` may run."""
    script_hash = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{script_hash}'; base-uri 'none'; form-action 'none'"
    )


def _fill(template: str, fields: dict[str, str]) -> str:
    """``template`` with each ``{{name}}`` replaced by ``fields[name]``."""
    # One pass over the template, so a value that happens to hold a marker
    # is never substituted again.
    out: list[str] = []
    rest = template
    while (i := rest.find("{{")) >= 0:
        j = rest.index("}}", i)
        out.append(rest[:i])
        out.append(fields[rest[i + 2 : j]])
        rest = rest[j + 2 :]
    out.append(rest)
    return "".join(out)


class _Articles:
    """The articles of the page, added one by one, with what the rest of the page needs."""

    def __init__(self) -> None:
        self.linked: set[int] = set()  # documents whose text carries their highlights
        # A claim's fact -> (document, index), by content: the diff may have been
        # computed from copies of the documents.
        self.where: dict[tuple[str, int, int, str, str], tuple[int, int]] = {}
        self.rows: list[tuple[int, int, Fact]] = []
        self.articles: list[str] = []
        self.toc: list[str] = []
        self.data: list[dict[str, Any]] = []

    def add(self, k: int, doc: Document, text: str | None) -> None:
        rows = [(k, n, f) for n, f in enumerate(doc.facts)]
        self.rows.extend(rows)
        for n, f in enumerate(doc.facts):
            self.where.setdefault(_fact_key(f), (k, n))
        heading = html.escape(doc.title or doc.id)
        body = [
            f'<article class="lf-doc" id="doc-d{k}"><h2>{heading}</h2>'
            f'<p class="lf-meta">{" · ".join(_meta(doc))}</p>'
        ]
        problem = text_problem(doc, text)
        if problem is None:
            assert text is not None
            self.linked.add(k)
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
                linked=self.linked,
                table_id=f"facts-d{k}",
                row_prefix="row-",
            )
            + "</details></article>"
        )
        self.articles.append("".join(body))
        self.toc.append(f'<li><a href="#doc-d{k}">{heading}</a> ({len(doc.facts)})</li>')
        facts = [{"record": f.record(), "shown": shown_value(f)} for f in doc.facts]
        self.data.append({"id": doc.id, "facts": facts})


def _meta(doc: Document) -> list[str]:
    """The line under an article's heading: id, date, path, number of facts."""
    meta = [f"<code>{html.escape(doc.id)}</code>"]
    if doc.published:
        meta.append(f"published {html.escape(doc.published)}")
    if doc.path:
        meta.append(html.escape(doc.path))
    meta.append(f"{len(doc.facts)} facts")
    return meta
