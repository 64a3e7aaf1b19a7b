"""The cue words of the classify rules, compiled once: where a rule's cue
stands near a quantity in its sentence, and which rules can apply to a
quantity's shape at all (``classify`` picks among them)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from laborfacts.pipeline.mentions import Mention
from laborfacts.rules import ClassifyRule, RuleSet, phrase_regex


@dataclass(frozen=True)
class Compiled:
    rule: ClassifyRule
    cues: re.Pattern[str] | None
    also: re.Pattern[str] | None
    left: re.Pattern[str] | None
    # Lower-case first words of the cues (of ``also``): a sentence holding none
    # of them cannot match, and a substring test is far cheaper than the regex.
    # None when a cue is a regular expression of its own.
    cue_words: tuple[str, ...] | None
    also_words: tuple[str, ...] | None


def first_words(phrases: tuple[str, ...] | None) -> tuple[str, ...] | None:
    if phrases is None or any(p.startswith("re:") for p in phrases):
        return None
    return tuple(sorted({p.rstrip("*").split()[0].lower() for p in phrases}))


def compile_rules(rules: tuple[ClassifyRule, ...] | None = None) -> list[Compiled]:
    """The rules with their cues compiled (the package's rules by default)."""
    if rules is None:
        rules = RuleSet.default().classify_rules()
    out = []
    for rule in rules:
        cues = re.compile(phrase_regex(list(rule.cues)), re.IGNORECASE) if rule.cues else None
        also = re.compile(phrase_regex(list(rule.also)), re.IGNORECASE) if rule.also else None
        left = re.compile("(?:" + rule.left + ")$", re.IGNORECASE) if rule.left else None
        out.append(Compiled(rule, cues, also, left, first_words(rule.cues), first_words(rule.also)))
    return out


def mentions_any(words: tuple[str, ...] | None, lowered: str) -> bool:
    if words is None:
        return True
    for w in words:
        if w in lowered:
            return True
    return False


def cue_matches(
    c: Compiled, text: str, lo: int, hi: int, sent: tuple[int, int], lowered: str
) -> Iterable[re.Match[str]]:
    """What ``c.cues.finditer(text, lo, hi)`` finds, tried only where a cue's
    first word occurs: a few anchored matches instead of a scan of the window."""
    assert c.cues is not None
    base = sent[0]
    if c.cue_words is None or len(lowered) != sent[1] - base:
        # a pattern cue, or lower-casing changed the length: scan as usual
        return c.cues.finditer(text, lo, hi)
    starts: list[int] = []
    for word in c.cue_words:
        i = lowered.find(word, lo - base, hi - base)
        while i >= 0:
            starts.append(i + base)
            i = lowered.find(word, i + 1, hi - base)
    out: list[re.Match[str]] = []
    last = lo
    for p in sorted(starts):
        if p < last:
            continue  # inside the previous match: matches never overlap
        cm = c.cues.match(text, p, hi)
        if cm is not None:
            out.append(cm)
            last = cm.end()
    return out


def sentence_holds(c: Compiled, text: str, sent: tuple[int, int], lowered: str) -> bool:
    """Can the rule match in the sentence at all: does it hold a cue's first
    word and what the rule's ``also`` asks for? The same for every figure of
    the sentence."""
    if not mentions_any(c.cue_words, lowered):
        return False
    return c.also is None or (
        mentions_any(c.also_words, lowered) and c.also.search(text, sent[0], sent[1]) is not None
    )


def cue_distance(
    c: Compiled, text: str, m: Mention, sent: tuple[int, int], lowered: str
) -> int | None:
    """Distance in characters from the quantity to the nearest cue, or None.

    ``lowered`` is the sentence (or more) in lower case, for the cheap test.
    """
    if not sentence_holds(c, text, sent, lowered):
        return None
    return cue_near(c, text, m, sent, lowered)


def cue_near(c: Compiled, text: str, m: Mention, sent: tuple[int, int], lowered: str) -> int | None:
    """``cue_distance`` in a sentence that ``sentence_holds`` for the rule."""
    if c.left is not None and c.left.search(text, max(sent[0], m.start - 40), m.start) is None:
        return None
    if c.cues is None:
        return 0
    w = c.rule.window
    lo = max(sent[0], m.core_start - w)
    hi = min(sent[1], m.end + w)
    best: int | None = None
    for cm in cue_matches(c, text, lo, hi, sent, lowered):
        if m.start <= cm.start() < m.end and cm.end() <= m.end:
            # a cue inside the quantity itself ("half-hour") does not count
            continue
        if cm.end() <= m.core_start:
            if c.rule.side == "after":
                continue
            d = m.core_start - cm.end()
        else:
            if c.rule.side == "before":
                continue
            d = max(0, cm.start() - m.end)
        if best is None or d < best:
            best = d
    return best


Shape = tuple[str, str | None, str | None, bool]


def shape_of(m: Mention) -> Shape:
    """What decides, besides the value, whether a rule applies to ``m``."""
    return (
        m.kind,
        (m.item_group or "other") if m.item is not None else "none",
        m.per,
        m.direction == "level",
    )


def fits(r: ClassifyRule, shape: Shape) -> bool:
    kind, group, per, level = shape
    if kind not in r.kinds:
        return False
    if r.items is not None and (group is None or group not in r.items):
        return False
    if r.per is not None and per != r.per:
        return False
    return not (r.direction == "change" and level)


def below_max(c: Compiled, m: Mention) -> bool:
    r = c.rule
    if r.max_value is not None:
        v = m.value if isinstance(m.value, float) else (m.high or m.low)
        if v is not None and v > r.max_value:
            return False
    return True
