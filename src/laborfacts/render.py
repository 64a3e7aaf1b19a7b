"""Rich rendering of records (the extract table, its --out-dir summary).

Rich is imported only by the ``render*`` modules and ``progress``; the
commands get a console from ``console()`` and never import it themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import IO

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from laborfacts.models import CURRENCY_CODES, DURATION_UNITS, MEASURE_UNITS, Document, Fact
from laborfacts.rules import units

# the symbols of rules/units.json; a currency without one is shown by its code
_CURRENCY_SIGN = {c: e["symbol"] for c, e in units()["currencies"].items() if "symbol" in e}
_MEASURE_SHORT = {"degree_f": "°F", "degree_c": "°C"}
_PER_SHORT = {
    "hour": "hr",
    "day": "day",
    "week": "wk",
    "month": "mo",
    "year": "yr",
    "shift": "shift",
}
_HEDGE = {
    "approx": "≈",
    "more_than": ">",
    "at_least": "≥",
    "less_than": "<",
    "at_most": "≤",
}


def _num(v: float) -> str:
    if abs(v) >= 1e9 and (v / 1e9) != int(v / 1e9) or abs(v) >= 1e12:
        return f"{v / 1e9:,.3g} billion"
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.4g}" if abs(v) < 1000 else f"{v:,.2f}"


def _amount(v: float, unit: str) -> str:
    if unit in CURRENCY_CODES:
        sign = _CURRENCY_SIGN.get(unit)
        amount = f"{v:,.2f}" if (abs(v) < 1e6 and not float(v).is_integer()) else _num(v)
        return f"{sign}{amount}" if sign else f"{amount} {unit}"
    if unit == "percent":
        return f"{_num(v)} %"
    return _num(v)


def format_value(fact: Fact) -> str:
    """A person's reading of the value: '≈150 %/yr', '$23/hr', '275,000–390,000 drivers'."""
    unit = str(fact.unit)
    if fact.type == "date":
        return str(fact.value) if fact.value is not None else "(unresolved)"
    if fact.value is not None and not isinstance(fact.value, str):
        core = _amount(fact.value, unit)
    elif fact.low is not None and fact.high is not None:
        lo, hi = _amount(fact.low, unit), _amount(fact.high, unit)
        if unit == "percent":
            lo = _num(fact.low)
        core = f"{lo}–{hi}"
    elif fact.low is not None:
        core = _amount(fact.low, unit)
    elif fact.high is not None:
        core = _amount(fact.high, unit)
    else:
        core = "?"
    hedge = _HEDGE.get(str(fact.qualifier), "")
    if fact.qualifier == "approx" and fact.value is None:
        hedge = "≈"
    out = f"{hedge}{core}"
    if fact.direction == "increase":
        out = "+" + out
    elif fact.direction == "decrease":
        out = "−" + out
    if unit in DURATION_UNITS:
        out += f" {unit}s" if (fact.value or fact.high or 0) != 1 else f" {unit}"
    elif unit in MEASURE_UNITS:
        out += _MEASURE_SHORT.get(unit) or " " + unit.replace("_", " ")
    if fact.item and unit == "count":
        out += f" {fact.item}"
    if fact.per:
        out += f"/{_PER_SHORT.get(str(fact.per), str(fact.per))}"
    return out


def snippet(fact: Fact, width: int = 90) -> Text:
    """The sentence around the quantity, with the quantity highlighted."""
    sent = fact.sentence or fact.text
    i = sent.find(fact.text)
    if i < 0:
        return Text(sent[:width])
    before, after = sent[:i], sent[i + len(fact.text) :]
    room = max(10, (width - len(fact.text)) // 2)
    if len(before) > room:
        before = "…" + before[-room:]
    if len(after) > room:
        after = after[:room] + "…"
    out = Text(" ".join(before.split()) + (" " if before.endswith((" ", "\n")) else ""))
    out.append(fact.text, style="bold black on yellow")
    out.append(after.replace("\n", " "))
    return out


def facts_table(facts: Sequence[Fact], title: str | None = None) -> Table:
    table = Table(title=title, show_lines=False, expand=True, title_justify="left")
    table.add_column("type", style="cyan", no_wrap=True)
    table.add_column("value", style="bold", no_wrap=True)
    table.add_column("subject", style="green", max_width=24)
    table.add_column("time", no_wrap=True)
    table.add_column("source", ratio=1)
    for f in facts:
        kind = f.type if not f.metric else f"{f.type}\n[dim]{f.metric}[/dim]"
        table.add_row(kind, format_value(f), f.subject or "", f.time or "", snippet(f))
    return table


def print_documents(documents: Iterable[Document], console: Console) -> tuple[int, int]:
    """Print one table per document; returns (documents, facts)."""
    n_docs = n_facts = 0
    for d in documents:
        n_docs += 1
        n_facts += len(d.facts)
        head = d.title or d.id
        meta = f"{d.id} · {d.published or 'no date'} · {len(d.facts)} facts"
        console.print(facts_table(d.facts, title=f"[bold]{head}[/bold]\n[dim]{meta}[/dim]"))
    return n_docs, n_facts


def summary_table(rows: Sequence[tuple[str, str | None, int, str]]) -> Table:
    """rows: (document id, published, number of facts, output path)."""
    table = Table(title="laborfacts extract", title_justify="left")
    table.add_column("document")
    table.add_column("published")
    table.add_column("facts", justify="right")
    table.add_column("written to")
    for doc_id, published, n, out in rows:
        table.add_row(doc_id, published or "", str(n), out)
    return table


def console(file: IO[str] | None = None, width: int | None = None) -> Console:
    """A console on ``file`` (standard output when None)."""
    return Console(file=file, width=width) if file is not None else Console(width=width)


# Characters a terminal would act on (escape sequences, C1 controls, bidi
# overrides) are shown as U+FFFD; same length, so snippets still line up.
_TERMINAL_SAFE = {
    c: "\ufffd"
    for c in [
        *range(0x20),
        0x7F,
        *range(0x80, 0xA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ]
    if c not in (0x09, 0x0A)
} | {0x0D: " "}


def for_terminal(document: Document) -> Document:
    """A copy of ``document`` safe to print: no control sequences, no Rich markup in text."""

    def clean(text: str) -> str:
        return text.translate(_TERMINAL_SAFE)

    facts = [
        f.model_copy(
            update={
                "text": clean(f.text),
                "sentence": clean(f.sentence),
                "subject": escape(clean(f.subject)) if f.subject else f.subject,
            }
        )
        for f in document.facts
    ]
    title = escape(clean(document.title)) if document.title else document.title
    return document.model_copy(
        update={"id": escape(clean(document.id)), "title": title, "facts": facts}
    )


class TableWriter:
    """``extract --format table``: a table per document, printed as it comes."""

    def __init__(self, fh: IO[str] | None) -> None:
        self.console = console(fh)

    def write(self, document: Document) -> None:
        print_documents([for_terminal(document)], self.console)

    def close(self) -> None:
        """Tables are printed per document."""


def print_out_dir(
    rows: Sequence[tuple[str, str | None, int, str]],
    documents: int,
    facts: int,
    table_path: object,
    max_rows: int,
) -> None:
    """What ``extract --out-dir`` wrote: a row per document (up to ``max_rows``), then totals."""
    out = console()
    if documents <= max_rows:
        out.print(summary_table(rows))
    out.print(f"{documents} articles, {facts} facts → {table_path}", markup=False, highlight=False)
