"""Phrases of a figure's own sentence that say whose it is, read before the
entities around it (``subject_of``): a group the sentence opens with ("Among
drivers, …"), a standard the figure is the level of ("the federal minimum
wage of $7.25"), the people a count counts ("400 U.S. workers"), and what a
share or a measure is of ("40% of respondents", "1.1 million tonnes of grain
exports"), and what a figure alone in brackets follows ("utilities (19.8
percent)")."""

from __future__ import annotations

import re
from functools import cache

from laborfacts.pipeline.clauses import clause_subject
from laborfacts.pipeline.discourse import alternatives, first_words, may_hold
from laborfacts.pipeline.entities import ContextVocabulary
from laborfacts.pipeline.mentions import Mention

# "Among drivers, …", "For car and van drivers, …": who the rest of the sentence is about
_FRONTED = re.compile(
    r"[\"“‘'(]*(?:Among|For|Of|Across)[ \u00a0]+(?P<np>[\w’'-]+(?:[ \u00a0]+[\w’'-]+){0,4}?),[ \u00a0]"
)


_FRONTED_PLACE = re.compile(
    r"[\"“‘'(]*In[ \u00a0]+(?P<place>[A-Z][a-z]+(?:[ \u00a0]+[A-Z][a-z]+)?)(?:,[ \u00a0]|[ \u00a0]+(?:the|its)\b)"
)


def fronted(text: str, m: Mention, lo: int, vocab: ContextVocabulary) -> str | None:
    """The group a sentence opens with, before a comma ("Among newer workers,
    the share was 61.2 percent"), for the figures after it; for a share, the
    place it opens with ("In Ohio the rate fell to 9.8 percent")."""
    if m.unit == "percent":
        pm = _FRONTED_PLACE.match(text, lo, m.start)
        if pm is not None and all(w in vocab.known_places for w in pm.group("place").split()):
            share = share_of(text, m, vocab)
            if share is None:
                return pm.group("place")
            # "In Ohio, 12.3% of workers belong to a union": Ohio workers
            return " ".join(f"{pm.group('place')} {share[0]}".split()[:5])
    fm = _FRONTED.match(text, lo, m.start)
    if fm is None or any(ch.isdigit() for ch in fm.group("np")):
        return None  # "Of roughly 212 eligible workers, 178 cast ballots": a population
    words = fm.group("np").split()
    while words and words[0].lower() in vocab.clause.determiners:
        words = words[1:]
    if not words or words[-1].lower() not in vocab.group_nouns:
        return None  # "For years, …", "Of the 40 sites, …": no group of people
    return " ".join(words)


@cache
def _benchmark_pattern(benchmarks: tuple[str, ...], modifiers: frozenset[str]) -> re.Pattern[str]:
    words = alternatives(modifiers)
    whose = rf"(?:[A-Z][\w.’'-]*|{words})"  # "the federal …", "Ireland's …", "UK National …"
    return re.compile(
        rf"((?:{whose}[ \u00a0]+){{0,3}}(?i:{alternatives(benchmarks)}))"
        rf"(?:[ \u00a0,]+[a-z]+){{0,4}}[ \u00a0]+$"
    )


def benchmark(text: str, m: Mention, lo: int, vocab: ContextVocabulary) -> str | None:
    """The standard a pay figure is the level of, written a few words before it
    ("the federal minimum wage of $7.25", "Ireland's minimum wage rose to €14.15")."""
    if m.kind != "money" or not vocab.benchmarks:
        return None
    start = max(lo, m.start - 70)
    if not may_hold(text, start, m.start, first_words(vocab.benchmarks)):
        return None  # the pattern needs a benchmark's words
    bm = _benchmark_pattern(vocab.benchmarks, vocab.benchmark_modifiers).search(
        text, start, m.start
    )
    if bm is None:
        return None
    words = bm.group(1).split()
    while words and words[0].lower() in vocab.clause.determiners:
        words = words[1:]
    return " ".join(words[-5:]) or None


def counted_group(text: str, m: Mention) -> str | None:
    """The people a count counts, when its own phrase names whose they are
    with a capitalised word ("400 U.S. workers", "1,200 Amtrak conductors")."""
    if m.kind != "count" or m.item_group != "worker" or not m.item:
        return None
    words = _WORDS_AFTER.findall(text, m.end, m.end + 60)[:5]
    if not words or not words[0][:1].isupper():
        return None
    for k, w in enumerate(words[1:], 2):
        if w.lower().startswith(m.item):
            return " ".join(words[:k])
    return None


_WORDS_AFTER = re.compile(r"[A-Za-z][\w.&’'-]*")


# "40% of respondents", "half of the drivers surveyed": the population of a share
_OF_START = re.compile(r"[ \u00a0]+of[ \u00a0]+(?:(?:the|its|their|all|those)[ \u00a0]+)?")
_OF_WORD = re.compile(r"([A-Za-z][\w&'’-]*)([.,;:]?)([ \u00a0]*)")
_SAYS = frozenset({"said", "say", "says", "reported", "report", "reporting"})


_PART_OF = re.compile(
    r"\b(?:made|make|makes|making)[ \u00a0]+up[ \u00a0]+$|"
    r"\b(?:accounted|accounts|account|accounting)[ \u00a0]+for[ \u00a0]+$|"
    r"\b(?:comprised|comprise|comprises|represented|represents)[ \u00a0]+$",
    re.IGNORECASE,
)


def share_of(text: str, m: Mention, vocab: ContextVocabulary) -> tuple[str, int, bool] | None:
    """What a share is of ("40% of respondents", "62% of Kessler drivers",
    "half of the workers surveyed"): the phrase, where it ends, and whether
    it is a group of people. Up to four words, ending after a plural noun
    (and a participle after it), before a verb of saying, an auxiliary, a
    preposition or punctuation; none for a measure's name ("58% of the
    vote") or a pronoun ("half of them")."""
    if (m.unit != "percent" and m.kind not in ("measure", "duration")) or _PART_OF.search(
        text, max(0, m.start - 24), m.start
    ):
        return None  # "Newer workers made up 31 percent of the sample": the share is theirs
    om = _OF_START.match(text, m.end, m.end + 20)
    if om is None:
        return None
    cv, at, end = vocab.clause, om.end(), om.end()
    words: list[str] = []
    while len(words) < 4:
        wm = _OF_WORD.match(text, at)
        if wm is None:
            break
        w = wm.group(1)
        low = w.lower()
        if w.islower() and (
            low in _SAYS or low in cv.auxiliaries or low in cv.prepositions or low in cv.openers
        ):
            break
        if words and w.islower() and words[-1].islower() and words[-1].endswith("s"):
            if low.endswith("ed"):
                words.append(w)  # "workers surveyed"
                end = wm.start(1) + len(w)
            break
        words.append(w)
        end = wm.start(1) + len(w)
        at = wm.end()
        if wm.group(2) or not wm.group(3):
            break  # punctuation ends the phrase
    lower = [w for w in words if w.islower()]
    if not lower or any(w in cv.measure_heads or w in cv.pronouns for w in lower):
        return None
    head = lower[-1] if not lower[-1].endswith("ed") or len(lower) == 1 else lower[-2]
    return " ".join(words), end, head in vocab.group_nouns


# "utilities (19.8 percent)": the figure alone in brackets, after a word
_BRACKETED = re.compile(r"[ \u00a0]*\([ \u00a0]*$")
_WORD_BACK = re.compile(r"([A-Za-z][\w’'&-]*)[ \u00a0]*$")


def bracketed(text: str, m: Mention, lo: int, vocab: ContextVocabulary) -> str | None:
    """What a figure alone in brackets is of: the group or name before the
    bracket ("than women (9.5 percent)" → women, "Ohio (9.8 percent)"), or, when they only name the measure ("Men had a higher
    rate (10.6 percent)"), the subject of the clause that names it."""
    bm = _BRACKETED.search(text, max(lo, m.start - 3), m.start)
    if bm is None or not text.startswith(")", m.end):
        return None
    words: list[tuple[int, str]] = []
    at = bm.start()
    while len(words) < vocab.clause.max_words:
        wm = _WORD_BACK.search(text, max(lo, at - 40), at)
        if wm is None:
            break
        low = wm.group(1).lower()
        if low in vocab.clause.determiners or low in vocab.clause.prepositions or low == "than":
            break
        words.insert(0, (wm.start(1), wm.group(1)))
        at = wm.start()
    while words and words[0][1].lower() in _JOINERS:
        words = words[1:]
    if not words:
        return None
    if words[-1][1].lower() in vocab.clause.measure_heads:
        # back over the measure's name to its determiner: "a higher rate"
        det = _DETERMINER_BACK.search(text, max(lo, bm.start() - 40), words[0][0])
        where = det.start() if det is not None else words[0][0]
        clause = clause_subject(text, lo, where, vocab.clause)
        return clause.phrase if clause is not None else None
    last = words[-1][1]
    if last.lower() not in vocab.group_nouns and not last[:1].isupper():
        return None  # "in the lower back (52.3 percent)": a category, not whose
    return " ".join(w for _, w in words)


_JOINERS = frozenset({"and", "or", "but", "while"})
_DETERMINER_BACK = re.compile(r"\b(?:a|an|the|its|their)[ \u00a0]+(?:\w+[ \u00a0]+)?$", re.I)
