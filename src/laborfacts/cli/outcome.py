"""How ``extract`` reports on stderr: a line per problem as it comes, a summary at the end."""

from __future__ import annotations

import re
from collections import Counter

from laborfacts.cli.errors import say
from laborfacts.results import Problem


class Reporter:
    """Prints each problem once, as it arrives, as one line on stderr."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.shown = 0

    def line(self, text: str) -> None:
        say(text)

    def flush(self, problems: list[Problem]) -> None:
        for p in problems[self.shown :]:
            if not self.quiet:
                self.line(f"{'skipped' if p.skipped else 'warning'}: {p.path}: {p.reason}")
        self.shown = len(problems)


def _reason_kind(reason: str) -> str:
    return re.split(r" \(|: |; ", reason, maxsplit=1)[0]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def summary_line(documents: int, facts: int, problems: list[Problem], unchanged: int = 0) -> str:
    skipped = [p for p in problems if p.skipped]
    warned = [p for p in problems if not p.skipped]
    out = (
        f"extracted {documents} document{'s' * (documents != 1)}, {facts} fact{'s' * (facts != 1)}"
    )
    if skipped:
        kinds = Counter(_reason_kind(p.reason) for p in skipped)
        detail = ", ".join(f"{k}: {n}" for k, n in kinds.most_common())
        out += f"; {_plural(len(skipped), 'input')} skipped ({detail})"
    if warned:
        out += f"; {_plural(len(warned), 'warning')}"
    if unchanged:
        out += f"; {unchanged} unchanged"
    return out
