"""Scoring predicted facts against gold annotations, as SPEC section 5 defines.

``evaluate`` pairs the facts of each document one to one and counts span,
typed, value and strict matches. It takes records; reading them is
``eval_inputs``, and ``evaluate.evaluate_paths`` puts the two together.
Nothing here prints.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from laborfacts.models import FACT_FIELDS, Fact, FactType

SCORED_TYPES = frozenset(t.value for t in FactType if t is not FactType.time_of_day)
ATTRIBUTES = ("qualifier", "direction", "per", "time", "subject")
# Numbers agree within this relative tolerance (SPEC section 5).
TOLERANCE = 0.005
# SPEC section 4: gold may leave these out; every other record field is required.
GOLD_MAY_OMIT = frozenset({"context", "sentence", "confidence", "attribution", "rule", "reader"})
GOLD_REQUIRED = tuple(f for f in FACT_FIELDS if f not in GOLD_MAY_OMIT)
# Defaults an attribute takes when gold leaves it null.
_ATTRIBUTE_DEFAULTS = {"qualifier": "exact", "direction": "level"}


class EvalInputError(Exception):
    """An input that cannot be scored; the message is one line naming the file."""


class GoldFact(Fact):
    """A gold record: a fact plus the two gold-only flags of SPEC section 4."""

    optional: bool = False
    stretch: bool = False


# --- figures ----------------------------------------------------------------


@dataclass(frozen=True)
class Scores:
    """Precision, recall and F1 from match, prediction and gold counts."""

    tp: int
    pred: int
    gold: int

    @property
    def p(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def r(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.p, self.r
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "p": round(self.p, 4),
            "r": round(self.r, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "pred": self.pred,
            "gold": self.gold,
        }


@dataclass(frozen=True)
class Mistake:
    """A miss (gold only), a false positive (pred only) or a wrong pairing (both)."""

    doc: str
    gold: dict[str, Any] | None = None
    pred: dict[str, Any] | None = None

    @property
    def shown(self) -> dict[str, Any]:
        # The record whose surface text names the mistake: gold when there is one.
        record = self.gold if self.gold is not None else self.pred
        assert record is not None
        return record

    def as_dict(self) -> dict[str, Any]:
        shown = self.shown
        return {
            "doc": self.doc,
            "text": shown["text"],
            "type": shown["type"],
            "value": shown["value"],
            "gold": self.gold,
            "pred": self.pred,
        }


@dataclass
class Report:
    """Everything one scoring run measured."""

    strict: Scores
    typed: Scores
    value: Scores
    span: Scores
    per_type: dict[str, Scores]
    attribute_counts: dict[str, int]
    attribute_correct: dict[str, int]
    stretch: Scores
    misses: list[Mistake] = field(default_factory=list)
    false_positives: list[Mistake] = field(default_factory=list)
    wrong: list[Mistake] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def attributes(self) -> dict[str, float | None]:
        """Accuracy of each attribute over the strict matches where it is judged."""
        return {
            a: self.attribute_correct[a] / n if (n := self.attribute_counts[a]) else None
            for a in ATTRIBUTES
        }

    @property
    def stretch_recall(self) -> float:
        return self.stretch.r

    def as_dict(self) -> dict[str, Any]:
        """The JSON report: the keys of the reference scorer, plus documents,
        stretch counts and warnings."""
        return {
            "strict": self.strict.as_dict(),
            "typed": self.typed.as_dict(),
            "value": self.value.as_dict(),
            "span": self.span.as_dict(),
            "per_type": {t: s.as_dict() for t, s in self.per_type.items()},
            "attributes": {
                a: None if v is None else round(v, 4) for a, v in self.attributes.items()
            },
            "attribute_counts": dict(self.attribute_counts),
            "misses": [m.as_dict() for m in self.misses],
            "false_positives": [m.as_dict() for m in self.false_positives],
            "wrong": [m.as_dict() for m in self.wrong],
            "stretch_recall": round(self.stretch_recall, 4),
            "stretch": self.stretch.as_dict(),
            "documents": list(self.documents),
            "warnings": list(self.warnings),
        }


# --- matching ---------------------------------------------------------------


def _numbers_agree(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, str) or isinstance(b, str):
        return str(a) == str(b)
    return bool(a == b or abs(a - b) <= TOLERANCE * max(abs(a), abs(b)))


def values_agree(pred: Mapping[str, Any], gold: Mapping[str, Any]) -> bool:
    """Do the values agree: dates as equal strings, numbers within the tolerance,
    with an equal unit? A null matches only null."""
    if gold["type"] == FactType.date:
        p, g = pred["value"], gold["value"]
        return (p is None and g is None) or (p is not None and g is not None and str(p) == str(g))
    return pred["unit"] == gold["unit"] and all(
        _numbers_agree(pred[k], gold[k]) for k in ("value", "low", "high")
    )


def _subject_key(subject: str | None) -> str | None:
    words = (subject or "").split()
    if not words:
        return None
    # Possessive and plural endings do not make a different subject.
    return words[-1].lower().strip("'’s")


def attribute_ok(name: str, pred: Mapping[str, Any], gold: Mapping[str, Any]) -> bool | None:
    """Is the predicted attribute right? None when gold gives nothing to judge by."""
    if name == "subject":
        key = _subject_key(gold.get("subject"))
        return None if key is None else key in (pred.get("subject") or "").lower()
    g, p = gold.get(name), pred.get(name)
    if g is None:
        default = _ATTRIBUTE_DEFAULTS.get(name)
        return None if default is None else p in (None, default)
    return p is not None and str(p) == str(g)


def _overlap(a: Mapping[str, Any], b: Mapping[str, Any]) -> int:
    return int(min(a["end"], b["end"]) - max(a["start"], b["start"]))


def pair(
    preds: Sequence[Mapping[str, Any]], golds: Sequence[Mapping[str, Any]]
) -> list[tuple[int, int]]:
    """Pair predictions with gold one to one, as ``(pred index, gold index)``:
    the largest overlap first; ties go to the earlier gold, then the earlier
    prediction, then input order."""
    candidates = sorted(
        (-ov, g["start"], p["start"], i, j)
        for i, p in enumerate(preds)
        for j, g in enumerate(golds)
        if (ov := _overlap(p, g)) > 0
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for *_, i, j in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


@dataclass
class _Tally:
    span: int = 0
    typed: int = 0
    value: int = 0
    strict: int = 0
    pred: int = 0
    gold: int = 0
    stretch_found: int = 0
    stretch_gold: int = 0
    type_pred: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))
    type_gold: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))
    type_tp: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))
    attr_n: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES, 0))
    attr_ok: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES, 0))
    misses: list[Mistake] = field(default_factory=list)
    false_positives: list[Mistake] = field(default_factory=list)
    wrong: list[Mistake] = field(default_factory=list)


def _record(fact: Fact) -> dict[str, Any]:
    out = fact.record()
    if isinstance(fact, GoldFact):
        out["optional"], out["stretch"] = fact.optional, fact.stretch
    return out


def _score_document(
    t: _Tally, doc: str, preds: list[dict[str, Any]], golds: list[dict[str, Any]]
) -> None:
    """Count the pairs, false positives and misses of one document into ``t``."""
    pairs = pair(preds, golds)
    paired_p = {i for i, _ in pairs}
    paired_g = {j for _, j in pairs}
    for i, j in pairs:
        p, g = preds[i], golds[j]
        if g["stretch"]:
            t.stretch_found += 1
        if g["optional"] or g["stretch"]:
            # A prediction on optional gold earns nothing and costs nothing.
            continue
        t.pred += 1
        t.type_pred[p["type"]] += 1
        t.span += 1
        agree = values_agree(p, g)
        t.value += agree
        same_type = p["type"] == g["type"]
        t.typed += same_type
        if same_type and agree:
            t.strict += 1
            t.type_tp[g["type"]] += 1
            for a in ATTRIBUTES:
                ok = attribute_ok(a, p, g)
                if ok is not None:
                    t.attr_n[a] += 1
                    t.attr_ok[a] += ok
        else:
            t.wrong.append(Mistake(doc, gold=g, pred=p))
    for i, p in enumerate(preds):
        if i not in paired_p:
            t.pred += 1
            t.type_pred[p["type"]] += 1
            t.false_positives.append(Mistake(doc, pred=p))
    for j, g in enumerate(golds):
        t.stretch_gold += bool(g["stretch"])
        if g["optional"] or g["stretch"]:
            continue
        t.gold += 1
        t.type_gold[g["type"]] += 1
        if j not in paired_g:
            t.misses.append(Mistake(doc, gold=g))


def evaluate(
    gold: Iterable[GoldFact],
    predictions: Iterable[Fact],
    *,
    docs: Collection[str] | None = None,
) -> Report:
    """Score predictions against gold (SPEC section 5).

    Predictions of a type outside SPEC section 3 and of documents without gold
    are dropped first. Stretch gold counts as optional in the main figures and
    alone in the stretch recall. ``docs`` limits scoring to those documents.
    """
    by_doc: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {}
    for gold_fact in gold:
        if docs is None or gold_fact.doc in docs:
            by_doc.setdefault(gold_fact.doc, ([], []))[1].append(_record(gold_fact))
    for fact in predictions:
        if fact.type in SCORED_TYPES and fact.doc in by_doc:
            by_doc[fact.doc][0].append(_record(fact))

    t = _Tally()
    for doc, (preds, golds) in by_doc.items():
        _score_document(t, doc, preds, golds)
    return Report(
        strict=Scores(t.strict, t.pred, t.gold),
        typed=Scores(t.typed, t.pred, t.gold),
        value=Scores(t.value, t.pred, t.gold),
        span=Scores(t.span, t.pred, t.gold),
        per_type={
            name: Scores(t.type_tp[name], t.type_pred[name], t.type_gold[name])
            for name in sorted(SCORED_TYPES)
            if t.type_pred[name] or t.type_gold[name]
        },
        attribute_counts=t.attr_n,
        attribute_correct=t.attr_ok,
        stretch=Scores(t.stretch_found, t.stretch_found, t.stretch_gold),
        misses=t.misses,
        false_positives=t.false_positives,
        wrong=t.wrong,
        documents=list(by_doc),
    )
