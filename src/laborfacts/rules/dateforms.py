"""The date rules (``rules/dates.json``): calendar words and the forms of a date.

A form is a regular expression written with ``{NAME}`` placeholders: the
``pieces`` of the file (regex fragments) and the word lists (month names,
relative words, year prefixes). :func:`check_dates` expands and compiles every
form, checks that it has the named groups its ``read`` needs and that it
matches its own examples, and returns the typed :class:`DateRules`; a problem
raises :class:`LexiconError` naming file, entry and reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from laborfacts.rules.checks import LexiconError

FILE = "dates.json"


class DateRead(StrEnum):
    """How a form's named groups become a value (``y`` year, ``m`` month name,
    ``mn`` month number, ``d`` day, ``rel`` a relative word, ``unit``)."""

    FULL_DATE = "full_date"  # y, m or mn, d: "April 1, 2022", "2024-03-05"
    NUMERIC = "numeric"  # a/b/y, day first when a > 12: "5/3/2024"
    MONTH_YEAR = "month_year"  # y, m: "April 2023"
    MONTH_DAY = "month_day"  # m, d: the year from the publication date
    MONTH_REL_YEAR = "month_rel_year"  # m, rel: "March of last year"
    MONTH = "month"  # m: "in March", the year from the publication date
    YEAR_RANGE = "year_range"  # y, y2: "2020–21", two year facts
    YEAR = "year"  # y, four or two digits: "2018", "FY23"
    RELATIVE = "relative"  # rel, unit: "last year", "this month"


# the groups each way of reading needs (a set of alternatives: one of them)
_NEEDS: dict[DateRead, tuple[frozenset[str], ...]] = {
    DateRead.FULL_DATE: (frozenset({"y"}), frozenset({"d"}), frozenset({"m", "mn"})),
    DateRead.NUMERIC: (frozenset({"a"}), frozenset({"b"}), frozenset({"y"})),
    DateRead.MONTH_YEAR: (frozenset({"y"}), frozenset({"m"})),
    DateRead.MONTH_DAY: (frozenset({"m"}), frozenset({"d"})),
    DateRead.MONTH_REL_YEAR: (frozenset({"m"}), frozenset({"rel"})),
    DateRead.MONTH: (frozenset({"m"}),),
    DateRead.YEAR_RANGE: (frozenset({"y"}), frozenset({"y2"})),
    DateRead.YEAR: (frozenset({"y"}),),
    DateRead.RELATIVE: (frozenset({"rel"}), frozenset({"unit"})),
}
# the reads that give day, month and year: the only ones a byline holds
FULL_READS = frozenset({DateRead.FULL_DATE, DateRead.NUMERIC})


@dataclass(frozen=True)
class DateForm:
    id: str
    read: DateRead
    pattern: str  # expanded: the placeholders replaced
    # a year followed by a counted thing is a count ("2000 workers")
    not_before_count: bool = False
    # the date starts at this group (the preposition of "in March" is not part of it)
    starts_at: str | None = None

    @property
    def full(self) -> bool:
        return self.read in FULL_READS


@dataclass(frozen=True)
class DateRules:
    months: dict[str, int]  # every name and abbreviation, lower case → 1..12
    month_names: tuple[str, ...]  # the full names, as written
    relative: dict[str, int]  # "last" → -1
    units: tuple[str, ...]  # "year", "month"
    # the last words of the prefixes a year may have ("the end of", "spring")
    year_prefix_words: frozenset[str]
    year_phrase_words: frozenset[str]  # every word of those prefixes
    prepositions: frozenset[str]  # lower case
    forms: tuple[DateForm, ...]
    count_after: str
    masthead_separators: tuple[str, ...]
    byline_noise: str


def _fail(entry: str, reason: str) -> LexiconError:
    return LexiconError(f"rules/{FILE}: {entry}: {reason}")


def _strings(entry: str, v: object) -> list[str]:
    if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
        raise _fail(entry, "must be a list of non-empty strings")
    return v


def _alternation(words: list[str], ws: str) -> str:
    return "|".join(ws.join(re.escape(w) for w in phrase.split()) for phrase in words)


def _month_table(data: Any) -> tuple[dict[str, int], list[str], list[str]]:
    if not isinstance(data, list) or len(data) != 12:
        raise _fail("months", "must list the twelve months in order")
    months: dict[str, int] = {}
    names: list[str] = []
    abbreviations: list[str] = []
    for n, forms in enumerate(data, 1):
        forms = _strings(f"months.{n}", forms)
        names.append(forms[0])
        abbreviations.extend(forms[1:])
        for f in forms:
            key = f.lower()
            if months.get(key, n) != n:
                raise _fail(f"months.{n}", f"{f!r} is also month {months[key]}")
            months[key] = n
    return months, names, abbreviations


def _compile_rx(entry: str, pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise _fail(entry, f"bad regular expression: {exc}") from exc


def _pieces(data: dict[str, Any], names: list[str], abbreviations: list[str]) -> dict[str, str]:
    pieces = data["pieces"]
    if not isinstance(pieces, dict) or not all(isinstance(v, str) for v in pieces.values()):
        raise _fail("pieces", "must map names to regular expressions")
    for name, rx in pieces.items():
        _compile_rx(f"pieces.{name}", rx)
    ws = pieces.get("WS")
    if ws is None:
        raise _fail("pieces", "needs WS, the space between words")
    rel = list(data["relative"])
    words = {
        "MONTH": "|".join(
            [re.escape(n) for n in names] + [re.escape(a) + r"\.?" for a in abbreviations]
        ),
        "MONTH_NAME": "|".join(re.escape(n) for n in names),
        "REL": _alternation(rel, ws),
        "REL_CAP": "|".join(f"[{w[0].upper()}{w[0]}]{re.escape(w[1:])}" for w in rel),
        "UNIT": _alternation(list(data["units"]), ws),
        "YEAR_PREFIX": _alternation(data["year_prefixes"], ws),
        "YEAR_PERIOD": _alternation(data["year_periods"], ws),
        "PREPOSITION": _alternation(data["prepositions"], ws),
    }
    words["MONTH"] = f"(?:{words['MONTH']})"
    clash = set(words) & set(pieces)
    if clash:
        raise _fail("pieces", f"{sorted(clash)[0]} is a word list's name")
    return {**pieces, **words}


_PLACEHOLDER = re.compile(r"\{([A-Z][A-Z_]*)\}")


def _form(n: int, entry: object, pieces: dict[str, str], seen: set[str]) -> DateForm:
    keys = {"id", "read", "re", "examples", "not_before_count", "starts_at", "note"}
    if not isinstance(entry, dict) or set(entry) - keys or not {"id", "read", "re"} <= set(entry):
        raise _fail(f"forms {n}", f"keys must be id, read, re and optionally {sorted(keys)}")
    fid = entry["id"]
    if not isinstance(fid, str) or not fid or fid in seen:
        raise _fail(f"forms {n}", f"id {fid!r} is missing or not unique")
    seen.add(fid)
    try:
        read = DateRead(entry["read"])
    except ValueError:
        raise _fail(fid, f"read must be one of {[r.value for r in DateRead]}") from None

    def expand(m: re.Match[str]) -> str:
        if m.group(1) not in pieces:
            raise _fail(fid, f"unknown piece {{{m.group(1)}}}")
        return pieces[m.group(1)]

    rx = _compile_rx(fid, _PLACEHOLDER.sub(expand, str(entry["re"])))
    for need in _NEEDS[read]:
        if not need & set(rx.groupindex):
            raise _fail(
                fid, f"reading {read.value} needs a group named {' or '.join(sorted(need))}"
            )
    starts_at = entry.get("starts_at")
    if starts_at is not None and starts_at not in rx.groupindex:
        raise _fail(fid, f"starts_at names no group: {starts_at!r}")
    _check_start(fid, rx.pattern)
    examples = _strings(f"{fid}.examples", entry.get("examples"))
    for ex in examples:
        if rx.search(ex) is None:
            raise _fail(fid, f"does not match its own example {ex!r}")
    return DateForm(fid, read, rx.pattern, bool(entry.get("not_before_count")), starts_at)


def _check_start(fid: str, pattern: str) -> None:
    """The date scan is tried at digits and words: a form must start with one."""
    from laborfacts.rules import first_chars  # the package imports this module

    words = leading_words(pattern)
    if words is None:
        raise _fail(fid, "starts with too many words to anchor the scan on")
    if "" in words:
        first = first_chars(pattern)
        if first is None or not all(c.isalpha() or c.isdigit() for c in first[0]):
            raise _fail(fid, "must start with a digit or a word")


def check_dates(data: dict[str, Any]) -> DateRules:
    """The typed date rules of ``data``; else the first problem, by entry."""
    expected = {"months", "weekdays", "relative", "units", "year_prefixes", "year_periods",
                "prepositions", "pieces", "count_after", "masthead_separators",
                "byline_noise", "forms"}  # fmt: skip
    if set(data) != expected:
        raise _fail("top level", f"keys must be {sorted(expected)}")
    months, names, abbreviations = _month_table(data["months"])
    for key in ("weekdays", "units", "year_prefixes", "year_periods", "prepositions"):
        _strings(key, data[key])
    _strings("masthead_separators", data["masthead_separators"])
    rel = data["relative"]
    if not isinstance(rel, dict) or not all(
        isinstance(k, str) and k.isalpha() and isinstance(v, int) for k, v in rel.items()
    ):
        raise _fail("relative", "must map words to a whole shift (last: -1)")
    for key in ("count_after", "byline_noise"):
        _compile_rx(key, str(data[key]))
    pieces = _pieces(data, names, abbreviations)
    if not isinstance(data["forms"], list) or not data["forms"]:
        raise _fail("forms", "must be a non-empty list")
    seen: set[str] = set()
    forms = tuple(_form(n, e, pieces, seen) for n, e in enumerate(data["forms"]))
    # the digits of "the end of 2025", "spring 2020" follow a prefix's last word
    prefix_words = {p.split()[-1].lower() for p in data["year_prefixes"] + data["year_periods"]}
    return DateRules(
        months=months,
        month_names=tuple(names),
        relative={k.lower(): v for k, v in rel.items()},
        units=tuple(u.lower() for u in data["units"]),
        year_prefix_words=frozenset(prefix_words),
        year_phrase_words=frozenset(
            w.lower() for p in data["year_prefixes"] + data["year_periods"] for w in p.split()
        ),
        prepositions=frozenset(p.lower() for p in data["prepositions"]),
        forms=forms,
        count_after=data["count_after"],
        masthead_separators=tuple(data["masthead_separators"]),
        byline_noise=data["byline_noise"],
    )


# ---- the words a form can start with, for the anchors of the date scan

_LIMIT = 4000  # prefixes to enumerate before giving up


def leading_words(pattern: str) -> frozenset[str] | None:
    """The lower-case words a match of ``pattern`` can start with; "" stands for
    a start that is no letter (a digit, a class of characters). None when the
    starts are too many to list.

    Read from the parse tree of Python's own regular-expression parser: the
    literal run at the start of each alternative, up to its first non-letter.
    """
    from re import _constants as k  # type: ignore[attr-defined]
    from re import _parser as sre  # type: ignore[attr-defined]

    class TooMany(Exception):
        pass

    def seq(items: list[Any]) -> set[str]:
        if not items:
            return {""}
        op, av = items[0]
        rest = items[1:]
        if op in (k.AT, k.ASSERT, k.ASSERT_NOT):
            return seq(rest)  # zero width
        if op is k.LITERAL or (
            op is k.IN and 0 < len(av) <= 4 and all(o is k.LITERAL for o, _ in av)
        ):
            chars = {chr(av).lower()} if op is k.LITERAL else {chr(a).lower() for _, a in av}
            if not all(c.isalpha() for c in chars):
                return {""}
            tails = seq(rest)
            out = {c + t for c in chars for t in tails}
        elif op is k.SUBPATTERN:
            out = seq(list(av[3]) + rest)
        elif op is k.BRANCH:
            out = set().union(*(seq(list(alt) + rest) for alt in av[1]))
        elif op in (k.MAX_REPEAT, k.MIN_REPEAT, k.POSSESSIVE_REPEAT):
            lo, hi, body = av
            # once through the body, then the rest only when it cannot repeat
            out = seq(list(body) + rest) if hi == 1 else seq(list(body))
            if lo == 0:
                out |= seq(rest)
        else:
            return {""}
        if len(out) > _LIMIT:
            raise TooMany
        return out

    try:
        return frozenset(seq(list(sre.parse(pattern).data)))
    except TooMany:
        return None
