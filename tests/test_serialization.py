"""A pipeline saved with ``nlp.to_disk`` loads with ``spacy.load`` in a fresh
process and gives the same facts, with the rules it was built on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from laborfacts import build_nlp
from laborfacts.rules import LexiconError, RuleSet

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "data" / "raw").glob("*.txt"))

# A type cue the package's rules do not have.
CUE = {
    "id": "workload.crates_per_shift",
    "type": "workload",
    "metric": "crates_per_shift",
    "kinds": ["count"],
    "cues": ["crates"],
    "tier": 0,
}
SENTENCE = "Each loader moved 340 crates in a shift at the depot."

LOAD = """
import json, sys
import spacy
nlp = spacy.load(sys.argv[1])
out = []
for path in sys.argv[2:]:
    doc = nlp(open(path, encoding="utf-8").read())
    out.append([f.model_dump(mode="json", exclude={"doc_id"}) for f in doc._.lf_facts])
print(json.dumps(out))
"""


def _facts_here(nlp, paths: list[Path]) -> list[list[dict]]:
    return [
        [
            f.model_dump(mode="json", exclude={"doc_id"})
            for f in nlp(p.read_text(encoding="utf-8"))._.lf_facts
        ]
        for p in paths
    ]


def _facts_loaded(saved: Path, paths: list[Path]) -> list[list[dict]]:
    proc = subprocess.run(
        [sys.executable, "-c", LOAD, str(saved), *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
        cwd=saved.parent,
    )
    return json.loads(proc.stdout)


def test_a_saved_pipeline_loads_in_a_fresh_process_with_the_same_facts(tmp_path: Path) -> None:
    nlp = build_nlp()
    saved = tmp_path / "pipeline"
    nlp.to_disk(saved)
    assert (saved / "laborfacts_quantities" / "units.json").is_file()
    expected = _facts_here(nlp, SAMPLES)
    assert sum(map(len, expected)) > 20
    assert _facts_loaded(saved, SAMPLES) == expected


def test_a_saved_pipeline_keeps_the_user_rules_it_was_built_with(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "classify.jsonl").write_text(json.dumps(CUE) + "\n", encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text(SENTENCE, encoding="utf-8")

    default = _facts_here(build_nlp(), [article])[0]
    assert all(f["rule"] != CUE["id"] for f in default)

    nlp = build_nlp(rules=rules)
    saved = tmp_path / "pipeline"
    nlp.to_disk(saved)
    (rules / "classify.jsonl").unlink()  # the saved pipeline carries its own copy
    loaded = _facts_loaded(saved, [article])[0]
    assert [(f["type"], f["metric"], f["rule"]) for f in loaded if f["value"] == 340] == [
        ("workload", "crates_per_shift", CUE["id"])
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("units.json", '{"currencies": {"ZZZ": {"name": "z", "signs": [], "words": []}}}', "ZZZ"),
        ("classify.jsonl", '{"id": "x", "type": "no_such_type", "kinds": ["count"]}', ":1"),
        ("widgets.json", "{}", "not a rule file"),
        ("units.json", "{not json", "not JSON"),
        ("units.json", '{"percent_words": "pc"}', "must be a list"),
    ],
)
def test_a_bad_rules_folder_fails_at_load_naming_file_and_entry(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        RuleSet.load(tmp_path)
    assert name in str(err.value) and message in str(err.value)


def test_a_user_rule_with_the_id_of_a_default_replaces_it(tmp_path: Path) -> None:
    first = RuleSet.default().classify_rules()[0]
    changed = {**first.model_dump(exclude_defaults=True), "metric": "replaced_metric"}
    (tmp_path / "classify.jsonl").write_text(json.dumps(changed) + "\n", encoding="utf-8")
    rules = RuleSet.load(tmp_path)
    assert len(rules.classify_rules()) == len(RuleSet.default().classify_rules())
    assert [r.metric for r in rules.classify_rules() if r.id == first.id] == ["replaced_metric"]
    assert rules.fingerprint != RuleSet.default().fingerprint
