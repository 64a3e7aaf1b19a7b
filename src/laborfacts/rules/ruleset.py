"""A set of rules: the package's rule files with a user's folders merged over them.

A user's rules folder holds files named like the package's (``units.json``,
``classify.jsonl``, ...), each with only what it adds or changes:

- a JSON object is merged key by key: an object into an object, recursively;
  a list is extended (an entry with the ``id`` of an existing entry replaces
  it); any other value replaces the default;
- a ``.jsonl`` file's lines are added after the package's; a line whose
  ``id`` is already a rule replaces that rule.

So ``{"percent_words": ["pc"]}`` in ``units.json`` adds a percent word, and one
line in ``classify.jsonl`` adds a type cue. The merged set is validated in full
when it is built: a bad entry fails with its file, entry and reason.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from laborfacts.rules.checks import (
    ClassifyRule,
    LexiconError,
    check_changes,
    check_classify,
    check_countries,
    check_nonfacts,
    check_units,
)
from laborfacts.rules.dateforms import DateRules, check_dates
from laborfacts.rules.metrics import MetricRules, check_metrics

# The files of the package's rules folder, in the order they are validated.
FILES = (
    "numbers.json",
    "units.json",
    "countries.json",
    "changes.json",
    "qualifiers.json",
    "items.json",
    "codes.json",
    "cues.json",
    "nonfacts.json",
    "dates.json",
    "aliases.json",
    "context.json",
    "metrics.json",
    "classify.jsonl",
)


def _package_text(name: str) -> str:
    return resources.files("laborfacts.rules").joinpath(name).read_text(encoding="utf-8")


def parse_json(where: str, text: str) -> dict[str, Any]:
    """A JSON object without its ``_doc`` key; else a LexiconError naming ``where``."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LexiconError(f"{where}: not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"{where}: top level must be an object")
    data.pop("_doc", None)
    return data


def _merge(base: Any, extra: Any, where: str) -> Any:
    """``extra`` merged over ``base`` (see the module's docstring)."""
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = _merge(base[key], value, f"{where}.{key}") if key in base else value
        return out
    if isinstance(base, list) and isinstance(extra, list):
        ids = {e["id"]: i for i, e in enumerate(base) if isinstance(e, dict) and "id" in e}
        out_list = list(base)
        for entry in extra:
            i = ids.get(entry.get("id")) if isinstance(entry, dict) else None
            if i is None:
                if entry not in out_list:
                    out_list.append(entry)
            else:
                out_list[i] = entry
        return out_list
    if isinstance(base, dict | list) and type(base) is not type(extra):
        kind = "an object" if isinstance(base, dict) else "a list"
        raise LexiconError(f"{where}: must be {kind}, as in the package's file")
    return extra


class RuleSet:
    """The rules one pipeline runs on, validated in full when built.

    Build it with :meth:`default` (the package's rules, one shared instance)
    or :meth:`load` (a user's folders merged over them). Its ``fingerprint``
    names its content: components compile their patterns once per fingerprint.
    """

    def __init__(self, texts: dict[str, list[tuple[str, str]]]):
        # file name -> [(where, text)], the package's first, then each user's
        self._texts = texts
        self._lexicons: dict[str, dict[str, Any]] = {}
        digest = hashlib.sha256()
        for name in FILES:
            for _, text in texts[name]:
                digest.update(name.encode() + b"\0" + text.encode() + b"\0")
        self.fingerprint = digest.hexdigest()[:16]
        self.sources = tuple(
            dict.fromkeys(w.rsplit("/", 1)[0] for ws in texts.values() for w, _ in ws)
        )
        try:
            self.validate()
        except LexiconError as exc:
            users = [w for ws in texts.values() for w, _ in ws[1:]]
            if users and not any(u in str(exc) for u in users):
                # the entry is in the merged content: say which user files took part
                raise LexiconError(f"{exc} (merged with {', '.join(users)})") from exc
            raise

    # -- building

    @staticmethod
    @cache
    def default() -> RuleSet:
        """The package's own rules (one instance per process)."""
        return RuleSet({name: [(f"rules/{name}", _package_text(name))] for name in FILES})

    @classmethod
    def load(cls, folders: str | Path | Iterable[str | Path] | None = None) -> RuleSet:
        """The package's rules with each folder's files merged over them, in order.

        ``None``, ``"default"`` or no folders give :meth:`default`. A folder
        that does not exist, or holds a file of another name, is an error.
        """
        if folders is None or folders == "default":
            return cls.default()
        if isinstance(folders, str | Path):
            folders = [folders]
        texts = {name: list(parts) for name, parts in cls.default()._texts.items()}
        added = False
        for folder in map(Path, folders):
            if not folder.is_dir():
                raise LexiconError(f"{folder}: no such rules folder")
            for path in sorted(folder.iterdir()):
                if path.name.startswith((".", "_")) or path.is_dir():
                    continue
                if path.name not in texts:
                    raise LexiconError(
                        f"{path}: not a rule file (the files are: {', '.join(FILES)})"
                    )
                try:
                    text = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as exc:
                    raise LexiconError(f"{path}: cannot be read: {exc}") from exc
                texts[path.name].append((str(path), text))
                added = True
        return cls(texts) if added else cls.default()

    # -- reading

    def lexicon(self, name: str) -> dict[str, Any]:
        """The merged JSON file ``name`` (without ``.json``)."""
        data = self._lexicons.get(name)
        if data is None:
            file = f"{name}.json"
            if file not in self._texts:
                raise KeyError(f"no rule file {file}")
            parts = self._texts[file]
            data = parse_json(parts[0][0], parts[0][1])
            for where, text in parts[1:]:
                data = _merge(data, parse_json(where, text), where)
            self._lexicons[name] = data
        return data

    def lines(self, file: str) -> list[tuple[str, str]]:
        """The (where, line) pairs of a ``.jsonl`` file, the package's first."""
        out = []
        for where, text in self._texts[file]:
            for n, line in enumerate(text.splitlines(), 1):
                if line.strip():
                    out.append((f"{where}:{n}", line))
        return out

    def units(self) -> dict[str, Any]:
        return self._units

    def countries(self) -> dict[str, Any]:
        return self._countries

    def nonfacts(self) -> dict[str, Any]:
        return self._nonfacts

    def changes(self) -> dict[str, list[str]]:
        return self._changes

    def classify_rules(self) -> tuple[ClassifyRule, ...]:
        return self._classify

    def dates(self) -> DateRules:
        return self._dates

    def metrics(self) -> MetricRules:
        return self._metrics

    @cached_property
    def _units(self) -> dict[str, Any]:
        return check_units(self.lexicon("units"))

    @cached_property
    def _countries(self) -> dict[str, Any]:
        return check_countries(self.lexicon("countries"), self.lexicon("units"))

    @cached_property
    def _nonfacts(self) -> dict[str, Any]:
        return check_nonfacts(self.lexicon("nonfacts"))

    @cached_property
    def _changes(self) -> dict[str, list[str]]:
        return check_changes(self.lexicon("changes"))

    @cached_property
    def _dates(self) -> DateRules:
        return check_dates(self.lexicon("dates"))

    @cached_property
    def _metrics(self) -> MetricRules:
        return check_metrics(self.lexicon("metrics"))

    @cached_property
    def _classify(self) -> tuple[ClassifyRule, ...]:
        return check_classify(self.lines("classify.jsonl"), self.lexicon("items"))

    def validate(self) -> None:
        """Every file parsed and checked; the first problem raises LexiconError."""
        for name in FILES:
            if name.endswith(".json"):
                self.lexicon(name[: -len(".json")])
        self.units()
        self.countries()
        self.nonfacts()
        self.dates()
        self.changes()
        self.metrics()
        self.classify_rules()
        self.context()

    def context(self) -> Any:
        """``context.json`` as the context stage's validated vocabulary model."""
        return self._context

    @cached_property
    def _context(self) -> Any:
        # the model lives with its stage, which names its entity kinds
        from laborfacts.pipeline.entities import ContextVocabulary

        try:
            return ContextVocabulary.model_validate(self.lexicon("context"))
        except ValueError as exc:
            raise LexiconError(f"rules/context.json: {exc}") from exc

    # -- saving (spaCy's to_disk/from_disk)

    def to_disk(self, folder: str | Path) -> None:
        """Write the merged rules as one folder of rule files of the package's form."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for name in FILES:
            if name.endswith(".jsonl"):
                text = "".join(
                    r.model_dump_json(exclude_defaults=True) + "\n" for r in self.classify_rules()
                )
            else:
                text = json.dumps(self.lexicon(name[: -len(".json")]), ensure_ascii=False, indent=1)
            (folder / name).write_text(text, encoding="utf-8")

    @classmethod
    def from_disk(cls, folder: str | Path) -> RuleSet:
        """A rule set saved by :meth:`to_disk` (complete files, not merged)."""
        folder = Path(folder)
        texts: dict[str, list[tuple[str, str]]] = {}
        for name in FILES:
            path = folder / name
            try:
                texts[name] = [(str(path), path.read_text(encoding="utf-8"))]
            except OSError as exc:
                raise LexiconError(f"{path}: cannot be read: {exc}") from exc
        return cls(texts)
