"""Bytes to text: a byte-order mark, else UTF-8, else cp1252; binary data refused."""

from __future__ import annotations

import codecs
import itertools
import re
from collections.abc import Iterable

from laborfacts.reading.errors import UnreadableInput

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
