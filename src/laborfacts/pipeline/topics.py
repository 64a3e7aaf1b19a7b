"""The type of a figure from the figures it stands with, and from the label of
its line: the items of a list share their type ("raises of 7%, 6% and 5%"), a
figure answers the one of the sentence before ("The union asked for 7%. The
company offered 3%."), and "Turnout: 63%" is a turnout."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from laborfacts.pipeline.discourse import paragraph_of
from laborfacts.pipeline.entities import ContextVocabulary, LabelRule, vocabulary
from laborfacts.pipeline.mentions import Mention
from laborfacts.pipeline.quantities.text import Reader

# -- topic -------------------------------------------------------------------

# The generic type of each kind of quantity: a figure still of this type after
# classification had no cue of its own.
GENERIC_TYPES = {"percent": "percentage", "money": "money", "count": "count", "bare": "count"}
_LIST_GAP = re.compile(
    r"(?![^.;:!?]*\b(?:while|whereas|but|although|though)\b)"
    r"[^.;:!?]{0,40}?(?:,[ \u00a0]*(?:and[ \u00a0]+|then[ \u00a0]+)?|[ \u00a0]+and[ \u00a0]+|[ \u00a0]+to[ \u00a0]+)[^.;:!?]{0,8}$"
)


def _generic(m: Mention) -> bool:
    return m.type == GENERIC_TYPES.get(m.kind) and m.metric is None


def _adopt(m: Mention, model: Mention, rule: str) -> None:
    m.type, m.metric, m.rule = model.type, model.metric, rule
    if m.direction == "level" and model.unit == m.unit:
        m.direction = model.direction  # the items of a list of raises are raises


def share_topics(
    text: str,
    mentions: list[Mention],
    sents: list[tuple[int, int]],
    paras: list[int],
    rate_words: frozenset[str] = frozenset(),
    rate_openers: frozenset[str] = frozenset(),
) -> dict[int, Mention]:
    """Give a figure with no cue of its own the type of the figures it stands
    with: the items of a list ("raises of 7%, 6% and 5%"), and the figures
    of the sentence before it in its paragraph ("The union asked for raises
    of 7%. The company offered 3%."), and the rate the article last named
    for a share in a sentence that speaks of a rate (``rate_words``).

    Returns, for a list that answers a list of the sentence before item by
    item ("raises of 7%, 6% and 5% in 2026, 2027 and 2028. The hospital
    offered 3.5%, 3% and 2.5% over the same three years"), the item each
    figure answers (by ``id``), whose time it then shares."""
    answers: dict[int, Mention] = {}
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.kind != "date":
            by_sentence.setdefault(m.sentence, []).append(m)
    for figures in by_sentence.values():
        _share_cents(figures)
    # items of a list, both ways from a typed item
    for figures in by_sentence.values():
        for a, b in zip(figures, figures[1:], strict=False):
            if a.kind != b.kind or not _LIST_GAP.match(text, a.end, b.start):
                continue
            if _generic(b) and not _generic(a):
                _adopt(b, a, "topic.list")
        for a, b in reversed(list(zip(figures, figures[1:], strict=False))):
            if a.kind == b.kind and _generic(a) and not _generic(b):
                if _LIST_GAP.match(text, a.end, b.start):
                    _adopt(a, b, "topic.list")
    # the sentence before, in the same paragraph
    for index in sorted(by_sentence):
        prev = by_sentence.get(index - 1)
        if not prev or index - 1 >= len(sents) or index >= len(sents):
            continue
        if paragraph_of(paras, sents[index - 1][0]) != paragraph_of(paras, sents[index][0]):
            continue
        here = [m for m in by_sentence[index] if _generic(m) and m.kind == "percent"]
        models = [p for p in prev if p.kind == "percent" and not _generic(p)]
        if len(models) > 1 and len(here) >= len(models):
            for m, item in zip(here, models, strict=False):
                _adopt(m, item, "topic.paragraph")
                answers[id(m)] = item
            here = here[len(models) :]
        if models:
            for m in here:  # the rest take the sentence's topic
                _adopt(m, models[-1], "topic.paragraph")
    if rate_words:
        _rate_topic(text, mentions, sents, rate_words, rate_openers)
    return answers


def _rate_topic(
    text: str,
    mentions: list[Mention],
    sents: list[tuple[int, int]],
    words: frozenset[str],
    openers: frozenset[str],
) -> None:
    """A bare share in a sentence that speaks of "the rate" is the rate the
    article last named ("The union membership rate was 10.1 percent." …
    "Men had a higher rate (10.6 percent) than women"): the latest typed
    share of a sentence holding one of ``words``, where the word before it
    is one the rate was named with or one of ``openers``."""
    named: set[str] = set()
    pattern = _rate_pattern(words)
    last: Mention | None = None
    said: dict[int, set[str] | None] = {}
    for m in mentions:
        if m.kind != "percent" or m.sentence >= len(sents):
            continue
        if m.sentence not in said:
            # the word before each "rate": "membership rate", "the rate"
            found = {
                (rm.group(1) or "").lower() for rm in pattern.finditer(text, *sents[m.sentence])
            }
            said[m.sentence] = found or None
        before = said[m.sentence]
        if before is None:
            continue
        if not _generic(m):
            last = m if m.type in _RATE_TYPES else None
            named = before
        elif last is not None and m.sentence != last.sentence and before <= named | openers:
            # "the rate", "a higher rate", not "the response rate"; a list in
            # one sentence ("turnover was 24.8%, and the vacancy rate 7.0%") is
            # the list readers' to share
            _adopt(m, last, "topic.rate")


# the types a share can be "the rate" of
_RATE_TYPES = frozenset({"union_membership", "turnover_rate", "injury_rate"})


@lru_cache(maxsize=4)
def _rate_pattern(words: frozenset[str]) -> re.Pattern[str]:
    return re.compile(
        r"(?:(\w+)[ \u00a0]+)?\b(?:" + "|".join(sorted(map(re.escape, words))) + r")\b",
        re.IGNORECASE,
    )


def _share_cents(figures: list[Mention]) -> None:
    """Cents are those of the money just before them in the sentence
    ("€13.60, only 10 cents above"), not the country's dollar (pence are
    pounds whatever stands before them)."""
    for a, b in zip(figures, figures[1:], strict=False):
        if a.kind == b.kind == "money" and b.reader == Reader.MONEY_SUBUNIT:
            if a.unit != b.unit and "GBP" not in (a.unit, b.unit):
                b.unit = a.unit


# -- label-value lines ---------------------------------------------------------

# "Number of void ballots ........ 2", "Turnout: 63%", "Eligible voters   212"
_LIST_NUMBER = r"(?:\(?(?:\d{1,2}|[a-z])[.)][ \t]+)?"  # "1. ", "(b) "
_LABEL_LINE = re.compile(
    r"(?m)^[ \t•*-]*"
    + _LIST_NUMBER
    + r"(?P<label>[A-Za-z][^\n]*?)(?:[ \t]*(?:\.{2,}|…+|:)[ \t]*|[ \t]{3,}|\t+)$"
)


def _label_rule(label: str, vocab: ContextVocabulary, heading: str = "") -> LabelRule | None:
    """The first rule whose words the label holds and whose ``needs`` the
    label or the heading of its block does ("RATIFICATION VOTE" over "Yes
    ..... 1,512")."""
    low = label.lower()
    context = low + " " + heading.lower()
    words = set(re.findall(r"[a-z]+", low))
    for rule in vocab.label_rules:
        if not any(stem in context for stem in rule.needs):
            continue
        if any((w in words) if " " not in w else (w in low) for w in rule.words):
            return rule
    return None


def read_labels(
    text: str,
    mentions: list[Mention],
    vocab: ContextVocabulary | None = None,
    hedges: frozenset[str] = frozenset(),
    scales: dict[str, float] | None = None,
    periods: dict[str, str] | None = None,
) -> None:
    """A figure that closes a label-value line takes the type its label names,
    over what the words around it suggested (SPEC: such lists are main
    facts, typed and timed from their labels and their heading); a label
    that opens with a hedge ("Approximate number of eligible voters") hedges
    its figure."""
    vocab = vocab or vocabulary()
    for m in mentions:
        if m.kind == "date":
            continue
        line_end = text.find("\n", m.end)
        line_end = len(text) if line_end < 0 else line_end
        if text[m.end : line_end].strip(" \t.;,"):
            continue  # the figure does not close its line
        line_start = text.rfind("\n", 0, m.start) + 1
        head = _LABEL_LINE.match(text, line_start, m.start)
        if head is None:
            continue
        _scale_note(head.group("label"), m, scales)
        if m.kind == "money":
            _money_label(
                head.group("label"), m, vocab, periods or {}
            )  # label rules count people and ballots
            continue
        block = _caption_of(text, m)
        heading = _heading(text, block) if block is not None else ""
        rule = _label_rule(head.group("label"), vocab, heading)
        if rule is None or (rule.metric == "turnout_pct") != (m.kind == "percent"):
            continue
        m.type, m.metric, m.rule = str(rule.type), rule.metric, rule.id
        if rule.item is not None and m.item is None:
            m.item = rule.item
        first = head.group("label").split(maxsplit=1)[0].lower()
        if first in hedges and m.qualifier == "exact":
            m.qualifier = "approx"


def _money_label(label: str, m: Mention, vocab: ContextVocabulary, periods: dict[str, str]) -> None:
    """Money on a label-value line takes the pay type its label names
    ("Median weekly earnings, union members ..... $1,312"), by the caption
    rules, where the words around it gave it none."""
    if m.type != "money" or m.metric is not None:
        return
    rule = _caption_rule(label, m, vocab)
    if rule is not None:
        m.type, m.metric, m.rule = str(rule.type), rule.metric, rule.id
        m.per = m.per or rule.per or _per_in(label, periods)


def _per_in(label: str, periods: dict[str, str]) -> str | None:
    """ "Median weekly earnings": the period a label's pay is per."""
    for word in re.findall(r"[a-z]+", label.lower()):
        if word in periods:
            return periods[word]
    return None


def _heading(text: str, block: tuple[int, int]) -> str:
    """A block's heading: its caption line and the line right above it
    ("RATIFICATION VOTE — LOCAL 12" over "Count held March 8, 2026")."""
    start = block[0]
    if start >= 2 and text[start - 1] == "\n" and text[start - 2] != "\n":
        start = text.rfind("\n", 0, start - 1) + 1
    return text[start : block[1]]


# "Union members (thousands)", "Revenue ($ millions)": the unit of the figure after
_SCALE_NOTE = re.compile(r"\((?:in[ \u00a0]+)?(?:[$£€][ \u00a0]*)?([a-z]+?)s?\)", re.IGNORECASE)


def _scale_note(label: str, m: Mention, scales: dict[str, float] | None) -> None:
    """A label's scale note multiplies its line's figure."""
    sm = _SCALE_NOTE.search(label) if scales else None
    if sm is None or scales is None:
        return
    factor = scales.get(sm.group(1).lower())
    if factor is None or factor <= 1:
        return
    for field in ("value", "low", "high"):
        got = getattr(m, field)
        if isinstance(got, int | float) and not isinstance(got, bool):
            setattr(m, field, got * factor)


# a row: a short line that a figure closes ("Warehousing      4.8")
_ROW_MAX = 80
_CAPTION_MAX = 120
# types a row's figure may have from the words around it and still take its caption's
_WEAK_TYPES = frozenset({"count", "percentage", "workforce", "money"})


def read_captions(text: str, mentions: list[Mention], vocab: ContextVocabulary) -> None:
    """The figures closing the rows under a caption ("Injury rates by
    industry, 2023") take the type the caption names, where the words of
    the row gave them only a generic one."""
    if not vocab.caption_rules:
        return
    for m in mentions:
        if m.kind == "date":
            continue
        span = _caption_of(text, m)
        if span is None:
            continue
        caption = text[span[0] : span[1]]
        m.caption = span
        rule = _caption_rule(caption, m, vocab)
        if rule is not None and m.type not in _WEAK_TYPES:
            # a typed row keeps its type; the caption only says which measure of it
            rule = rule if str(rule.type) == m.type and m.metric is None else None
        if rule is not None:
            m.type, m.metric, m.rule = str(rule.type), rule.metric, rule.id
            m.per = m.per or rule.per
        label = _ROW_LABEL.match(text, text.rfind("\n", 0, m.start) + 1, m.start)
        labelled = (m.rule or "").startswith("label.")  # "Turnout: 81%" measures, names none
        named = rule is not None or (
            _names_row(label.group("label"), vocab) if label is not None else False
        )
        if label is not None and named and not labelled and caption[-1:] not in ".!?":
            m.row = " ".join(label.group("label").split()[:5])  # a row is its label's


def _names_row(label: str, vocab: ContextVocabulary) -> bool:
    """Does a row's label name what its figures are about ("Dublin", "Part-time
    staff"), not what they measure ("Void ballots", "Median pay")?"""
    words = label.split()
    if not words or len(words) > 5:
        return False
    if all(w[:1].isupper() or w[:1].isdigit() or w in "&-–" for w in words):
        return True
    return words[-1].lower() in vocab.group_nouns


def _caption_rule(caption: str, m: Mention, vocab: ContextVocabulary) -> Any:
    low = caption.lower()
    for rule in vocab.caption_rules:
        if m.kind in rule.kinds and any(w in low for w in rule.words):
            return rule
    return None


def _caption_of(text: str, m: Mention) -> tuple[int, int] | None:
    """The caption over the block of rows whose last figure ``m`` is, if any."""
    line_end = text.find("\n", m.end)
    line_end = len(text) if line_end < 0 else line_end
    line_start = text.rfind("\n", 0, m.start) + 1
    if text[m.end : line_end].strip() or line_end - line_start > _ROW_MAX:
        return None  # not a row: the figure does not close a short line
    # up the block: rows, at most one blank line, then the caption
    at, blanks = line_start - 1, 0
    while at > 0:
        start = text.rfind("\n", 0, at) + 1
        line = text[start:at].strip()
        if not line:
            blanks += 1
            if blanks > 1:
                return None
        elif _ends_in_figure(line) and not blanks:
            pass  # another row (past a blank line, the first line is the caption)
        else:
            if len(line) > _CAPTION_MAX:
                return None
            return _with_title(text, start, at)
        at = start - 1
    return None


_COLUMN_HEADS = re.compile(r"[^\d\n]*(?:[ \t]{2,}|\t)[^\d\n]*")  # "City     Pay     Share"


def _with_title(text: str, start: int, end: int) -> tuple[int, int]:
    """A row of column heads is read with the caption right above it
    ("Table 1: Median hourly pay …, 2025" over "City   Pay")."""
    if start < 2 or not _COLUMN_HEADS.fullmatch(text, start, end):
        return start, end
    above = text.rfind("\n", 0, start - 1) + 1
    line = text[above : start - 1].strip()
    if line and not _ends_in_figure(line) and len(line) <= 2 * _CAPTION_MAX:
        return above, end
    return start, end


# the words a row opens with, before the spaces or dots that lead to its figure
_ROW_LABEL = re.compile(r"[ \t•*-]*" + _LIST_NUMBER + r"(?P<label>[A-Za-z][^\n]*?)[ \t.…:]*$")
_ENDS_IN_FIGURE = re.compile(r"[\d%]\s*$")


_ENDS_IN_YEAR = re.compile(r"[\s,(–-](?:19|20)\d\d\)?$")


def _ends_in_figure(line: str) -> bool:
    """Is ``line`` a row? A caption may end in its year ("…, 2025")."""
    return (
        _ENDS_IN_FIGURE.search(line) is not None
        and len(line) <= _ROW_MAX
        and _ENDS_IN_YEAR.search(line) is None
    )
