"""Reading what ``eval`` scores: gold files, predictions (any output of
``extract``) and article texts, each checked with a one-line reason naming the
file when it cannot be used (``EvalInputError``). Nothing here extracts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from laborfacts.inputs import facts_from_jsonl, json_lines, read_records, validation_reason
from laborfacts.models import Fact
from laborfacts.reading import Source, UnreadableInput, discover, read_source
from laborfacts.scoring import GOLD_REQUIRED, SCORED_TYPES, EvalInputError, GoldFact


def discover_inputs(paths: Iterable[Path], role: str) -> list[Source]:
    """Every input of ``role``, by the discovery every command shares; a path
    that does not exist, an empty folder or a file given twice is an error."""
    problems: list[tuple[str, str]] = []
    repeated: list[str] = []
    sources = list(discover(paths, problems, records=True, repeated=repeated))
    if problems:
        p, reason = problems[0]
        if role == "gold" and reason.startswith("folder holds no"):
            reason = "gold folder holds no *.jsonl files"
        elif reason == "no such file or folder" and not role.startswith("-"):
            reason = f"no such {role} file or folder"
        else:
            reason = f"{reason} ({role})"
        raise EvalInputError(f"{p}: {reason}")
    if repeated:
        # Read twice, every fact of it would be a false positive or a double match.
        raise EvalInputError(f"{repeated[0]}: {role} given twice")
    return sources


def _at_line(source: Source, exc: UnreadableInput) -> EvalInputError:
    """``file:N: reason`` from a reader's ``line N: reason``."""
    m = _LINE.match(str(exc))
    if m:
        return EvalInputError(f"{source.name}:{m.group(1)}: {m.group(2)}")
    return EvalInputError(f"{source.name}: {exc}")


_LINE = re.compile(r"line (\d+): (.*)", re.DOTALL)


def _problem(exc: ValidationError) -> str:
    return validation_reason(exc)


class ArticleTexts:
    """Article texts by document id, read on first use."""

    def __init__(self, sources: Iterable[Source]) -> None:
        self.paths = {s.doc_id: s for s in sources}
        self._texts: dict[str, str] = {}

    def text(self, doc: str) -> str | None:
        source = self.paths.get(doc)
        if source is None:
            return None
        if doc not in self._texts:
            try:
                decoded = read_source(source)
                self._texts[doc] = "".join(piece for _, piece in decoded.pieces())
            except UnreadableInput as exc:
                raise EvalInputError(f"{source.path}: {exc}") from exc
        return self._texts[doc]


def _gold_files(path: Path) -> list[Source]:
    files = [s for s in discover_inputs([path], "gold") if Path(s.path).suffix.lower() == ".jsonl"]
    if not files:
        raise EvalInputError(f"{path}: gold folder holds no *.jsonl files")
    return files


def _gold_lines(source: Source) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        yield from json_lines(source.path)
    except UnreadableInput as exc:
        raise _at_line(source, exc) from exc


def read_gold(path: Path, articles: ArticleTexts | None = None) -> list[GoldFact]:
    """Read and check gold facts; with ``articles``, each ``text`` must be the
    article's characters at ``start:end``. A line that repeats another (the
    same record) is an error: it would count a fact twice."""
    facts = []
    lines: dict[str, str] = {}
    for gold_file in _gold_files(path):
        file = gold_file.name
        for n, data in _gold_lines(gold_file):
            key = json.dumps(data, sort_keys=True)
            if key in lines:
                raise EvalInputError(f"{file}:{n}: the same gold fact as {lines[key]}")
            lines[key] = f"{file}:{n}"
            missing = [k for k in GOLD_REQUIRED if k not in data]
            if missing:
                raise EvalInputError(f"{file}:{n}: missing field '{missing[0]}'")
            if data["type"] not in SCORED_TYPES:
                raise EvalInputError(f"{file}:{n}: field 'type': {data['type']!r} is not scored")
            try:
                fact = GoldFact.model_validate(data)
            except ValidationError as exc:
                raise EvalInputError(f"{file}:{n}: {_problem(exc)}") from exc
            source = articles.text(fact.doc) if articles is not None else None
            if source is not None and source[fact.start : fact.end] != fact.text:
                raise EvalInputError(
                    f"{file}:{n}: text {fact.text!r} does not match article {fact.doc!r} "
                    f"at {fact.start}:{fact.end}, which reads {source[fact.start : fact.end]!r}"
                )
            facts.append(fact)
    return facts


def _scored(data: dict[str, Any]) -> bool:
    return data.get("type") in SCORED_TYPES


def read_predictions(paths: Iterable[Path | Source]) -> list[Fact]:
    """Read predicted facts from any output of ``extract`` (``.jsonl``,
    ``.json``, ``.csv``, an ``--out-dir`` folder); records of unscored types
    are dropped (in JSONL unchecked), keys that are not record fields are
    ignored. A document whose facts are in two inputs is an error."""
    facts: list[Fact] = []
    where: dict[str, str] = {}
    sources = [p if isinstance(p, Source) else None for p in paths]
    found = [s for s in sources if s is not None] or discover_inputs(
        [p for p in paths if not isinstance(p, Source)], "predictions"
    )
    for source in found:
        docs: dict[str, None] = {}
        try:
            if Path(source.path).suffix.lower() == ".jsonl":
                for _, fact in facts_from_jsonl(source.path, keep=_scored):
                    docs[fact.doc] = None
                    facts.append(fact)
            else:
                for doc in read_records(source):
                    docs[doc.id] = None
                    facts.extend(f for f in doc.facts if f.type in SCORED_TYPES)
        except UnreadableInput as exc:
            raise _at_line(source, exc) from exc
        for doc_id in docs:
            if doc_id in where:
                raise EvalInputError(
                    f"{source.name}: predictions for {doc_id!r} are also in {where[doc_id]}"
                )
            where[doc_id] = source.name
    return facts


def article_sources(paths: Iterable[Path], role: str) -> list[Source]:
    found = discover_inputs(paths, role)
    records = [s for s in found if s.kind == "records"]
    if records:
        raise EvalInputError(f"{records[0].name}: not an article ({role})")
    return found
