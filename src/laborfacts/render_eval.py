"""Rich rendering of an evaluation report (``laborfacts eval``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from laborfacts.models import Fact
from laborfacts.render import format_value
from laborfacts.scoring import ATTRIBUTES, Mistake, Report, Scores

_FACT_KEYS = frozenset(Fact.model_fields)


def _f(x: float) -> str:
    return f"{x:.3f}"


def _scores_row(name: str, s: Scores) -> list[str]:
    return [name, _f(s.p), _f(s.r), _f(s.f1), str(s.tp), str(s.pred), str(s.gold)]


def _scores_table(title: str, first: str, rows: Mapping[str, Scores]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(first)
    for col in ("P", "R", "F1", "tp", "pred", "gold"):
        table.add_column(col, justify="right")
    for name, s in rows.items():
        table.add_row(*_scores_row(name, s))
    return table


def _attributes_table(report: Report) -> Table:
    table = Table(title="Attributes (over strict matches)", title_justify="left")
    table.add_column("attribute")
    table.add_column("accuracy", justify="right")
    table.add_column("judged", justify="right")
    for a in ATTRIBUTES:
        acc = report.attributes[a]
        table.add_row(a, "–" if acc is None else _f(acc), str(report.attribute_counts[a]))
    return table


def describe(record: Mapping[str, Any] | None, shown_text: str = "") -> Text:
    """One line for a record: type/metric, read value, qualifier, offsets, and
    its surface text when it differs from ``shown_text``."""
    if record is None:
        return Text("")
    fact = Fact.model_validate({k: v for k, v in record.items() if k in _FACT_KEYS})
    kind = f"{fact.type}/{fact.metric}" if fact.metric else str(fact.type)
    line = f"{kind} {format_value(fact)} ({fact.qualifier}) @{fact.start}-{fact.end}"
    if fact.text != shown_text:
        line += f" {fact.text!r}"
    # Text, not a markup string: surface texts may hold square brackets.
    return Text(line)


def _mistakes_table(title: str, mistakes: Sequence[Mistake]) -> Table:
    table = Table(title=f"{title} ({len(mistakes)})", title_justify="left")
    for col in ("doc", "text", "gold", "predicted"):
        table.add_column(col, overflow="fold")
    for m in mistakes:
        shown = m.shown["text"]
        table.add_row(Text(m.doc), Text(shown), describe(m.gold, shown), describe(m.pred, shown))
    return table


def report_renderables(report: Report, details: bool = False) -> Iterator[RenderableType]:
    """The tables of a report, in reading order."""
    yield _scores_table(
        f"Scores over {len(report.documents)} documents",
        "match",
        {
            "strict": report.strict,
            "typed": report.typed,
            "value": report.value,
            "span": report.span,
        },
    )
    yield _scores_table("Strict scores per type", "type", report.per_type)
    yield _attributes_table(report)
    stretch = report.stretch
    yield Text(
        f"Stretch recall: {_f(stretch.r)} ({stretch.tp} of {stretch.gold} stretch facts found)"
    )
    if details:
        yield _mistakes_table("Misses", report.misses)
        yield _mistakes_table("False positives", report.false_positives)
        yield _mistakes_table("Wrong type or value", report.wrong)
    yield Text(f"strict F1 = {_f(report.strict.f1)}", style="bold")


def print_report(report: Report, console: Console, details: bool = False) -> None:
    for renderable in report_renderables(report, details):
        console.print(renderable)
