"""One line in a user's rules folder changes what ``laborfacts extract --rules``
reads: a currency, a percent word, a date form, a said-verb and a type cue.

Each case runs the CLI twice on the same article, without and with the
folder, and checks that only the run with it reads the figure the new rule
is about."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from laborfacts.cli import app

Check = Callable[[list[dict[str, Any]]], bool]


def _by_text(facts: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    return [f for f in facts if text in f["text"]]


CASES: list[tuple[str, str, str, str, Check]] = [
    (
        "currency",
        "units.json",
        '{"currencies": {"KES": {"name": "Kenyan shilling", "signs": ["KSh"], "words": []}}}',
        "Couriers in the city are paid KSh 1,450 a day, the union said.",
        lambda fs: any(f["unit"] == "KES" and f["value"] == 1450 for f in fs),
    ),
    (
        "percent word",
        "units.json",
        '{"percent_words": ["per centum"]}',
        "Turnover at the depot reached 38 per centum last year.",
        lambda fs: any(f["unit"] == "percent" and f["value"] == 38 for f in fs),
    ),
    (
        "date form",
        "dates.json",
        json.dumps(
            {
                "forms": [
                    {
                        "id": "date.quarter",
                        "read": "year",
                        "re": r"\bQ[1-4]{WS}(?P<y>{YEAR}){NOT_NUM_AFTER}",
                        "examples": ["Q3 2024"],
                    }
                ]
            }
        ),
        "Warehouse hiring slowed in Q3 2024, the filing said.",
        lambda fs: any(f["type"] == "date" and f["text"].startswith("Q3") for f in fs),
    ),
    (
        "said-verb",
        "cues.json",
        '{"attribution_verbs": ["averred"]}',
        "Drivers at the depot earn $24 an hour, Jane Roe averred.",
        lambda fs: any(f["attribution"] == "Jane Roe" for f in _by_text(fs, "$24")),
    ),
    (
        "type cue",
        "classify.jsonl",
        '{"id": "workload.crates", "type": "workload", "metric": "crates_per_shift", '
        '"kinds": ["count"], "cues": ["crates"], "tier": 0}',
        "Each loader moved 340 crates in a shift at the depot.",
        lambda fs: any(f["type"] == "workload" and f["rule"] == "workload.crates" for f in fs),
    ),
]


def _extract(article: Path, rules: Path | None) -> list[dict[str, Any]]:
    args = ["extract", str(article), "--format", "jsonl", "-q"]
    if rules is not None:
        args += ["--rules", str(rules)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


@pytest.mark.parametrize(
    ("what", "file", "line", "text", "check"), CASES, ids=[c[0] for c in CASES]
)
def test_one_line_in_a_rules_folder_takes_effect(
    tmp_path: Path, what: str, file: str, line: str, text: str, check: Check
) -> None:
    assert "\n" not in line  # one line, as a user would add it
    article = tmp_path / "article.txt"
    article.write_text(text + "\n", encoding="utf-8")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / file).write_text(line + "\n", encoding="utf-8")

    assert not check(_extract(article, None)), f"the package's rules already read the {what}"
    assert check(_extract(article, rules)), f"the {what} added in {file} was not read"


def test_a_subject_alias_in_a_rules_folder_groups_claims_in_diff(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text(
        "Brackwater Haulage pays well\n\nBrackwater Haulage employs about 1,200 drivers, "
        "the company said on Monday.\n",
        encoding="utf-8",
    )
    b = tmp_path / "b.txt"
    b.write_text(
        "BWH Logistics hiring\n\nBWH Logistics employs about 1,250 drivers, "
        "according to its filing.\n",
        encoding="utf-8",
    )
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "aliases.json").write_text(
        '{"entities": [{"name": "Brackwater Haulage", "kind": "company", '
        '"aliases": ["BWH Logistics"]}]}\n',
        encoding="utf-8",
    )

    def frames(*extra: str) -> list[dict[str, Any]]:
        args = ["diff", str(a), str(b), "--format", "json", "-q", *extra]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        return [f for f in json.loads(result.stdout)["frames"] if f["type"] == "workforce"]

    assert len(frames()) == 2  # two subjects, each claim alone in its frame
    together = frames("--rules", str(rules))
    assert len(together) == 1 and {c["doc"] for c in together[0]["claims"]} == {"a", "b"}
