"""Options on how inputs are read, extracted and stored (``--published``,
``--encoding``, ``--max-bytes``, ``--rules``, ``--db``): their checks and the
store they open."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from laborfacts.cli.errors import say
from laborfacts.reading import codec_name

if TYPE_CHECKING:
    from laborfacts.store import Store


class StoreUnusable(Exception):
    """``--db`` names something that cannot be opened as a store (exit 2)."""


@dataclass
class Reading:
    """How inputs are read and where they go, besides the output format."""

    published: str | None = None
    encoding: str | None = None
    db: Path | None = None
    rebuild: bool = False
    unchanged: int = 0

    def open_store(self, types: list[str] | None, max_bytes: int) -> Store | None:
        if self.db is None:
            return None
        from laborfacts.store import Store, StoreError

        try:
            return Store(
                self.db,
                rebuild=self.rebuild,
                types=types,
                published=self.published,
                encoding=self.encoding,
                max_bytes=max_bytes,
            )
        except StoreError as exc:
            raise StoreUnusable(str(exc)) from None


def iso_date_option(value: str | None) -> str | None:
    """``--published``: an ISO date, given back as YYYY-MM-DD (``20260401`` too)."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None


def codec_option(value: str | None) -> str | None:
    """``--encoding``: a Python text codec."""
    if value is not None:
        try:
            codec_name(value)
        except LookupError:
            raise typer.BadParameter(f"unknown text encoding {value!r}") from None
    return value


_SIZE = re.compile(r"(\d+)\s*([kmg]i?b?|b)?", re.IGNORECASE)


def parse_size(value: str) -> int:
    """``50000000``, ``50MB``, ``64k``, ``1GiB`` → bytes (powers of 1024 for k/M/G)."""
    m = _SIZE.fullmatch(value.strip())
    if not m or int(m.group(1)) < 1:
        raise typer.BadParameter(f"{value!r} is not a size such as 50MB, 64k or 1000000")
    scale = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}.get((m.group(2) or "b")[0].lower(), 1)
    return int(m.group(1)) * scale


def rules_option(value: Path | None) -> Path | None:
    """``--rules``: a folder of rule files, loaded and checked in full now, so
    a bad file or entry ends the command (exit 2) before any input is read."""
    if value is None:
        return None
    from laborfacts.rules import LexiconError, RuleSet

    try:
        RuleSet.load(value)
    except LexiconError as exc:
        say(f"error: --rules: {one_line(str(exc))}")
        raise typer.Exit(2) from None
    return value.resolve()


_VALIDATION = re.compile(r"^(?P<where>.*?): \d+ validation errors? for \w+$")


def one_line(message: str) -> str:
    """A rules error on one line: a record model's report becomes
    ``file:line: field 'name': reason``."""
    lines = [
        line.strip()
        for line in message.splitlines()
        if line.strip() and not line.strip().startswith("For further information")
    ]
    m = _VALIDATION.match(lines[0]) if lines else None
    if m is not None and len(lines) >= 3:
        reason = re.sub(r"\s*\[type=[^\]]*\]$", "", lines[2])
        return f"{m['where']}: field '{lines[1]}': {reason}"
    return "; ".join(lines)
