"""Finding article files and decoding them into text.

Offsets in every record refer to the text returned here, exactly as decoded:
nothing is normalised (no newline translation; a byte-order mark is the only
thing dropped, as every UTF-8 reader does).

Decoding, in order: a UTF-32 or UTF-16 byte-order mark decides; else UTF-8
(with or without BOM); else cp1252, with a warning. Binary data (a known
binary signature, UTF-16 without its byte-order mark, or mostly control or
undecodable characters) is refused with UnreadableInput. A stray NUL byte in
a text is kept as the character it is, with a warning, so offsets stay exact.

Texts longer than one piece are handed out in pieces cut at paragraph,
line or sentence boundaries (see ``cut_point``); files above ``max_bytes``
are streamed from disk in the same pieces, so the limit changes how a file is
read, never what is extracted from it.

Discovery (``discover``) is shared by every command: articles, and with
``records=True`` the outputs of ``extract`` (``.jsonl``, ``.json``, ``.csv``,
an ``--out-dir`` folder) too.
"""

from __future__ import annotations

import codecs
import itertools
import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
# What ``extract`` writes: read back as records by diff and eval.
RECORD_SUFFIXES = frozenset({".jsonl", ".json", ".csv"})
# The facts.csv of an --out-dir folder repeats its <id>.json files.
OUT_DIR_CSV = "facts.csv"
STDIN = "-"
MAX_BYTES = 50 * 1024 * 1024
# Longer texts are processed in pieces: spaCy refuses texts above
# Language.max_length (1,000,000), and memory and time per text grow faster
# than its length (measured: 100,000 characters take ~0.5 s and ~20 MB).
PIECE_CHARS = 100_000
# Set to force smaller pieces (tests compare a run in tiny pieces with a whole one).
PIECE_CHARS_ENV = "LABORFACTS_PIECE_CHARS"
_BLOCK = 1 << 20
_SNIFF_CHARS = 1 << 16

# Formats recognised by their first bytes, so they are refused before decoding.
_SIGNATURES = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"PK\x03\x04", "ZIP/Office"),
    (b"\x1f\x8b", "gzip"),
    (b"%!PS", "PostScript"),
    (b"\x7fELF", "executable"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
# C0 controls and DEL, except the whitespace a text file may hold.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
# The end of a sentence: a stop, closing quotes or brackets, space, and what
# may start the next one.
_SENTENCE_END = re.compile(r"[.!?][\"')\]\u201d\u2019]*\s+(?=[A-Z0-9\"'(\[\u201c\u2018])")


class UnreadableInput(Exception):
    """An input that cannot be turned into text; the message says why in one line."""


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


@dataclass
class Decoded:
    """A decoded input: its encoding, warnings and the text in pieces.

    ``pieces()`` yields ``(start, text)`` with ``start`` the character offset
    of the piece in the whole decoded text; it may be called once.
    """

    encoding: str
    warnings: list[str] = field(default_factory=list)
    pieces: Callable[[], Iterator[tuple[int, str]]] = lambda: iter(())


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


def piece_chars_default() -> int:
    """PIECE_CHARS, or the size ``LABORFACTS_PIECE_CHARS`` asks for."""
    raw = os.environ.get(PIECE_CHARS_ENV, "")
    return max(1, int(raw)) if raw.isdigit() else PIECE_CHARS


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
        problems.append((printable(os.fspath(where)), f"cannot list folder: {_reason(exc)}"))

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
    seen: set[object] = set()
    used: set[str] = set()

    def source(path: str, doc_id: str, **kw: object) -> Source:
        doc_id = _unique_id(doc_id, path, used)
        used.add(doc_id)
        return Source(path, doc_id, **kw)  # type: ignore[arg-type]

    for raw in paths:
        if isinstance(raw, Source):
            # Already discovered (by a caller that sorts inputs by kind): kept as it is.
            key = STDIN if raw.path == STDIN else _identity(Path(raw.path))
            if key not in seen:
                seen.add(key)
                used.add(raw.doc_id)
                yield raw
            continue
        p = os.fspath(raw)
        if p == STDIN:
            if STDIN not in seen:
                seen.add(STDIN)
                yield source(STDIN, "stdin", name="<stdin>")
            continue
        path = Path(p)
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists() or path.is_symlink()
        except OSError as exc:
            problems.append((printable(p), _reason(exc)))
            continue
        if is_dir:
            errors_before = len(problems)
            found = _walk(path, problems, records)
            if not found and len(problems) == errors_before:
                what = "article files (*.txt, *.md, *.markdown)"
                if records:
                    what = "article files or extraction output (*.jsonl, *.json, *.csv)"
                problems.append((printable(p), f"folder holds no {what}"))
            for f, kind in found:
                key = _identity(f)
                if key not in seen:
                    seen.add(key)
                    yield source(str(f), doc_id_for(str(f), path), explicit=False, kind=kind)
                elif repeated is not None:
                    repeated.append(printable(str(f)))
        elif exists:
            key = _identity(path)
            if key in seen and repeated is not None:
                repeated.append(printable(p))
            if key not in seen:
                seen.add(key)
                kind = (
                    "records" if records and path.suffix.lower() in RECORD_SUFFIXES else "article"
                )
                yield source(p, doc_id_for(p), kind=kind)
        else:
            problems.append((printable(p), "no such file or folder"))


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


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a folder"
    if isinstance(exc, FileNotFoundError):
        return "no such file (or a broken link)"
    return (exc.strerror or type(exc).__name__).lower()


def _signature(head: bytes) -> str | None:
    for magic, name in _SIGNATURES:
        if head.startswith(magic):
            return name
    return None


def _bom(head: bytes) -> tuple[str, str] | None:
    """(codec, label) for a byte-order mark at the start of ``head``."""
    for bom, codec, label in _BOMS:
        if head.startswith(bom):
            return codec, label
    return None


def _check_text(sample: str, encoding: str) -> None:
    """Refuse text that is mostly control or undecodable characters."""
    if not sample:
        return
    bad = len(_CONTROL.findall(sample))
    if encoding == "cp1252":
        bad += sample.count("\ufffd")
    if bad > max(8, len(sample) // 10):
        raise UnreadableInput("binary file (mostly control or undecodable characters)")


# Document.encoding label → Python codec that drops the BOM.
_CODECS = {
    "utf-8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "utf-16": "utf-16",
    "utf-32": "utf-32",
    "cp1252": "cp1252",
}


def _start(head: bytes) -> str:
    """The encoding label a file's first bytes call for; refuses known binary formats."""
    kind = _signature(head)
    if kind:
        raise UnreadableInput(f"binary file ({kind})")
    bom = _bom(head)
    return bom[1] if bom else "utf-8"


def _nul_check(label: str, block: bytes) -> int:
    """NUL bytes of a UTF-8 ``block``: refused when they look like UTF-16 or
    binary data, else counted (a stray NUL is kept as a character)."""
    if label not in ("utf-8", "utf-8-sig"):
        return 0
    n = block.count(b"\x00")
    if n and (_utf16_like(block[:4096]) or n > max(8, len(block) // 10)):
        raise UnreadableInput(_nul_reason(block[:4096]))
    return n


def _nul_warning(n: int) -> list[str]:
    return [f"holds {n} NUL byte(s), kept as characters"] if n else []


def _failure(label: str, at: int, truncated: bool) -> tuple[str, list[str]]:
    """Encoding and warning after the bytes proved invalid for ``label`` at byte ``at``."""
    if truncated:
        # A character cut off at the very end is truncation, not another encoding.
        return label, [f"{label} text ends inside a character; the last bytes were replaced"]
    if label == "utf-8":
        return "cp1252", [f"not valid UTF-8 (byte {at}); decoded as cp1252"]
    return label, [f"invalid {label} (byte {at}); bad bytes replaced"]


def decode(data: bytes) -> tuple[str, str, list[str]]:
    """Decode article bytes: a UTF-32/16 BOM, else UTF-8 (BOM or not), else cp1252.

    Returns ``(text, encoding, warnings)``. Raises UnreadableInput for binary data.
    """
    label = _start(data[:16])
    _nul_check(label, data)
    warnings: list[str] = []
    try:
        text = data.decode(_CODECS[label])
    except UnicodeDecodeError as exc:
        truncated = exc.reason == "unexpected end of data" and exc.end == len(data)
        label, failed = _failure(label, exc.start, truncated)
        warnings += failed
        text = data.decode(_CODECS[label], errors="replace")
    _check_text(text[:_SNIFF_CHARS], label)
    return text, label, _nul_warning(text.count("\x00")) + warnings


def sniff(blocks: Iterable[bytes]) -> tuple[str, list[str]]:
    """Choose the encoding of a file read as ``blocks``, in one pass, holding one block.

    Raises UnreadableInput for binary data.
    """
    it = iter(blocks)
    head = next(it, b"")
    label = _start(head)
    decoder = codecs.getincrementaldecoder(_CODECS[label])()
    offset = nuls = 0
    failed: tuple[str, list[str]] | None = None
    for block in itertools.chain([head], it):
        nuls += _nul_check(label, block)
        if failed is None:
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                failed = _failure(label, offset + max(0, exc.start), truncated=False)
        offset += len(block)
    if failed is None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            failed = _failure(label, offset, truncated=True)
    if failed is not None:
        return failed[0], _nul_warning(nuls) + failed[1]
    return label, _nul_warning(nuls)


def _utf16_like(head: bytes) -> bool:
    # Every other byte NUL: UTF-16 text whose byte-order mark is missing.
    half = len(head) // 3
    return len(head) >= 4 and (head[1::2].count(0) > half or head[0::2].count(0) > half)


def _nul_reason(head: bytes) -> str:
    if _utf16_like(head):
        return "binary file (holds NUL bytes; UTF-16 without a byte-order mark is not supported)"
    return "binary file (holds NUL bytes)"


def _open_fd(path: str, flags: int) -> int:
    return os.open(path, flags)


def _open_bytes(source: Source, stdin: IO[bytes] | None) -> tuple[IO[bytes], int]:
    """Open a source for reading bytes; returns (file, size)."""
    if source.path == STDIN:
        if stdin is None:
            raise UnreadableInput("no standard input")
        # Spooled to a temporary file so it can be sniffed, then read in pieces.
        spool = tempfile.TemporaryFile()
        while block := stdin.read(_BLOCK):
            spool.write(block)
        size = spool.tell()
        spool.seek(0)
        return spool, size
    # A file found in a folder is opened without blocking: opening a named
    # pipe waits for a writer that may never come. Reads of a regular file
    # ignore the flag.
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
    if not source.explicit:
        flags |= getattr(os, "O_NONBLOCK", 0)
    try:
        fd = _open_fd(source.path, flags)
    except OSError as exc:
        raise UnreadableInput(_reason(exc)) from exc
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise UnreadableInput("is a folder")
        if not stat.S_ISREG(st.st_mode) and not source.explicit:
            raise UnreadableInput("not a regular file")
        fh = open(fd, "rb", closefd=True)  # noqa: SIM115 - closed by the caller
    except BaseException:
        os.close(fd)
        raise
    return fh, st.st_size if stat.S_ISREG(st.st_mode) else -1


def read_source(
    source: Source,
    *,
    stdin: IO[bytes] | None = None,
    max_bytes: int = MAX_BYTES,
    piece_chars: int = PIECE_CHARS,
    encoding: str | None = None,
) -> Decoded:
    """Open and decode one source; raises UnreadableInput with a one-line reason.

    ``encoding`` (a Python codec name) is used instead of detection; bytes
    invalid in it are replaced, with a warning.

    Files up to ``max_bytes`` are read whole; larger ones (and pipes of
    unknown size that turn out larger) are streamed from disk. Either way the
    text is handed out in the same pieces of at most ``piece_chars``
    characters, so ``max_bytes`` bounds memory and changes no output.
    """
    fh, size = _open_bytes(source, stdin)
    limit = max(1, piece_chars)
    try:
        if size > max_bytes:
            return _stream(fh, b"", limit, encoding)
        data = fh.read() if size >= 0 else fh.read(max_bytes + 1)
        if len(data) > max_bytes:
            return _stream(fh, data, limit, encoding)
    except OSError as exc:
        fh.close()
        raise UnreadableInput(_reason(exc)) from exc
    except BaseException:
        fh.close()
        raise
    fh.close()
    text, label, warnings = decode(data) if encoding is None else decode_as(data, encoding)
    del data
    return Decoded(label, warnings, lambda: iter_pieces(text, limit))


def codec_name(encoding: str) -> str:
    """The canonical name of a text codec (``latin1`` → ``iso8859-1``); LookupError if none."""
    info = codecs.lookup(encoding)
    if not getattr(info, "_is_text_encoding", True):
        raise LookupError(f"{encoding!r} is not a text encoding")
    return info.name


def decode_as(data: bytes, encoding: str) -> tuple[str, str, list[str]]:
    """Decode with the codec the caller chose; bad bytes are replaced, with a warning."""
    label = codec_name(encoding)
    try:
        text = data.decode(label)
        warnings: list[str] = []
    except UnicodeDecodeError as exc:
        text = data.decode(label, errors="replace")
        warnings = [f"invalid {label} (byte {exc.start}); bad bytes replaced"]
    _check_text(text[:_SNIFF_CHARS], label)
    # A stray NUL is kept as the character it is, with a warning, whatever the codec.
    return text, label, warnings + _nul_warning(text.count("\x00"))


def _stream(fh: IO[bytes], head: bytes, limit: int, chosen: str | None = None) -> Decoded:
    """Sniff a large input in one pass, then decode it in pieces in a second.

    ``head`` holds bytes already read from a pipe (``fh`` not seekable).
    """
    try:
        if head:
            # A pipe: keep what was read and spool the rest so it can be read twice.
            spool = tempfile.TemporaryFile()
            spool.write(head)
            del head
            while block := fh.read(_BLOCK):
                spool.write(block)
            fh.close()
            fh = spool
        fh.seek(0)
        if chosen is None:
            encoding, warnings = sniff(iter(lambda: fh.read(_BLOCK), b""))
        else:
            encoding, warnings = codec_name(chosen), []
    except OSError as exc:
        fh.close()
        raise UnreadableInput(_reason(exc)) from exc
    except BaseException:
        fh.close()
        raise

    def pieces() -> Iterator[tuple[int, str]]:
        # The first pass proved the bytes valid, or warned that bad ones are replaced.
        decoder = codecs.getincrementaldecoder(_CODECS.get(encoding, encoding))(errors="replace")
        try:
            fh.seek(0)
            buf = ""
            start = 0
            checked = False
            while True:
                block = fh.read(_BLOCK)
                buf += decoder.decode(block, final=not block)
                if not checked and (len(buf) >= _SNIFF_CHARS or not block):
                    _check_text(buf[:_SNIFF_CHARS], encoding)
                    checked = True
                while len(buf) > limit or (not block and buf):
                    cut = cut_point(buf, limit)
                    yield start, buf[:cut]
                    start += cut
                    buf = buf[cut:]
                if not block:
                    return
        except OSError as exc:
            raise UnreadableInput(_reason(exc)) from exc
        finally:
            fh.close()

    return Decoded(encoding, warnings, pieces)


def cut_point(text: str, limit: int) -> int:
    """Where to end a piece of ``text`` no longer than ``limit`` characters.

    After the last blank line within the limit; else after the last sentence
    end; else after the last line break; else after the last whitespace; else
    a hard cut at ``limit``. Pieces are processed with some text of
    their neighbours around them (see ``api``), so a cut inside a sentence
    loses nothing; these choices keep such cuts rare.
    """
    if len(text) <= limit:
        return len(text)
    window = text[:limit]
    last = None
    for last in _BLANK_LINE.finditer(window):  # noqa: B007 - only the last match is wanted
        pass
    if last is not None:
        return last.end()
    end = None
    for end in _SENTENCE_END.finditer(window):  # noqa: B007 - only the last match is wanted
        pass
    if end is not None:
        return end.end()
    i = window.rfind("\n")
    if i > 0:
        return i + 1
    for i in range(limit - 1, 0, -1):
        if window[i].isspace():
            return i + 1
    return limit


def iter_pieces(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """``(start, piece)`` pairs covering ``text``, each at most ``limit`` characters."""
    if len(text) <= limit:
        yield 0, text
        return
    start = 0
    while start < len(text):
        cut = cut_point(text[start : start + limit + 1], limit)
        yield start, text[start : start + cut]
        start += cut
