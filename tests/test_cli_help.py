"""Every command answers -h like --help, and its help gives examples."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from laborfacts.cli import app

runner = CliRunner()
COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands if c.callback)


def test_the_commands_are_found() -> None:
    assert {"extract", "eval", "diff", "schema", "summary"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_h_is_help_with_examples(name: str) -> None:
    short = runner.invoke(app, [name, "-h"], terminal_width=100)
    long = runner.invoke(app, [name, "--help"], terminal_width=100)
    assert short.exit_code == 0 and long.exit_code == 0, short.output
    assert short.stdout == long.stdout
    assert f"Usage: laborfacts {name}" in short.stdout
    examples = short.stdout.split("Examples:", 1)
    assert len(examples) == 2, f"{name} --help has no Examples"
    assert f"laborfacts {name} " in examples[1]


def test_h_on_the_application() -> None:
    result = runner.invoke(app, ["-h"])
    assert result.exit_code == 0 and "Commands" in result.stdout
