"""Fixtures for the robustness suite: hostile and broken inputs built at test time."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import spacy
from robust_samples import ARTICLE, CP1252, PNG, UNREADABLE, UTF16
from spacy.language import Language
from spacy.tokens import Doc

import laborfacts.pipeline.extensions  # noqa: F401  (declares doc._.lf_*)
from laborfacts.models import Fact
from laborfacts.reading import files as reading_files

TEST_COMPONENT = "laborfacts_test_numbers"


if not Language.has_factory(TEST_COMPONENT):

    @Language.component(TEST_COMPONENT)
    def _numbers(doc: Doc) -> Doc:
        """A stand-in extractor: every digit run is a count; 'BOOM' makes it fail."""
        if "BOOM" in doc.text:
            raise RuntimeError("component exploded\non two lines")
        doc._.lf_facts = [
            Fact(
                doc="?",
                type="count",
                value=float(m.group().replace(",", "")),
                unit="count",
                text=m.group(),
                start=m.start(),
                end=m.end(),
            )  # fmt: skip
            for m in re.finditer(r"\d+(?:,\d{3})*", doc.text)
        ]
        return doc


@pytest.fixture(scope="session")
def test_nlp() -> Language:
    """A pipeline independent of the real extractor, for batch and CLI plumbing tests."""
    nlp = spacy.blank("en")
    nlp.add_pipe(TEST_COMPONENT)
    return nlp


@pytest.fixture
def use_test_nlp(monkeypatch: pytest.MonkeyPatch, test_nlp: Language) -> Language:
    monkeypatch.setattr("laborfacts.api.get_nlp", lambda: test_nlp)
    return test_nlp


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def make_unreadable(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod 000; as root (who can read anything) make ``open`` refuse it instead."""
    if not is_root():
        path.chmod(0)
        return
    real_open: Callable[..., Any] = reading_files._open_fd

    def fake_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if os.fspath(file) == os.fspath(path) or Path(os.fspath(file)).name == path.name:
            raise PermissionError(13, "Permission denied", os.fspath(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(reading_files, "_open_fd", fake_open)


@pytest.fixture
def mixed_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A valid article, a PNG, a cp1252 file, an empty file, a UTF-16 file, an unreadable file."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "image.png").write_bytes(PNG)
    (folder / "report.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (folder / "curly.txt").write_bytes(CP1252)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "utf16.txt").write_bytes(UTF16)
    locked = folder / "unreadable.txt"
    locked.write_text(UNREADABLE, encoding="utf-8")
    make_unreadable(locked, monkeypatch)
    yield folder
    if locked.exists():
        locked.chmod(0o644)
