"""Extract's outputs read back as records, for every command that takes them.

``reading.discover(paths, problems, records=True)`` finds the inputs (articles,
and ``.jsonl``, ``.json``, ``.csv`` files or ``--out-dir`` folders that
``extract`` wrote); ``read_records`` turns one of the latter into Documents:

* ``.jsonl`` (SPEC records, one fact a line): one Document per ``doc`` id, in
  order of first appearance. JSONL carries no document metadata, so these
  Documents have no publication date.
* ``.json``: ``extract --format json`` (an array of documents) or an
  ``--out-dir`` file (one document).
* ``.csv``: ``extract --format csv`` or an ``--out-dir`` ``facts.csv``; the
  ``path`` column, when present, becomes the Document's path.

Errors raise ``UnreadableInput`` with a one-line reason (``line N: ...``).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from laborfacts.export import read_csv
from laborfacts.models import Document, Fact
from laborfacts.reading import Source, UnreadableInput, printable

_FACT_KEYS = frozenset(Fact.model_fields)


def validation_reason(exc: ValidationError) -> str:
    """The first error of a validation, on one line."""
    err = exc.errors()[0]
    msg = str(err["msg"]).removeprefix("Value error, ")
    where = ".".join(str(part) for part in err["loc"])
    return f"field '{where}': {msg}" if where else msg


def json_lines(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` for each non-blank line of a JSONL file."""
    try:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    data = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise UnreadableInput(
                        f"line {n}: not JSON: {exc.msg} (column {exc.colno})"
                    ) from exc
                if not isinstance(data, dict):
                    raise UnreadableInput(f"line {n}: not a JSON object")
                yield n, data
    except UnicodeDecodeError as exc:
        raise UnreadableInput(f"not UTF-8 (byte {exc.start})") from exc
    except OSError as exc:
        raise UnreadableInput((exc.strerror or str(exc)).lower()) from exc


def facts_from_jsonl(
    path: str | Path, keep: Callable[[dict[str, Any]], bool] | None = None
) -> Iterator[tuple[int, Fact]]:
    """SPEC records of a JSONL file; keys that are not record fields are
    ignored, records ``keep`` refuses are passed by unchecked."""
    for n, data in json_lines(path):
        if keep is not None and not keep(data):
            continue
        try:
            yield n, Fact.model_validate({k: v for k, v in data.items() if k in _FACT_KEYS})
        except ValidationError as exc:
            raise UnreadableInput(f"line {n}: {validation_reason(exc)}") from exc


def documents_from_json(data: Any) -> list[Document]:
    """Documents from ``extract --format json`` (an array) or ``--out-dir`` (one object)."""
    items = data if isinstance(data, list) else [data]
    return [Document.model_validate(item) for item in items]


def _group(facts: Iterator[tuple[str | None, Fact]], where: str) -> list[Document]:
    docs: dict[str, Document] = {}
    for path, fact in facts:
        doc = docs.get(fact.doc)
        if doc is None:
            doc = docs[fact.doc] = Document(
                id=fact.doc, path=path or where, sha256="", chars=0, words=0
            )
        doc.facts.append(fact)
    return list(docs.values())


def _csv_facts(path: str) -> Iterator[tuple[str | None, Fact]]:
    with open(path, encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh), None)
        if not header or "doc" not in header or "start" not in header:
            raise UnreadableInput("not a laborfacts CSV (no doc and start columns)")
        fh.seek(0)
        paths = (row.get("path") or None for row in csv.DictReader(fh))
        fh2 = open(path, encoding="utf-8", newline="")  # noqa: SIM115 - closed below
        try:
            for n, (fact, where) in enumerate(zip(read_csv(fh2), paths, strict=False), 2):
                del n
                yield where, fact
        finally:
            fh2.close()


def read_records(source: Source) -> list[Document]:
    """The Documents an output of ``extract`` holds (see the module docstring)."""
    suffix = Path(source.path).suffix.lower()
    where = source.name
    try:
        if suffix == ".json":
            with open(source.path, encoding="utf-8") as fh:
                return documents_from_json(json.load(fh))
        if suffix == ".csv":
            return _group(_csv_facts(source.path), where)
        return _group(((None, f) for _, f in facts_from_jsonl(source.path)), where)
    except UnreadableInput:
        raise
    except OSError as exc:
        raise UnreadableInput((exc.strerror or str(exc)).lower()) from exc
    except UnicodeDecodeError as exc:
        raise UnreadableInput(f"not UTF-8 (byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise UnreadableInput(f"not a JSON file: {exc.msg} (line {exc.lineno})") from exc
    except (ValidationError, ValueError, KeyError) as exc:
        reason = validation_reason(exc) if isinstance(exc, ValidationError) else str(exc)
        raise UnreadableInput(f"not a laborfacts extraction: {printable(reason)}") from exc
