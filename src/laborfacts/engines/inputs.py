"""The inputs of a Dask run: local paths by the one discovery, fsspec URLs, their bytes."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from laborfacts.api import Problem
from laborfacts.reading import ARTICLE_SUFFIXES, STDIN, discover, os_reason, printable

Item = tuple[str, str, bytes]


def is_url(path: str) -> bool:
    return "://" in path


@dataclass(frozen=True)
class Input:
    """One input file of a job: its place in the input order, id and path (or URL)."""

    seq: int
    doc_id: str
    path: str


def _url_inputs(url: str, problems: list[Problem]) -> Iterator[tuple[str, str]]:
    import fsspec

    try:
        fs, root = fsspec.core.url_to_fs(url)
        if fs.isdir(root):
            found = sorted(
                f
                for f in fs.find(root)
                if PurePosixPath(f).suffix.lower() in ARTICLE_SUFFIXES
                and not any(
                    part.startswith(".") for part in PurePosixPath(f).relative_to(root).parts
                )
            )
            if not found:
                problems.append(
                    Problem(url, "folder holds no article files (*.txt, *.md, *.markdown)")
                )
        elif fs.exists(root):
            found = [root]
        else:
            problems.append(Problem(url, "no such file or folder"))
            return
    except (OSError, ValueError, ImportError) as exc:
        problems.append(Problem(url, f"cannot list: {exc}"))
        return
    for f in found:
        yield printable(PurePosixPath(f).stem), fs.unstrip_protocol(f)


def discover_inputs(paths: Iterable[str | Path], problems: list[Problem]) -> Iterator[Input]:
    """Inputs in command-line order: local paths as ``reading.discover`` finds them,
    fsspec URLs (``file://``, ``s3://``, ...) listed through fsspec. Problems
    (a missing path, an empty folder) are appended as they are met."""
    seq = itertools.count()
    for is_remote, group in itertools.groupby((os.fspath(p) for p in paths), key=is_url):
        if is_remote:
            for url in group:
                for doc_id, path in _url_inputs(url, problems):
                    yield Input(next(seq), doc_id, path)
            continue
        found: list[tuple[str, str]] = []
        for source in discover(list(group), found):
            problems.extend(Problem(p, reason) for p, reason in found)
            found.clear()
            if source.path == STDIN:
                problems.append(Problem(source.name, "stdin cannot be sent to a cluster"))
                continue
            yield Input(next(seq), source.doc_id, source.path)
        problems.extend(Problem(p, reason) for p, reason in found)


def read_inputs(inputs: Iterable[Input], problems: list[Problem]) -> Iterator[Item]:
    """The bytes of each input (local path or fsspec URL); a failed read is a problem."""
    for inp in inputs:
        try:
            if is_url(inp.path):
                import fsspec

                with fsspec.open(inp.path, "rb") as fh:
                    data = fh.read()
            else:
                with open(inp.path, "rb") as fh:
                    data = fh.read()
        except OSError as exc:
            problems.append(Problem(printable(inp.path), os_reason(exc)))
            continue
        yield inp.doc_id, inp.path, data
