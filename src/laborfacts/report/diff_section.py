"""The claim diff of the page: frames with their status, each claim linked to its highlight."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from laborfacts.models import Fact
from laborfacts.report.highlight import fact_anchor
from laborfacts.report.values import shown_value

if TYPE_CHECKING:
    from laborfacts.diff import Claim, DiffResult

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
