"""Scoring predicted facts against gold annotations, as SPEC section 5 defines.

``evaluate`` (in ``scoring``) pairs the facts of each document one to one and
counts span, typed, value and strict matches; ``evaluate_paths`` reads gold
and predictions (``eval_inputs``), or extracts articles first, and raises
``EvalInputError`` with a one-line reason when an input is unusable. Scoring
``.jsonl`` predictions never loads the pipeline (nor spaCy): only articles
are extracted, through ``laborfacts.api`` imported when they are. Nothing here
prints.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from pathlib import Path

from laborfacts.eval_inputs import (
    ArticleTexts,
    article_sources,
    discover_inputs,
    read_gold,
    read_predictions,
)
from laborfacts.models import Document, Fact
from laborfacts.options import ExtractOptions
from laborfacts.reading import ARTICLE_SUFFIXES, Source
from laborfacts.scoring import (
    ATTRIBUTES,
    GOLD_MAY_OMIT,
    GOLD_REQUIRED,
    SCORED_TYPES,
    TOLERANCE,
    EvalInputError,
    GoldFact,
    Mistake,
    Report,
    Scores,
    attribute_ok,
    evaluate,
    pair,
    values_agree,
)

__all__ = [
    "ATTRIBUTES",
    "GOLD_MAY_OMIT",
    "GOLD_REQUIRED",
    "SCORED_TYPES",
    "TOLERANCE",
    "ArticleTexts",
    "EvalInputError",
    "GoldFact",
    "Mistake",
    "Report",
    "Scores",
    "attribute_ok",
    "evaluate",
    "evaluate_paths",
    "pair",
    "read_gold",
    "read_predictions",
    "values_agree",
]


def evaluate_paths(
    gold: Path,
    predictions: Sequence[Path],
    *,
    articles: Path | None = None,
    docs: Collection[str] | None = None,
    jobs: int = 1,
    on_document: Callable[[Document], None] | None = None,
    rules: str | Path | None = None,
) -> Report:
    """Score prediction files, or article files extracted on the fly, against gold.

    ``predictions`` are ``.jsonl`` files or folders of them, or article files
    and folders (``.txt``, ``.md``). Articles (those given as predictions, and
    those in ``articles``) are used to check gold offsets. Articles are
    extracted on ``jobs`` processes with the rules folder ``rules`` (merged
    over the package's); ``on_document`` is called with each (a progress
    bar). Raises EvalInputError when an input is unusable.
    """
    given, from_jsonl = _predictions(predictions)
    texts = article_sources([articles], "--articles") if articles is not None else []
    if not from_jsonl:
        texts += given
    gold_facts = read_gold(gold, ArticleTexts(texts))
    if not gold_facts:
        raise EvalInputError(f"{gold}: no gold facts")
    gold_docs = list(dict.fromkeys(g.doc for g in gold_facts if docs is None or g.doc in docs))
    if not gold_docs:
        raise EvalInputError(f"{gold}: no gold facts for the documents asked for")
    warnings: list[str] = []
    if from_jsonl:
        preds = read_predictions(given)
        if not any(p.doc in gold_docs for p in preds):
            warnings.append("the predictions name none of the gold documents")
    else:
        options = ExtractOptions(rules=str(rules) if rules is not None else None)
        preds = _extracted(texts, gold_docs, options, jobs, on_document, warnings)
    report = evaluate(gold_facts, preds, docs=docs)
    report.warnings = warnings
    return report


def _predictions(predictions: Sequence[Path]) -> tuple[list[Source], bool]:
    """The prediction inputs, and whether they are records (else articles)."""
    if not predictions:
        raise EvalInputError("no predictions given")
    given = discover_inputs(predictions, "predictions")
    kinds = {s.kind for s in given}
    if len(kinds) > 1:
        raise EvalInputError(
            "predictions mix extraction output (.jsonl, .json, .csv) with articles; give one kind"
        )
    from_jsonl = kinds == {"records"}
    for s in given:
        suffix = Path(s.path).suffix.lower()
        if not from_jsonl and s.explicit and suffix not in ARTICLE_SUFFIXES:
            raise EvalInputError(f"{s.name}: predictions must be .jsonl, .json, .csv, .txt or .md")
    return given, from_jsonl


def _extracted(
    texts: list[Source],
    gold_docs: list[str],
    options: ExtractOptions,
    jobs: int,
    on_document: Callable[[Document], None] | None,
    warnings: list[str],
) -> list[Fact]:
    """The facts extracted from the article of each gold document."""
    from laborfacts.api import Problem, extract_paths

    chosen: dict[str, Source] = {}
    for s in texts:
        if s.doc_id in gold_docs:
            chosen.setdefault(s.doc_id, s)
    if not chosen:
        raise EvalInputError(f"no article for any gold document (gold ids like {gold_docs[0]!r})")
    warnings += [
        f"{d}: no article found; its gold counts as missed" for d in gold_docs if d not in chosen
    ]
    problems: list[Problem] = []
    preds: list[Fact] = []
    for d in extract_paths(list(chosen.values()), options=options, jobs=jobs, problems=problems):
        if on_document is not None:
            on_document(d)
        preds.extend(d.facts)
    warnings += [str(p) for p in problems]
    return preds
