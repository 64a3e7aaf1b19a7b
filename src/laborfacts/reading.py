"""Finding article files and decoding them into text.

Offsets in every record refer to the text returned here, exactly as decoded:
nothing is normalised (no newline translation; a byte-order mark is the only
thing dropped, as every UTF-8 reader does).

Decoding, in order: a UTF-32 or UTF-16 byte-order mark decides; else UTF-8
(with or without BOM); else cp1252, with a warning. Binary data (NUL bytes, a
known binary signature, or mostly control or undecodable characters) is
refused with UnreadableInput.

Texts longer than one piece are handed out in pieces cut at paragraph
boundaries (see ``split_points``); files above ``max_bytes`` are streamed from
disk in such pieces, so memory stays bounded by the piece size.
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
STDIN = "-"
MAX_BYTES = 50 * 1024 * 1024
# Longer texts are processed in pieces: spaCy refuses texts above
# Language.max_length (1,000,000), and memory and time per text grow faster
# than its length (measured: 100,000 characters take ~0.5 s and ~20 MB).
PIECE_CHARS = 100_000
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


def doc_id_for(path: str) -> str:
    return "stdin" if path == STDIN else printable(Path(path).stem)


def _walk(folder: Path, problems: list[tuple[str, str]]) -> list[Path]:
    found: list[Path] = []

    def onerror(exc: OSError) -> None:
        where = exc.filename or folder
        problems.append((printable(os.fspath(where)), f"cannot list folder: {_reason(exc)}"))

    # Symlinked folders are not followed, so a link loop cannot trap the walk.
    for root, dirs, files in os.walk(folder, onerror=onerror):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or Path(name).suffix.lower() not in ARTICLE_SUFFIXES:
                continue
            found.append(Path(root, name))
    return found


def _identity(path: Path) -> object:
    """What makes two paths the same file: device and inode (one stat call,
    where resolving the path would look up each of its parts)."""
    try:
        st = os.stat(path)
    except OSError:
        return os.path.realpath(path)
    return (st.st_dev, st.st_ino)


def discover(paths: Iterable[str | Path], problems: list[tuple[str, str]]) -> Iterator[Source]:
    """Expand files and folders into sources, in command-line order.

    Folders are searched recursively for article files (``*.txt``, ``*.md``,
    ``*.markdown``, ``*.text``; hidden entries skipped), in sorted order; other
    files there are ignored silently. A file named explicitly is always
    attempted, whatever its suffix. Paths that do not exist and folders that
    hold no articles are appended to ``problems`` as ``(path, reason)``. A file
    reached twice (again, or through a link) is read once.
    """
    seen: set[object] = set()
    for raw in paths:
        p = os.fspath(raw)
        if p == STDIN:
            if STDIN not in seen:
                seen.add(STDIN)
                yield Source(STDIN, "stdin", "<stdin>")
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
            found = _walk(path, problems)
            if not found and len(problems) == errors_before:
                problems.append(
                    (printable(p), "folder holds no article files (*.txt, *.md, *.markdown)")
                )
            for f in found:
                key = _identity(f)
                if key not in seen:
                    seen.add(key)
                    yield Source(str(f), doc_id_for(str(f)), explicit=False)
        elif exists:
            key = _identity(path)
            if key not in seen:
                seen.add(key)
                yield Source(p, doc_id_for(p))
        else:
            problems.append((printable(p), "no such file or folder"))


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
    if "\x00" in sample:
        raise UnreadableInput("binary file (holds NUL characters)")
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


def _nul_check(label: str, block: bytes) -> None:
    if label in ("utf-8", "utf-8-sig") and b"\x00" in block:
        raise UnreadableInput(_nul_reason(block[:4096]))


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
        label, warnings = _failure(label, exc.start, truncated)
        text = data.decode(_CODECS[label], errors="replace")
    _check_text(text[:_SNIFF_CHARS], label)
    return text, label, warnings


def sniff(blocks: Iterable[bytes]) -> tuple[str, list[str]]:
    """Choose the encoding of a file read as ``blocks``, in one pass, holding one block.

    Raises UnreadableInput for binary data.
    """
    it = iter(blocks)
    head = next(it, b"")
    label = _start(head)
    decoder = codecs.getincrementaldecoder(_CODECS[label])()
    offset = 0
    for block in itertools.chain([head], it):
        _nul_check(label, block)
        try:
            decoder.decode(block)
        except UnicodeDecodeError as exc:
            return _failure(label, offset + max(0, exc.start), truncated=False)
        offset += len(block)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return _failure(label, offset, truncated=True)
    return label, []


def _nul_reason(head: bytes) -> str:
    # Every other byte NUL: UTF-16 text whose byte-order mark is missing.
    half = len(head) // 3
    if len(head) >= 4 and (head[1::2].count(0) > half or head[0::2].count(0) > half):
        return "binary file (holds NUL bytes; UTF-16 without a byte-order mark is not supported)"
    return "binary file (holds NUL bytes)"


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
    try:
        fh = open(source.path, "rb")  # noqa: SIM115 - closed by the caller
    except OSError as exc:
        raise UnreadableInput(_reason(exc)) from exc
    try:
        st = os.fstat(fh.fileno())
        if stat.S_ISDIR(st.st_mode):
            raise UnreadableInput("is a folder")
        if not stat.S_ISREG(st.st_mode) and not source.explicit:
            raise UnreadableInput("not a regular file")
    except BaseException:
        fh.close()
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
    unknown size that turn out larger) are streamed in pieces of at most
    ``min(max_bytes, piece_chars)`` characters.
    """
    fh, size = _open_bytes(source, stdin)
    limit = max(1, min(max_bytes, piece_chars))
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
    return Decoded(label, warnings, lambda: iter_pieces(text, piece_chars))


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
    return text, label, warnings


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

    After the last blank line within the limit; else after the last line
    break; else after the last whitespace; else a hard cut at ``limit``.
    """
    if len(text) <= limit:
        return len(text)
    window = text[:limit]
    last = None
    for last in _BLANK_LINE.finditer(window):  # noqa: B007 - only the last match is wanted
        pass
    if last is not None:
        return last.end()
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
