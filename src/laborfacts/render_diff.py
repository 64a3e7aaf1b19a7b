"""Rich rendering of a claim diff: a table of frames, a column per document."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from laborfacts.diff import STATUS_ORDER, Claim, DiffResult, FrameDiff, Status
from laborfacts.render import snippet

STATUS_STYLE = {
    Status.agree: "bold green",
    Status.conflict: "bold red",
    Status.changed: "bold yellow",
    Status.only: "dim",
}
# Past this many document columns the table turns to one row per claim.
MAX_COLUMNS = 6


def status_text(status: Status) -> Text:
    return Text(str(status), style=STATUS_STYLE[status])


def frame_cell(f: FrameDiff) -> Text:
    fr = f.frame
    out = Text(fr.type, style="cyan")
    if fr.metric:
        out.append(f"\n{fr.metric}", style="dim cyan")
    out.append(f"\n{fr.subject or '(no subject)'}", style="green")
    unit = fr.unit + (f"/{fr.per}" if fr.per else "")
    if fr.item:
        unit += f" {fr.item}"
    if fr.direction != "level":
        unit += f" ({fr.direction})"
    out.append(f"\n{unit}", style="dim")
    return out


def claim_cell(claim: Claim, frame_status: Status | None = None, width: int = 50) -> Text:
    """The value as written, its time, and the sentence around it.

    A claim whose own status differs from its frame's says so ("agree" in a
    frame that conflicts because of a third document).
    """
    out = Text(claim.fact.text, style="bold")
    if claim.time:
        source = "" if claim.time_source == "fact" else " (pub.)"
        out.append(f"  {claim.time}{source}", style="dim")
    if frame_status is not None and claim.status is not frame_status:
        out.append("  ")
        out.append(str(claim.status), style=STATUS_STYLE[claim.status])
    out.append("\n")
    out.append_text(snippet(claim.fact, width=width))
    return out


def diff_table(
    result: DiffResult, frames: Sequence[FrameDiff] | None = None, max_columns: int = MAX_COLUMNS
) -> Table:
    """Frames as rows; a column per document, or a row per claim past ``max_columns``."""
    frames = result.frames if frames is None else frames
    shown = {c.doc for f in frames for c in f.claims}
    docs = [d for d in result.documents if d.id in shown]
    table = Table(title="laborfacts diff", title_justify="left", show_lines=True, expand=True)
    table.add_column("frame", min_width=16, max_width=24, overflow="fold")
    table.add_column("status", no_wrap=True)
    if len(docs) <= max_columns:
        for d in docs:
            head = f"{d.id}\n[dim]{d.published or 'no date'}[/dim]"
            table.add_column(head, ratio=1, overflow="fold")
        for f in frames:
            cells = []
            for d in docs:
                mine = [claim_cell(c, f.status) for c in f.claims if c.doc == d.id]
                cells.append(Group(*mine) if mine else Text(""))
            table.add_row(frame_cell(f), status_text(f.status), *cells)
    else:
        table.add_column("document", overflow="fold")
        table.add_column("claim", ratio=1)
        for f in frames:
            for i, c in enumerate(f.claims):
                table.add_row(
                    frame_cell(f) if i == 0 else Text(""),
                    status_text(f.status) if i == 0 else Text(""),
                    c.doc,
                    claim_cell(c, f.status, width=90),
                )
    return table


def summary_line(result: DiffResult) -> Text:
    """'3 frames: 1 conflict, 1 changed, 1 agree, 0 only · 7 claims · 2 documents'."""
    counts = result.counts()
    out = Text(f"{len(result.frames)} frames: ")
    for i, status in enumerate(STATUS_ORDER):
        if i:
            out.append(", ")
        out.append(f"{counts[status]} {status}", style=STATUS_STYLE[status])
    n_claims = sum(len(f.claims) for f in result.frames)
    out.append(
        f" · {n_claims} claims · {len(result.documents)} documents"
        f" · tolerance {result.tolerance * 100:g}%"
    )
    return out


def print_diff(result: DiffResult, console: Console, hide_only: bool = False) -> None:
    """The table and the summary line; ``hide_only`` leaves out frames no other
    document shares (still counted in the summary)."""
    frames = [f for f in result.frames if f.status is not Status.only] if hide_only else None
    if result.frames if frames is None else frames:
        console.print(diff_table(result, frames))
    line = summary_line(result)
    if hide_only and result.counts()[Status.only]:
        line.append(" (only-in-one frames not shown: add --status only)", style="dim")
    console.print(line)


def pairs_table(result: DiffResult) -> Table:
    """A row per pair of claims from different documents: frame, status, both sides, why."""
    from laborfacts.pairs import pairs_of

    table = Table(
        title="laborfacts diff: pairs", title_justify="left", show_lines=True, expand=True
    )
    table.add_column("frame", min_width=16, max_width=24, overflow="fold")
    table.add_column("status", no_wrap=True)
    table.add_column("one article says", ratio=1, overflow="fold")
    table.add_column("another says", ratio=1, overflow="fold")
    table.add_column("why", ratio=1, overflow="fold")
    for f in result.frames:
        for pair in pairs_of(f):
            table.add_row(
                frame_cell(f),
                status_text(pair.status),
                Text(f"{pair.a.doc}: ").append_text(claim_cell(pair.a)),
                Text(f"{pair.b.doc}: ").append_text(claim_cell(pair.b)),
                Text(pair.reason, style="dim"),
            )
    return table


def print_pairs(result: DiffResult, console: Console, hide_only: bool = False) -> None:
    """The pairs table (frames in one document only have no pairs) and the summary."""
    from laborfacts.pairs import pair_counts

    if any(len(f.docs) > 1 for f in result.frames):
        console.print(pairs_table(result))
    line = summary_line(result)
    counts = pair_counts(result)
    line.append(" · pairs: " + ", ".join(f"{n} {s}" for s, n in counts.items()))
    console.print(line)
