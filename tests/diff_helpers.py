"""Building Fact and Document records by hand for the diff tests."""

from __future__ import annotations

from typing import Any

from laborfacts.models import Document, Fact


def fact(
    doc: str = "a",
    value: float | None = None,
    *,
    type: str = "turnover_rate",
    metric: str | None = "annual_turnover",
    qualifier: str = "exact",
    low: float | None = None,
    high: float | None = None,
    unit: str = "percent",
    per: str | None = "year",
    subject: str | None = "Amazon",
    time: str | None = None,
    start: int = 0,
    text: str | None = None,
    **extra: Any,
) -> Fact:
    text = text or str(value if value is not None else f"{low}-{high}")
    return Fact(
        doc=doc, type=type, metric=metric, value=value, low=low, high=high,
        qualifier=qualifier, unit=unit, per=per, subject=subject, time=time,
        text=text, start=start, end=start + len(text), sentence=f"It was {text}.", **extra,
    )  # fmt: skip


def document(doc_id: str, facts: list[Fact], published: str | None = None) -> Document:
    for f in facts:
        f.doc = doc_id
    return Document(
        id=doc_id, published=published, sha256="0" * 64, chars=100, words=20, facts=facts
    )
