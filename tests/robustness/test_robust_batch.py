"""extract_paths: one bad file never ends a batch; large texts go through in pieces."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from laborfacts.api import Problem, extract_paths
from laborfacts.reading import decode


def _run(paths: list[Path | str], nlp: Language, **kw: object) -> tuple[dict, list[Problem]]:
    problems: list[Problem] = []
    docs = {d.id: d for d in extract_paths(paths, nlp=nlp, problems=problems, **kw)}  # type: ignore[arg-type]
    return docs, problems


def test_every_readable_file_is_processed_whatever_the_others(
    mixed_folder: Path, test_nlp: Language
) -> None:
    png = mixed_folder / "image.png"
    docs, problems = _run([mixed_folder, png, mixed_folder / "gone.txt"], test_nlp)
    assert sorted(docs) == ["article", "curly", "empty", "utf16"]
    assert docs["curly"].encoding == "cp1252" and docs["curly"].warnings
    assert docs["utf16"].encoding == "utf-16"
    assert docs["empty"].facts == [] and docs["empty"].chars == 0
    assert [(Path(p.path).name, p.skipped) for p in problems] == [
        ("curly.txt", False),
        ("unreadable.txt", True),
        ("image.png", True),
        ("gone.txt", True),
    ]
    assert "permission denied" in problems[1].reason
    assert "binary file (PNG)" in problems[2].reason


def test_an_extractor_failure_skips_only_that_file(tmp_path: Path, test_nlp: Language) -> None:
    for i in range(10):
        text = "BOOM 3 workers" if i == 4 else f"{i} workers"
        (tmp_path / f"a{i}.txt").write_text(text)
    docs, problems = _run([tmp_path], test_nlp, batch_size=4)
    assert sorted(docs) == [f"a{i}" for i in range(10) if i != 4]
    assert [p.path for p in problems] == [str(tmp_path / "a4.txt")]
    assert problems[0].reason.startswith("extraction failed: RuntimeError: component exploded")
    assert "\n" not in problems[0].reason


def test_a_large_file_is_split_and_offsets_stay_whole_file(
    tmp_path: Path, test_nlp: Language
) -> None:
    paragraphs = [f"Paragraph {i} counts {i * 11} workers." for i in range(300)]
    text = "\n\n".join(paragraphs)
    (tmp_path / "big.txt").write_text(text)
    (tmp_path / "small.txt").write_text("7 workers")
    whole, _ = _run([tmp_path], test_nlp)
    pieces, problems = _run([tmp_path], test_nlp, max_bytes=500)
    assert problems == []
    big = pieces["big"]
    assert [f.record() for f in big.facts] == [f.record() for f in whole["big"].facts]
    assert all(text[f.start : f.end] == f.text for f in big.facts)
    assert (big.sha256, big.chars, big.words) == (
        whole["big"].sha256,
        whole["big"].chars,
        whole["big"].words,
    )
    assert len(big.facts) == 600


def test_texts_longer_than_max_length_are_split(tmp_path: Path, test_nlp: Language) -> None:
    text = "\n".join(f"Line {i}: 42 workers." for i in range(200))
    (tmp_path / "long.txt").write_text(text)
    old = test_nlp.max_length
    test_nlp.max_length = 300
    try:
        docs, problems = _run([tmp_path / "long.txt"], test_nlp)
    finally:
        test_nlp.max_length = old
    assert problems == []
    facts = docs["long"].facts
    assert len(facts) == 400 and all(text[f.start : f.end] == f.text for f in facts)


def test_a_later_piece_inherits_the_publication_date(tmp_path: Path) -> None:
    """With the real pipeline: pieces after the first keep the header's date."""
    from laborfacts.pipeline import build_nlp

    body = "\n\n".join(f"On April {1 + i % 20}, {i} workers walked out." for i in range(80))
    (tmp_path / "dated.txt").write_text("Strike report\nApril 29, 2026\n\n" + body)
    nlp = build_nlp()
    whole, _ = _run([tmp_path], nlp)
    split, problems = _run([tmp_path], nlp, max_bytes=400)
    assert problems == []
    assert split["dated"].published == whole["dated"].published == "2026-04-29"
    dates = [f.value for f in split["dated"].facts if f.type == "date"]
    assert dates and all(d is not None for d in dates)


def test_stdin_callable_is_read_only_when_asked(tmp_path: Path, test_nlp: Language) -> None:
    (tmp_path / "a.txt").write_text("3 workers")

    def explode() -> bytes:
        raise AssertionError("stdin read without '-'")

    docs, _ = _run([tmp_path / "a.txt"], test_nlp, read_stdin=explode)
    assert list(docs) == ["a"]
    docs, _ = _run(["-"], test_nlp, read_stdin=lambda: b"\xff\xfe" + "9 x".encode("utf-16-le"))
    assert docs["stdin"].encoding == "utf-16" and docs["stdin"].facts[0].value == 9


@pytest.mark.parametrize("name", ["a\nb.txt", "esc\x1b[31m.txt", "caf\udce9.txt"])
def test_hostile_file_names_are_reported_on_one_line(
    tmp_path: Path, test_nlp: Language, name: str
) -> None:
    try:
        (tmp_path / name).write_bytes(b"\x89PNG\r\n\x1a\n")
    except (OSError, UnicodeEncodeError):
        pytest.skip("file system refuses the name")
    docs, problems = _run([tmp_path / name], test_nlp)
    assert docs == {} and len(problems) == 1
    assert problems[0].path.isprintable()


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=3000))
def test_any_bytes_give_a_document_or_a_problem(tmp_path: Path, data: bytes) -> None:
    """With the real pipeline: any file content ends as one document or one problem."""
    path = tmp_path / "any.txt"
    path.write_bytes(data)
    problems: list[Problem] = []
    docs = list(extract_paths([path], problems=problems))
    skipped = [p for p in problems if p.skipped]
    assert len(docs) + len(skipped) == 1
    for d in docs:
        text, _, _ = decode(data)
        assert d.chars == len(text)
        assert all(text[f.start : f.end] == f.text for f in d.facts)
