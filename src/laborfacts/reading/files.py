"""Opening an input and handing out its decoded text in pieces.

Files up to ``max_bytes`` are read whole; larger ones are streamed from disk
in the same pieces, so the limit changes how a file is read, never what is
extracted from it.
"""

from __future__ import annotations

import codecs
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import IO

from laborfacts.reading.decoding import (
    _CODECS,
    _SNIFF_CHARS,
    _check_text,
    codec_name,
    decode,
    decode_as,
    sniff,
)
from laborfacts.reading.discovery import STDIN, Source
from laborfacts.reading.errors import UnreadableInput, os_reason
from laborfacts.reading.pieces import PIECE_CHARS, cut_point, iter_pieces

MAX_BYTES = 50 * 1024 * 1024
_BLOCK = 1 << 20


@dataclass
class Decoded:
    """A decoded input: its encoding, warnings and the text in pieces.

    ``pieces()`` yields ``(start, text)`` with ``start`` the character offset
    of the piece in the whole decoded text; it may be called once.
    """

    encoding: str
    warnings: list[str] = field(default_factory=list)
    pieces: Callable[[], Iterator[tuple[int, str]]] = lambda: iter(())


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
        raise UnreadableInput(os_reason(exc)) from exc
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
        raise UnreadableInput(os_reason(exc)) from exc
    except BaseException:
        fh.close()
        raise
    fh.close()
    text, label, warnings = decode(data) if encoding is None else decode_as(data, encoding)
    del data
    return Decoded(label, warnings, lambda: iter_pieces(text, limit))


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
        raise UnreadableInput(os_reason(exc)) from exc
    except BaseException:
        fh.close()
        raise

    return Decoded(encoding, warnings, partial(_streamed_pieces, fh, encoding, limit))


def _streamed_pieces(fh: IO[bytes], encoding: str, limit: int) -> Iterator[tuple[int, str]]:
    """The second pass of ``_stream``: decode ``fh`` block by block into pieces."""
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
        raise UnreadableInput(os_reason(exc)) from exc
    finally:
        fh.close()
