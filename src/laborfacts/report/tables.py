"""Sortable, filterable tables of facts (per article and for the whole run)."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from laborfacts.models import Fact
from laborfacts.report.highlight import fact_anchor
from laborfacts.report.values import _sort_key, shown_value

# Columns of the facts tables, in reading order; every one is a record field
# (the panel shows all of a record's fields, these are the ones to scan; the
# value column says the unit and period with the number).
TABLE_COLUMNS = ("text", "type", "metric", "value", "subject", "time", "attribution", "rule")
# Vocabulary columns, kept on one line; the others wrap.
_ONE_LINE = frozenset({"type", "metric", "time", "rule"})


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
    # By casefold, then as written: "AMAZON" and "Amazon" in one order whatever
    # the set's (hash-seeded) iteration order.
    subjects = sorted({f.subject for _, _, f in rows if f.subject}, key=lambda s: (s.casefold(), s))
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
