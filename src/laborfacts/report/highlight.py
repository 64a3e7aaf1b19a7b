"""An article's text with a ``<mark>`` per fact, and whether the text can carry them."""

from __future__ import annotations

import hashlib
import heapq
import html
from collections.abc import Sequence

from laborfacts.models import Document, Fact
from laborfacts.report.values import shown_value


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
