"""``metadata.json`` beside the database, for browsing the store with Datasette."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from laborfacts.export import atomic_writer

METADATA_NAME = "metadata.json"
_FACETS = ["type", "metric", "subject"]


def datasette_metadata(db_path: Path, existing: dict[str, Any] | None = None) -> dict[str, Any]:
    """Datasette metadata for the store: facets, labels, descriptions.

    Keys already in ``existing`` (someone's edits) win over these.
    """
    ours: dict[str, Any] = {
        "facts": {
            "title": "Facts",
            "description": "Labor facts extracted from the articles, one row per fact.",
            "facets": list(_FACETS),
            "label_column": "text",
            "sort": "fact_id",
        },
        "documents": {
            "title": "Articles",
            "description": "The articles, with their publication date and SHA-256.",
            "label_column": "title",
        },
    }
    data = dict(existing or {})
    data.setdefault("title", "laborfacts")
    databases = data.setdefault("databases", {})
    entry = databases.setdefault(db_path.stem, {})
    tables = entry.setdefault("tables", {})
    for name, table in ours.items():
        tables[name] = {**table, **tables.get(name, {})}
    return data


def write_metadata(db_path: Path) -> Path:
    """Write (or update) ``metadata.json`` beside ``db_path``, atomically."""
    target = db_path.parent / METADATA_NAME
    existing: dict[str, Any] | None = None
    try:
        loaded = json.loads(target.read_text(encoding="utf-8"))
        existing = loaded if isinstance(loaded, dict) else None
    except (OSError, ValueError):
        existing = None
    with atomic_writer(target) as fh:
        json.dump(datasette_metadata(db_path, existing), fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    return target
