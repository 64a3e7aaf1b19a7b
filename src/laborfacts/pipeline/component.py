"""What every rule-driven component shares: its rules, saved and loaded with it.

A component compiles what it needs from a :class:`~laborfacts.rules.RuleSet`
(patterns, word sets) in :meth:`RuleComponent.compile`. ``nlp.to_disk`` writes
the rules it runs on into the component's folder and ``from_disk`` compiles
them again, so a saved pipeline loads with the same rules in a fresh process.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from laborfacts.rules import RuleSet


def load_rules(rules: str | Path | RuleSet | None) -> RuleSet:
    """A rule set from a component's config value: ``"default"``, a folder of
    rule files to merge over the defaults, or a RuleSet.

    A folder is read once while its files stay as they are, so the components
    of one pipeline share one RuleSet (and the patterns compiled from it)."""
    if isinstance(rules, RuleSet):
        return rules
    if rules is None or str(rules) == "default":
        return RuleSet.default()
    folder = Path(rules).resolve()
    try:
        stamp = tuple(
            (f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in sorted(folder.iterdir())
        )
    except OSError:
        stamp = ()  # RuleSet.load names the problem
    return _load(str(folder), stamp)


@lru_cache(maxsize=8)
def _load(folder: str, stamp: tuple[tuple[str, int, int], ...]) -> RuleSet:
    return RuleSet.load(folder)


class RuleComponent:
    """Base of the components that run on rules."""

    rules: RuleSet

    def __init__(self, rules: str | Path | RuleSet | None = None) -> None:
        self.set_rules(load_rules(rules))

    def set_rules(self, rules: RuleSet) -> None:
        self.rules = rules
        self.compile(rules)

    def compile(self, rules: RuleSet) -> None:
        """Build what the component needs from ``rules`` (nothing by default)."""

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        self.rules.to_disk(Path(path))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> Any:
        self.set_rules(RuleSet.from_disk(Path(path)))
        return self
