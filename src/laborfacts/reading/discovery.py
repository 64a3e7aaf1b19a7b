"""Finding the inputs of a command: the one discovery every command shares.

``discover`` expands files and folders into ``Source`` objects, in
command-line order: articles, and with ``records=True`` the outputs of
``extract`` (``.jsonl``, ``.json``, ``.csv``, an ``--out-dir`` folder) too.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from laborfacts.reading.errors import os_reason

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
# What ``extract`` writes: read back as records by diff and eval.
RECORD_SUFFIXES = frozenset({".jsonl", ".json", ".csv"})
# The facts.csv of an --out-dir folder repeats its <id>.json files.
OUT_DIR_CSV = "facts.csv"
STDIN = "-"


@dataclass(frozen=True)
class Source:
    """One article to read: a file path, or stdin when ``path`` is ``-``.

    ``name`` is ``path`` made printable (undecodable bytes and control
    characters escaped): it goes into records and messages.
    """

    path: str
    doc_id: str
    name: str = ""
    explicit: bool = True
    kind: str = "article"  # or "records": output of extract, read back by diff and eval

    def __post_init__(self) -> None:
        if not self.name:
            object.__setattr__(self, "name", printable(self.path))


def printable(text: str) -> str:
    """``text`` on one line: control, format and surrogate characters escaped."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable() or ch == " ":
            out.append(ch)
        elif unicodedata.category(ch) == "Cs":
            # A surrogate escape holds one undecodable byte of a file name.
            out.append(f"\\x{ord(ch) - 0xDC00:02x}" if 0xDC80 <= ord(ch) <= 0xDCFF else "\\ufffd")
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)


def doc_id_for(path: str, folder: str | Path | None = None) -> str:
    """SPEC section 1: a file found in ``folder`` is named by its path relative
    to it, without the extension (``2024/jan/a``); a file given directly by its
    name without the extension."""
    if path == STDIN:
        return "stdin"
    if folder is not None:
        rel = Path(os.path.relpath(path, folder))
        return printable(rel.with_suffix("").as_posix())
    return printable(Path(path).stem)


def _unique_id(doc_id: str, path: str, used: set[str]) -> str:
    """``doc_id``, or, if this run already gave it to another file, the same id
    behind as many of the file's parent folders as make it unique (``b/x``),
    then a number (``x-2``). The same inputs in the same order give the same ids."""
    if doc_id not in used:
        return doc_id
    parents = Path(os.path.abspath(path)).parent.parts[1:]
    for n in range(1, len(parents) + 1):
        candidate = printable("/".join(parents[-n:])) + "/" + doc_id
        if candidate not in used:
            return candidate
    n = 2
    while f"{doc_id}-{n}" in used:
        n += 1
    return f"{doc_id}-{n}"


def _wanted(name: str, records: bool) -> str | None:
    """The kind of a file met in a folder, or None to pass it by."""
    if name.startswith("."):
        return None
    suffix = Path(name).suffix.lower()
    if suffix in ARTICLE_SUFFIXES:
        return "article"
    if records and suffix in RECORD_SUFFIXES:
        return "records"
    return None


def _walk(folder: Path, problems: list[tuple[str, str]], records: bool) -> list[tuple[Path, str]]:
    found: list[tuple[Path, str]] = []

    def onerror(exc: OSError) -> None:
        where = exc.filename or folder
        problems.append((printable(os.fspath(where)), f"cannot list folder: {os_reason(exc)}"))

    # Symlinked folders are not followed, so a link loop cannot trap the walk.
    for root, dirs, files in os.walk(folder, onerror=onerror):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        here = [(name, kind) for name in sorted(files) if (kind := _wanted(name, records))]
        json_here = any(name.lower().endswith(".json") for name, _ in here)
        for name, kind in here:
            if kind == "records" and name == OUT_DIR_CSV and json_here:
                continue  # an --out-dir folder: its .json files hold the same facts
            found.append((Path(root, name), kind))
    return found


def _identity(path: Path) -> object:
    """What makes two paths the same file: device and inode (one stat call,
    where resolving the path would look up each of its parts)."""
    try:
        st = os.stat(path)
    except OSError:
        return os.path.realpath(path)
    return (st.st_dev, st.st_ino)


def discover(
    paths: Iterable[str | Path | Source],
    problems: list[tuple[str, str]],
    *,
    records: bool = False,
    repeated: list[str] | None = None,
) -> Iterator[Source]:
    """Expand files and folders into sources, in command-line order: the one
    input discovery of every command.

    Folders are searched recursively for article files (``*.txt``, ``*.md``,
    ``*.markdown``, ``*.text``; hidden entries skipped), in sorted order; with
    ``records``, for extract's outputs too (``*.jsonl``, ``*.json``, ``*.csv``;
    an --out-dir folder's ``facts.csv`` is passed by, its ``.json`` files hold
    the same facts), as sources of kind ``records``. Other files there are
    ignored silently; only regular files found there are read (a named pipe
    would block). A file named explicitly is always attempted, whatever its
    suffix and kind of file (a FIFO or ``/dev/fd/N`` is read as a stream).
    Paths that do not exist and folders that hold no articles are appended to
    ``problems`` as ``(path, reason)``. A file reached twice (again, or through
    a link) is read once, and its path appended to ``repeated`` when given.
    Document ids follow SPEC section 1 and are unique within the run (see
    ``_unique_id``). A ``Source`` among ``paths`` is passed through as it is.
    """
    walk = _Discovery(problems, records, repeated)
    for raw in paths:
        if isinstance(raw, Source):
            yield from walk.given(raw)
        elif os.fspath(raw) == STDIN:
            yield from walk.stdin()
        else:
            yield from walk.path(os.fspath(raw))


class _Discovery:
    """The state of one ``discover`` call: files met (by identity) and ids given."""

    def __init__(
        self, problems: list[tuple[str, str]], records: bool, repeated: list[str] | None
    ) -> None:
        self.problems = problems
        self.records = records
        self.repeated = repeated
        self.seen: set[object] = set()
        self.used: set[str] = set()

    def source(self, path: str, doc_id: str, **kw: object) -> Source:
        doc_id = _unique_id(doc_id, path, self.used)
        self.used.add(doc_id)
        return Source(path, doc_id, **kw)  # type: ignore[arg-type]

    def first_time(self, key: object, shown: str) -> bool:
        """Is the file of ``key`` met for the first time? Else it is noted as repeated."""
        if key not in self.seen:
            self.seen.add(key)
            return True
        if self.repeated is not None:
            self.repeated.append(shown)
        return False

    def given(self, raw: Source) -> Iterator[Source]:
        # Already discovered (by a caller that sorts inputs by kind): kept as it is.
        key = STDIN if raw.path == STDIN else _identity(Path(raw.path))
        if key not in self.seen:
            self.seen.add(key)
            self.used.add(raw.doc_id)
            yield raw

    def stdin(self) -> Iterator[Source]:
        if STDIN not in self.seen:
            self.seen.add(STDIN)
            yield self.source(STDIN, "stdin", name="<stdin>")

    def path(self, p: str) -> Iterator[Source]:
        path = Path(p)
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists() or path.is_symlink()
        except OSError as exc:
            self.problems.append((printable(p), os_reason(exc)))
            return
        if is_dir:
            yield from self.folder(path, p)
        elif exists:
            if self.first_time(_identity(path), printable(p)):
                suffix = path.suffix.lower()
                kind = "records" if self.records and suffix in RECORD_SUFFIXES else "article"
                yield self.source(p, doc_id_for(p), kind=kind)
        else:
            self.problems.append((printable(p), "no such file or folder"))

    def folder(self, path: Path, p: str) -> Iterator[Source]:
        errors_before = len(self.problems)
        found = _walk(path, self.problems, self.records)
        if not found and len(self.problems) == errors_before:
            what = "article files (*.txt, *.md, *.markdown)"
            if self.records:
                what = "article files or extraction output (*.jsonl, *.json, *.csv)"
            self.problems.append((printable(p), f"folder holds no {what}"))
        for f, kind in found:
            if self.first_time(_identity(f), printable(str(f))):
                yield self.source(str(f), doc_id_for(str(f), path), explicit=False, kind=kind)


def output_clash(
    paths: Iterable[str | Path], output: str | Path, *, records: bool = False
) -> str | None:
    """The input that writing ``output`` would overwrite, or None.

    The same file is found by device and inode, so through symlinks and hard
    links; an existing file inside a folder input clashes when the folder
    search would read it. Only regular files can be overwritten: a device or
    pipe as output (``/dev/stdout``) never clashes.
    """
    try:
        out = os.stat(output)
    except OSError:
        return None
    if not stat.S_ISREG(out.st_mode):
        return None
    real = os.path.realpath(output)
    for raw in paths:
        p = os.fspath(raw)
        if p == STDIN:
            continue
        try:
            st = os.stat(p)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) == (out.st_dev, out.st_ino):
            return p
        if stat.S_ISDIR(st.st_mode):
            rel = Path(os.path.relpath(real, os.path.realpath(p)))
            inside = rel.parts and rel.parts[0] != ".."
            if inside and not any(part.startswith(".") for part in rel.parts[:-1]):
                if _wanted(rel.name, records):
                    return real
    return None
