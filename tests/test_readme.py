"""The README documents every command, and names the two set-up commands first."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from laborfacts.cli import app

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(
    (c.name or (c.callback.__name__ if c.callback else "")) for c in app.registered_commands
)


def test_every_command_is_found() -> None:
    assert {"extract", "eval", "diff", "schema"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_and_is_documented(name: str) -> None:
    cmd = next(c for c in app.registered_commands if (c.name or c.callback.__name__) == name)  # type: ignore[union-attr]
    assert cmd.callback is not None and (cmd.callback.__doc__ or "").strip(), name
    assert f"laborfacts {name}" in README, f"README does not mention `laborfacts {name}`"


def test_setup_commands_come_first() -> None:
    first_block = README.split("```", 2)[1]
    assert "make run" in first_block and "make test" in first_block


def test_app_is_typer() -> None:
    assert isinstance(app, typer.Typer)


def test_units_list_is_the_data() -> None:
    from laborfacts.unitdocs import END, START, units_markdown

    block = README.split(START, 1)[1].split(END, 1)[0].strip()
    assert block == units_markdown(), (
        "README's units list differs from the data: run `python -m laborfacts.unitdocs README.md`"
    )
