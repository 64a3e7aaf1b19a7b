"""Options of ``extract`` on how inputs are read and where they are stored
(``--published``, ``--encoding``, ``--db``): their checks and the store they open."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from laborfacts.reading import codec_name

if TYPE_CHECKING:
    from laborfacts.store import Store


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
        from laborfacts.store import Store

        return Store(
            self.db,
            rebuild=self.rebuild,
            types=types,
            published=self.published,
            encoding=self.encoding,
            max_bytes=max_bytes,
        )


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
