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
