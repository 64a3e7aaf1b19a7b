"""Decoding and discovery: every kind of input gives text or a one-line reason, never a crash."""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from laborfacts.reading import (
    Source,
    UnreadableInput,
    cut_point,
    decode,
    discover,
    iter_pieces,
    printable,
    read_source,
)

TEXT = "Pay rose to \u00a323 \u2014 \u201cfinally\u201d, said 5,000 workers. \U0001f44d\n"

DECODES = [
    # (id, bytes, expected text, expected encoding, number of warnings)
    ("utf8", TEXT.encode("utf-8"), TEXT, "utf-8", 0),
    ("utf8-bom", codecs.BOM_UTF8 + TEXT.encode("utf-8"), TEXT, "utf-8-sig", 0),
    ("utf16-le", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), TEXT, "utf-16", 0),
    ("utf16-be", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), TEXT, "utf-16", 0),
    ("utf32-le", codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), TEXT, "utf-32", 0),
    ("cp1252", b"\x93quoted\x94 don\x92t", "\u201cquoted\u201d don\u2019t", "cp1252", 1),
    ("empty", b"", "", "utf-8", 0),
    ("whitespace", b" \n\t\r\n ", " \n\t\r\n ", "utf-8", 0),
    ("crlf-kept", b"a\r\nb\rc\n", "a\r\nb\rc\n", "utf-8", 0),
    ("truncated-utf8", "caf\u00e9 \u20ac".encode()[:-1], "caf\u00e9 \ufffd", "utf-8", 1),
    ("utf16-odd-length", codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"x", "ab\ufffd",
     "utf-16", 1),
    ("bom-utf8-invalid", codecs.BOM_UTF8 + b"ok \xff", "ok \ufffd", "utf-8-sig", 1),
]  # fmt: skip


@pytest.mark.parametrize(("data", "text", "encoding", "n_warnings"),
                         [c[1:] for c in DECODES], ids=[c[0] for c in DECODES])  # fmt: skip
def test_decode(data: bytes, text: str, encoding: str, n_warnings: int) -> None:
    got, enc, warnings = decode(data)
    assert (got, enc, len(warnings)) == (text, encoding, n_warnings)


BINARY = [
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    ("pdf", b"%PDF-1.7\n1 0 obj\n", "PDF"),
    ("zip", b"PK\x03\x04\x14\x00", "ZIP"),
    ("utf16-no-bom", "5,000 workers".encode("utf-16-le"), "byte-order mark"),
    ("controls", bytes(range(1, 9)) * 50, "control"),
    ("undecodable", b"\x81\x8d\x8f\x90\x9d" * 100, "undecodable"),
    ("mostly-nul", b"ab" + b"\x00" * 200, "NUL"),
]


@pytest.mark.parametrize(("data", "why"), [c[1:] for c in BINARY], ids=[c[0] for c in BINARY])
def test_binary_is_refused_with_a_reason(data: bytes, why: str) -> None:
    with pytest.raises(UnreadableInput, match="binary") as info:
        decode(data)
    assert why in str(info.value)
    assert "\n" not in str(info.value)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_decode_any_bytes_gives_text_or_a_reason(data: bytes) -> None:
    try:
        text, encoding, warnings = decode(data)
    except UnreadableInput as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert encoding in {"utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252"}
    assert isinstance(text, str)
    text.encode("utf-8")  # no lone surrogates: always writable as UTF-8


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_discover_ignores_non_articles_in_folders_but_tries_named_files(tmp_path: Path) -> None:
    _write(tmp_path, "d/a.txt", b"a")
    _write(tmp_path, "d/b.MD", b"b")
    _write(tmp_path, "d/sub/c.markdown", b"c")
    _write(tmp_path, "d/image.png", b"\x89PNG")
    _write(tmp_path, "d/notes.pdf", b"%PDF")
    _write(tmp_path, "d/.hidden.txt", b"h")
    _write(tmp_path, "d/.git/x.txt", b"x")
    png = _write(tmp_path, "named.png", b"\x89PNG")
    problems: list[tuple[str, str]] = []
    found = list(discover([tmp_path / "d", png], problems))
    assert [s.doc_id for s in found] == ["a", "b", "sub/c", "named"]
    assert problems == []


def test_discover_reports_missing_and_empty_folders(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    _write(tmp_path, "pics/x.png", b"\x89PNG")
    problems: list[tuple[str, str]] = []
    found = list(discover([tmp_path / "nope.txt", tmp_path / "empty", tmp_path / "pics"], problems))
    assert found == []
    assert [reason.split(" (")[0] for _, reason in problems] == [
        "no such file or folder",
        "folder holds no article files",
        "folder holds no article files",
    ]


def test_discover_reads_a_file_once(tmp_path: Path) -> None:
    a = _write(tmp_path, "d/a.txt", b"a")
    found = list(discover([a, tmp_path / "d", a, "-", "-"], []))
    assert [s.doc_id for s in found] == ["a", "stdin"]


def test_discover_survives_a_link_loop_and_a_broken_link(tmp_path: Path) -> None:
    _write(tmp_path, "d/a.txt", b"a")
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d")
    (tmp_path / "d" / "broken.txt").symlink_to(tmp_path / "missing.txt")
    problems: list[tuple[str, str]] = []
    found = list(discover([tmp_path / "d"], problems))
    assert sorted(s.doc_id for s in found) == ["a", "broken"]
    with pytest.raises(UnreadableInput, match="no such file"):
        read_source(next(s for s in found if s.doc_id == "broken"))


def test_a_folder_named_as_a_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInput, match="folder"):
        read_source(Source(str(tmp_path), "x"))


def test_printable_escapes_controls_and_undecodable_bytes() -> None:
    assert printable("a\nb\x1b[31m") == "a\\nb\\x1b[31m"
    assert printable("caf\udce9.txt") == "caf\\xe9.txt"
    assert printable("plain name.txt") == "plain name.txt"


def test_stdin_is_read_and_decoded() -> None:
    decoded = read_source(Source("-", "stdin"), stdin=io.BytesIO(b"\x93hi\x94"))
    assert decoded.encoding == "cp1252"
    assert list(decoded.pieces()) == [(0, "\u201chi\u201d")]


# --- pieces ---------------------------------------------------------------------


def test_cut_prefers_blank_lines_then_line_breaks_then_spaces() -> None:
    assert cut_point("para one.\n\npara two.\nline", 22) == len("para one.\n\n")
    assert cut_point("para one.\n \t\npara two", 15) == len("para one.\n \t\n")
    assert cut_point("line one\nline two", 12) == len("line one\n")
    assert cut_point("words and more words", 12) == len("words and ")
    assert cut_point("x" * 30, 12) == 12
    assert cut_point("short", 12) == 5


PIECE_TEXTS = st.lists(
    st.sampled_from(["a", "b", " ", "\n", "\r\n", "\n\n", "\u00e9", "\U0001f600"]), max_size=400
).map("".join)


@settings(max_examples=200, deadline=None)
@given(PIECE_TEXTS, st.integers(min_value=1, max_value=50))
def test_pieces_cover_the_text_exactly(text: str, limit: int) -> None:
    pieces = list(iter_pieces(text, limit))
    assert "".join(p for _, p in pieces) == text
    pos = 0
    for start, piece in pieces:
        assert start == pos and 0 < len(piece) <= limit or text == ""
        pos += len(piece)


def test_pieces_never_cut_inside_a_paragraph_when_avoidable() -> None:
    paragraphs = [f"Paragraph {i} has {i * 100} workers." for i in range(50)]
    text = "\n\n".join(paragraphs)
    for _, piece in iter_pieces(text, 120):
        assert piece.rstrip("\n") in paragraphs or all(
            p in paragraphs for p in piece.strip("\n").split("\n\n")
        )


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-16-le", codecs.BOM_UTF16_LE), ("cp1252", b"")],
)
def test_large_files_stream_in_pieces_with_whole_file_offsets(
    tmp_path: Path, encoding: str, prefix: bytes
) -> None:
    paragraphs = [f"Paragraph {i}: \u201c{i * 7} workers\u201d." for i in range(400)]
    text = "\n\n".join(paragraphs) + "\n"
    path = _write(tmp_path, "big.txt", prefix + text.encode(encoding))
    decoded = read_source(Source(str(path), "big"), max_bytes=1000, piece_chars=1000)
    pieces = list(decoded.pieces())
    assert len(pieces) > 10
    assert "".join(p for _, p in pieces) == text
    assert all(text[s : s + len(p)] == p and len(p) <= 1000 for s, p in pieces)
    assert all(p.endswith("\n\n") for _, p in pieces[:-1])
    assert (
        decoded.encoding == {"utf-8": "utf-8", "utf-16-le": "utf-16", "cp1252": "cp1252"}[encoding]
    )


def test_a_large_binary_file_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.txt", b"text " * 1000 + b"\x00" * 2000 + b"more " * 1000)
    with pytest.raises(UnreadableInput, match="NUL"):
        read_source(Source(str(path), "big"), max_bytes=100)


def test_a_large_pipe_is_spooled_and_streamed() -> None:
    data = ("word " * 30 + "\n\n") * 200
    decoded = read_source(
        Source("-", "stdin"), stdin=io.BytesIO(data.encode()), max_bytes=500, piece_chars=500
    )
    pieces = list(decoded.pieces())
    assert len(pieces) > 1 and "".join(p for _, p in pieces) == data


def test_pieces_are_cut_at_sentence_ends_before_line_breaks_inside_a_sentence() -> None:
    from laborfacts.reading import cut_point

    text = "Pay rose. The depot\nhired 40 drivers and then more"
    assert text[: cut_point(text, 40)] == "Pay rose. "
    assert cut_point("one two three four", 12) == len("one two ")
    assert cut_point("x" * 30, 12) == 12
