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

Modules: ``discovery`` (files and folders to ``Source``), ``files`` (opening,
streaming), ``decoding`` (bytes to text), ``pieces`` (cutting long texts),
``errors`` (``UnreadableInput`` and its reasons).
"""

from laborfacts.reading.decoding import codec_name, decode, decode_as, sniff
from laborfacts.reading.discovery import (
    ARTICLE_SUFFIXES,
    OUT_DIR_CSV,
    RECORD_SUFFIXES,
    STDIN,
    Source,
    discover,
    doc_id_for,
    output_clash,
    printable,
)
from laborfacts.reading.errors import UnreadableInput, os_reason
from laborfacts.reading.files import MAX_BYTES, Decoded, read_source
from laborfacts.reading.pieces import (
    PIECE_CHARS,
    PIECE_CHARS_ENV,
    cut_point,
    iter_pieces,
    piece_chars_default,
)

__all__ = [
    "ARTICLE_SUFFIXES",
    "MAX_BYTES",
    "OUT_DIR_CSV",
    "PIECE_CHARS",
    "PIECE_CHARS_ENV",
    "RECORD_SUFFIXES",
    "STDIN",
    "Decoded",
    "Source",
    "UnreadableInput",
    "codec_name",
    "cut_point",
    "decode",
    "decode_as",
    "discover",
    "doc_id_for",
    "iter_pieces",
    "os_reason",
    "output_clash",
    "piece_chars_default",
    "printable",
    "read_source",
    "sniff",
]
