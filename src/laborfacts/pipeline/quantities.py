"""Finding quantities: numbers with their hedge, currency, scale, unit, range,
rate and counted item, as mentions with character spans.

The scan is one compiled regex over the text for number cores; each core is
then extended by small anchored regexes on its left and right context, so the
work per document is linear in its length.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from functools import lru_cache

from spacy.tokens import Doc

from laborfacts.pipeline.anchors import at_anchors
from laborfacts.pipeline.component import RuleComponent
from laborfacts.pipeline.country import Country, decide
from laborfacts.pipeline.extensions import text_of
from laborfacts.pipeline.mentions import Mention
from laborfacts.pipeline.numbers import (
    DIGITS,
    FRACTIONS,
    PHRASES,
    SCALE_ABBREVIATIONS,
    SCALES,
    VAGUE,
    WORDS,
    parse_digits,
    parse_words,
    scale_of,
)
from laborfacts.rules import (
    LexiconError,
    changes,
    countries,
    first_chars,
    lexicon,
    nonfacts,
    phrase_regex,
    units,
)

_UNITS = units()
_ITEMS = lexicon("items")
_CODES = lexicon("codes")
_CUES = lexicon("cues")
_QUAL = lexicon("qualifiers")

WS = r"[ \t\u00a0\u202f]"  # spaces inside a line, including non-breaking ones

# --- currencies: every sign, code and word comes from rules/units.json ---
# A sign or code maps to its ISO code; "dollar" stands for the dollar of the
# article's country, which a Country resolves.
_CUR_SIGNS: dict[str, str] = {}
_CUR_WORDS: dict[str, str] = {}
for _code, _entry in _UNITS["currencies"].items():
    _CUR_SIGNS[_code] = _code
    for _sign in _entry["signs"]:
        _CUR_SIGNS[_sign] = _code
    for _word in _entry["words"]:
        _CUR_WORDS[" ".join(_word.lower().split())] = _code
for _sign, _what in _UNITS["local_signs"].items():
    if _what == "dollar":
        (_CUR_WORDS if _sign[:1].isalpha() else _CUR_SIGNS)[_sign] = "dollar"
# signs only some countries use ("R" for the rand): currencies only there
_COUNTRY_SIGNS = {sign for c in countries()["countries"].values() for sign in c.get("signs", {})}
_ALL_SIGNS = sorted(set(_CUR_SIGNS) | _COUNTRY_SIGNS, key=len, reverse=True)


def _sign_alt(signs: list[str]) -> str:
    # a sign that starts with a letter needs no letter before it ("RM120", not "FORM120")
    return "|".join(
        (r"(?<![A-Za-z])" if sg[:1].isalpha() else "") + re.escape(sg).replace(r"\ ", WS)
        for sg in signs
    )


_CUR_SIGN_RX = _sign_alt(_ALL_SIGNS)
_SIGNS_AFTER = [sg for sg in _ALL_SIGNS if "$" not in sg and sg not in _COUNTRY_SIGNS]

# --- the scanner ---------------------------------------------------------
_VAGUE_RX = phrase_regex(list(VAGUE))
_FRACTION_RX = phrase_regex(list(FRACTIONS))
_PHRASE_RX = phrase_regex(list(PHRASES))
_SMALL = r"\d{1,3}(?![\d,.])"
_ONE_IN = (
    rf"(?P<in_a>{_SMALL}|{WORDS}){WS}+(?:in(?:{WS}+every)?|out{WS}+of(?:{WS}+every)?){WS}+"
    rf"(?P<in_b>{_SMALL}|{WORDS})\b(?!{WS}*(?:%|percent))"
)
CORE_RE = re.compile(
    rf"(?P<onein>\b{_ONE_IN})"
    rf"|(?P<vague>{_VAGUE_RX})"
    rf"|(?P<frac>{_FRACTION_RX})"
    rf"|(?P<phrase>{_PHRASE_RX})"
    rf"|(?P<aunit>\ban?(?=[ \u00a0]+(?:year|month|week|day|decade|hour|minute|fortnight|century)\b))"
    rf"|(?P<digits>{DIGITS})"
    rf"|(?P<words>\b{WORDS}\b)",
    re.IGNORECASE,
)
# The alternatives that can start with a digit, tried at digit anchors. The
# number lexicons must hold words only, so none of theirs is among them.
if any(k[:1].isdigit() or k.startswith("re:") for k in (*VAGUE, *FRACTIONS, *PHRASES)):
    raise LexiconError("rules/numbers.json: vague, fractions and phrases must be words")
_CORE_DIGIT_RE = re.compile(rf"(?P<onein>\b{_ONE_IN})|(?P<digits>{DIGITS})", re.IGNORECASE)

# --- left context --------------------------------------------------------
_QUAL_PHRASES = [p for phrases in _QUAL.values() for p in phrases]
_QUALIFIER_OF: dict[str, str] = {}
for _q, _phrases in _QUAL.items():
    for _p in _phrases:
        _QUALIFIER_OF[_p.lower()] = _q
# A hedge phrase, its spaces and an optional "between" that end the text before
# a number, matched backwards on the reversed text and anchored at its start:
# one attempt instead of a search that tries every position of the window
# (tests/test_fast_paths.py holds it equal to that search).
# A hedge phrase holds plain words only (no "*" endings, no patterns).
if any(p.endswith("*") or p.startswith("re:") for p in _QUALIFIER_OF):
    raise LexiconError("rules/qualifiers.json: hedge phrases must be plain words")
_HEDGE_REVERSED = re.compile(
    # "\n?" because "$" also matches before a newline that ends the text
    rf"\n?{WS}+(?P<btw>neewteb{WS}+)?(?P<hedge>(?:"
    + "|".join(
        r"[\s\u00a0-]+".join(re.escape(w[::-1]) for w in reversed(p.split(" ")))
        for p in sorted(_QUALIFIER_OF, key=len, reverse=True)
    )
    + r"))(?=$|[\s(\"“‘'—–-])",
    re.IGNORECASE,
)


def _hedge_before(left: str) -> tuple[str, int, bool] | None:
    """The hedge phrase ending ``left`` (before spaces and an optional "between"),
    as a search for it finds it: (phrase, its start, whether "between" follows)."""
    rm = _HEDGE_REVERSED.match(left[::-1])
    if rm is None:
        return None
    n = len(left)
    return left[n - rm.end("hedge") : n - rm.start("hedge")], n - rm.end("hedge"), bool(rm["btw"])


_BETWEEN_LEFT = re.compile(rf"\bbetween{WS}+$", re.IGNORECASE)
_FROM_LEFT = re.compile(rf"\bfrom{WS}+$", re.IGNORECASE)
_RANGE_FROM_LEFT = re.compile(
    rf"\b(?:rang(?:e|es|ed|ing)|var(?:y|ies|ied|ying)|anywhere|spans?|spanning){WS}+from{WS}+$",
    re.IGNORECASE,
)
# "$", "US$", "USD ", "RM", "Rs. ", and markdown-escaped "\$"
_CURRENCY_LEFT = re.compile(rf"\\?(?P<cur>{_CUR_SIGN_RX}){WS}?$")
_CURRENCY_LAST = frozenset(sg[-1] for sg in _ALL_SIGNS)
_AGE_LAST = frozenset({"age", "aged", "ages", "group", "of"})
_CODE_WORDS_ANY = {w.lower() for w in _CODES["any_case"]}
_CODE_WORDS_CAP = set(_CODES["capitalized"])


_SIGN_ENDINGS = tuple(_ALL_SIGNS)


def _currency_before(left: str) -> bool:
    """Can ``_CURRENCY_LEFT`` match? A sign or a code ends the text."""
    end = left.rstrip(" \t\u00a0\u202f")
    return end[-1:] in _CURRENCY_LAST and end.endswith(_SIGN_ENDINGS)


def _first_after(text: str, pos: int) -> str:
    """The first character after ``pos`` that is no space inside a line."""
    return text[pos : pos + 12].lstrip(" \t\u00a0\u202f")[:1]


def _last_word(left: str) -> str:
    """The word that ends ``left`` (empty when it ends in a space)."""
    if not left or left[-1].isspace():
        return ""
    return left.rsplit(None, 1)[-1].lstrip("\"'“‘(—–-[")


# Last words of the hedges, and of the verbs of a change: a cheap test before
# the anchored regexes, which are the slow part of reading a number's left side.
_HEDGE_LAST = {p.split()[-1].lower() for p in _QUAL_PHRASES} | {"between"}
_CHANGES = changes()
_UP_VERBS = frozenset(w.lower() for w in _CHANGES["increase"])
_UPDOWN_LAST = _UP_VERBS | {w.lower() for w in _CHANGES["decrease"]} | {"by"}
_BY_LEFT = re.compile(rf"\b(?:by|of){WS}+$", re.IGNORECASE)
_INC_VERB = re.compile(rf"{phrase_regex(_CUES['increase_verbs'])}", re.IGNORECASE)
_DEC_VERB = re.compile(rf"{phrase_regex(_CUES['decrease_verbs'])}", re.IGNORECASE)
_UPDOWN_LEFT = re.compile(
    rf"\b(?P<verb>{phrase_regex(_CHANGES['increase'] + _CHANGES['decrease'])}){WS}+(?:by{WS}+)?$",
    re.IGNORECASE,
)
_AGE_RANGE = re.compile(
    rf"(?:{DIGITS}|{WORDS}){WS}*(?:to|-|–|and|through){WS}*(?:{DIGITS}|{WORDS})", re.IGNORECASE
)
_AGE_APPOSITIVE = re.compile(r"\b[A-Z][a-z’'-]+,[ \u00a0]$")
_AGE_LEFT = re.compile(
    rf"\b(?:aged?|ages|age{WS}+group|between{WS}+the{WS}+ages{WS}+of){WS}+$", re.IGNORECASE
)

# --- right context -------------------------------------------------------
_SCALE_RIGHT = re.compile(
    rf"(?:{WS}*\r?\n{WS}*|{WS}+|-)?(?P<scale>{'|'.join(sorted(SCALES, key=len, reverse=True))})\b"
    rf"|(?P<abbr>{'|'.join(sorted(SCALE_ABBREVIATIONS, key=len, reverse=True))})\b",
    re.IGNORECASE,
)
_PERCENT_RIGHT = re.compile(
    rf"{WS}*(?P<pct>{phrase_regex(_UNITS['percent_words'])})(?![\w-])", re.IGNORECASE
)
_PERCENT_FIRST = "".join({w[0].lower() + w[0].upper() for w in _UNITS["percent_words"]})
_CURRENCY_CODES = [c for c in _CUR_SIGNS if re.fullmatch("[A-Z]{3}", c)]
# after the number: a sign, glued or spaced ("15 €", "120zł"), or a word or code
# ("500 yen", "25m USD")
_CUR_WORD_RIGHT = re.compile(
    rf"(?:{WS}*(?P<cs>{'|'.join(re.escape(sg) for sg in _SIGNS_AFTER)})(?![A-Za-z])"
    rf"|{WS}+(?P<cw>{phrase_regex(list(_CUR_WORDS) + _CURRENCY_CODES)}))(?![-\w])",
    re.IGNORECASE,
)
# the first characters of every sign, word and code read after a number
_CUR_AFTER_FIRST = frozenset(
    c for f in [*_SIGNS_AFTER, *_CUR_WORDS, *_CURRENCY_CODES] for c in (f[0].lower(), f[0].upper())
)
# --- physical measures: forms from rules/units.json; "degrees" by country ---
_MEASURE_OF: dict[str, str] = {}
_GLUED_OF: dict[str, str] = {}


def _norm(phrase: str) -> str:
    """A phrase as a lexicon key: lower case, one space for spaces and hyphens."""
    return " ".join(phrase.lower().replace("-", " ").split())


for _unit, _entry in _UNITS["measures"].items():
    for _form in _entry["forms"]:
        _MEASURE_OF[_norm(_form)] = _unit
    for _form in _entry.get("glued", []):
        _GLUED_OF[_form] = _unit
for _sign, _what in _UNITS["local_signs"].items():
    if _what == "degree":
        _MEASURE_OF[_norm(_sign)] = "degree"
_MEASURE_FORMS = "|".join(
    re.escape(f).replace(r"\ ", r"[\s\u00a0-]+") for f in sorted(_MEASURE_OF, key=len, reverse=True)
)
_MEASURE_RIGHT = re.compile(
    rf"(?:{WS}*-{WS}*|{WS}*)(?P<mf>{_MEASURE_FORMS})(?![\w-])"
    r"|(?P<gl>"
    + "|".join(re.escape(g) for g in sorted(_GLUED_OF, key=len, reverse=True))
    + r")(?![\w])",
    re.IGNORECASE,
)
_GLUED_RX = re.compile(
    "(?:" + "|".join(re.escape(g) for g in sorted(_GLUED_OF, key=len, reverse=True)) + r")(?![\w])"
)
_METRIC_OF: dict[str, str] = {u: e["metric"] for u, e in _UNITS["measures"].items()}


# the first characters of every measure form: most numbers are followed by none
_MEASURE_FIRST = frozenset(
    c for f in [*_MEASURE_OF, *_GLUED_OF] for c in (f[0].lower(), f[0].upper())
)
_SPACE_HYPHEN = " \t\u00a0\u202f-"


def _measure_after(text: str, pos: int, limit: int, country: Country) -> tuple[str, int] | None:
    """The measure unit right after ``pos`` ("121 degrees", "50-lb", "38C") and its end."""
    if text[pos : pos + 8].lstrip(_SPACE_HYPHEN)[:1] not in _MEASURE_FIRST:
        return None
    mm = _MEASURE_RIGHT.match(text, pos, limit)
    if mm is None:
        return None
    if mm.group("gl") is not None:
        if _GLUED_RX.match(text, pos) is None:  # "38C", never "38c"
            return None
        unit = _GLUED_OF[mm.group("gl")]
    else:
        unit = _MEASURE_OF[_norm(mm.group("mf"))]
    if unit == "degree":
        unit = country.degree
    return unit, mm.end()


_SUBUNIT_RIGHT = re.compile(rf"(?P<sub>p\b|{WS}+pence\b|{WS}*¢|{WS}+cents?\b)")
_DUR = _UNITS["durations"]
_DURATION_RIGHT = re.compile(
    rf"(?P<sep>{WS}+|-|{WS}*-{WS}*)(?:(?:business|working|calendar|straight|consecutive|full|more|additional|extra|long|short|unpaid|paid|overtime|training|sick|vacation){WS}+)?(?P<dur>{'|'.join(sorted(_DUR, key=len, reverse=True))})\b(?!-old)",
    re.IGNORECASE,
)
_HALF_HOUR = re.compile(
    r"\b(?:(?:a|one)\s+)?half[-\s](?P<dur>hour|day|year|month|week|minute|second)\b", re.IGNORECASE
)
_RANGE_SEP = re.compile(rf"{WS}*(?P<sep>to|and|-|–|—|through|or|,){WS}*", re.IGNORECASE)
_PER_AFTER = re.compile(
    rf"(?:{WS}*-?|{WS}+(?:[\w'’-]+{WS}+){{0,8}}?)(?P<per>{phrase_regex(list(_UNITS['per_after']))})(?![\w-])",
    re.IGNORECASE,
)
# "4,200 hourly workers": an -ly word before a word for people describes them;
# it is no rate (while "a $3,000 monthly stipend" is one)
_ADJECTIVE_RATE = re.compile(
    r"(?:hourly|daily|weekly|monthly|yearly)[ \u00a0]+(?P<noun>[A-Za-z]+)", re.IGNORECASE
)


def _describes_workers(text: str, pos: int) -> bool:
    m = _ADJECTIVE_RATE.match(text, pos)
    return m is not None and _ITEM_GROUPS.get(lemma(m.group("noun"))) == "worker"


# the first letters of each rate phrase's last word ("an hour" → "hou", "/hr"):
# if none occurs, no rate phrase can match
_PER_HINTS = tuple(sorted({p.split()[-1].lower()[:3] for p in _UNITS["per_after"]}))


def _has_per_hint(window: str) -> bool:
    """A cheap test before the rate pattern: does any rate word occur at all?"""
    low = window.lower()
    for h in _PER_HINTS:
        if h in low:
            return True
    return False


_PER_OF = {k.replace("-", " "): v for k, v in _UNITS["per_after"].items()}
_PER_BEFORE = re.compile(rf"\b(?P<per>{phrase_regex(list(_UNITS['per_before']))})\b", re.IGNORECASE)
_PER_BEFORE_WORDS = tuple(w.lower() for w in _UNITS["per_before"])


def _has_per_before(window: str) -> bool:
    """A cheap test before ``_PER_BEFORE``, as case-blind as the pattern."""
    low = window.lower()
    return any(w in low for w in _PER_BEFORE_WORDS)


_PER_BASE = re.compile(
    rf"{WS}+per{WS}+(?P<base>100|1,000|10,000|100,000|200,000|a{WS}+hundred|one{WS}+hundred)"
    rf"(?:{WS}+[\w-]+){{0,2}}?{WS}+(?P<who>workers|employees|members|people|residents|drivers|FTEs?)\b",
    re.IGNORECASE,
)
_CLOCK_RIGHT = re.compile(
    rf"(?:{WS}*(?:or|to|-|–){WS}*\d{{1,2}}(?::\d\d)?)?"
    rf"{WS}*(?:[ap]\.m\.|[ap]\.m\b|[ap]m\b|o['’]clock|(?:in{WS}+the{WS}+(?:morning|evening|afternoon)|at{WS}+night|tonight)\b)",
    re.IGNORECASE,
)
_ORDINAL_RIGHT = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)
_CHANGE_NOUN_RIGHT = re.compile(
    rf"(?:{WS}+|-)(?:[\w-]+{WS}+)?(?P<noun>{phrase_regex(_CUES['change_nouns_increase'] + _CUES['change_nouns_decrease'])})\b",
    re.IGNORECASE,
)
_INC_NOUNS = {w.lower() for w in _CUES["change_nouns_increase"]}
_WORD_RIGHT = re.compile(r"(?:[\s\u00a0]+|-)(?P<w>[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*)")
_FEWER_MORE_RIGHT = re.compile(rf"{WS}+(?P<fm>fewer|less|more){WS}+(?!than)", re.IGNORECASE)
_ITEM_GROUPS: dict[str, str] = {}
for _g, _words in _ITEMS["groups"].items():
    for _w in _words:
        _ITEM_GROUPS.setdefault(_w, _g)
_IRREGULAR: dict[str, str] = _ITEMS["irregular"]
_STOP = frozenset(_ITEMS["stopwords"])
_MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)


@lru_cache(maxsize=16384)
def lemma(word: str) -> str:
    """Singular lemma of a plural noun, by rule and a small irregular list."""
    w = word.lower().strip("'’")
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes", "zes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


def _looks_plural(word: str) -> bool:
    w = word.lower()
    return w in _IRREGULAR or (
        w.endswith("s") and not w.endswith(("ss", "us", "is", "ous")) and len(w) > 3
    )


# "three of the drivers", "maybe twenty of us"; "two more holidays", "nine other employees"
_PARTITIVE = re.compile(
    rf"{WS}+of{WS}+(?:the|my|our|us|them|their|these|those|its|his|her|your|whom)\b", re.IGNORECASE
)
_COUNT_ADJECTIVE = re.compile(
    rf"{WS}+(?:more|other|additional|extra|new|further){WS}*", re.IGNORECASE
)


# "one nurse for every four patients", "one for every seven": the rate is the second number
_ONE_FOR_EVERY = re.compile(
    rf"(?:one|1)(?:{WS}+[A-Za-z][\w’'-]*){{0,2}}?{WS}+(?:for|to){WS}+every{WS}+"
    rf"(?P<n>{DIGITS}|{WORDS})\b",
    re.IGNORECASE,
)


def _ratio(text: str, s: int, n: int) -> Mention | None:
    """ "one nurse for every six patients" as one count: six patients per nurse."""
    m = _ONE_FOR_EVERY.match(text, s, min(n, s + 80))
    if m is None:
        return None
    raw = m.group("n")
    v = parse_digits(raw) if raw[0].isdigit() else parse_words(raw)
    if v is None or v < 1:
        return None
    item, group, item_end = find_item(text, m.end(), min(n, m.end() + 60), 3)
    end = item_end if item is not None else m.end()
    return Mention(
        start=s, end=end, kind="count", value=v, unit="count", item=item, item_group=group,
        rule="quantity.ratio", core_start=m.start("n"), core_end=m.end("n"), flags={"ratio"},
        confidence=0.7,
    )  # fmt: skip


def _counted_in_words(
    text: str, end: int, n: int, value: float, qualifier: str
) -> tuple[str | None, str | None]:
    """What a small number word counts when no noun follows it at once: the
    noun after "other"/"more" or after "of the", or the people of "of us"."""
    adj = _COUNT_ADJECTIVE.match(text, end, min(n, end + 16))
    if adj is not None:
        item, group, _ = find_item(
            text, adj.end() - 1 if adj.end() > adj.start() else end, min(n, end + 60), 2
        )
        if item is not None:
            return item, group
        return (
            ("item", None)
            if text[adj.start() :].lstrip().lower().startswith("more")
            else (None, None)
        )
    part = _PARTITIVE.match(text, end, min(n, end + 12))
    if part is None or value < 2:
        return None, None
    if part.group().rstrip().lower().endswith(("us", "them", "whom")):
        return "person", "worker"
    item, group, _ = find_item(text, part.end(), min(n, part.end() + 60), 4)
    return item, group


def find_item(
    text: str, pos: int, limit: int, max_words: int = 5
) -> tuple[str | None, str | None, int]:
    """The counted noun after ``pos``: (lemma, group, end offset) or (None, None, pos).

    Looks at up to four words, skipping capitalised names and adjectives
    ("340,000 UPS workers", "84 DSP delivery drivers").
    """
    cur = pos
    fallback: tuple[str, int] | None = None
    joined = max_words < 5  # short look-ups never join over "and"
    for _ in range(max_words):
        m = _WORD_RIGHT.match(text, cur, limit)
        if m is None:
            break
        word = m.group("w")
        low = word.lower()
        if low in ("and", "or") and not joined and cur != pos:
            joined = True  # "current and former employees"
            cur = m.end()
            continue
        if low in _STOP or low in _MONTHS:
            break
        lem = lemma(low)
        group = _ITEM_GROUPS.get(lem) or _ITEM_GROUPS.get(low)
        if group:
            # a compound's head is its last noun: "delivery drivers", "package handlers"
            nxt = _WORD_RIGHT.match(text, m.end(), limit)
            hyphenated = text[m.start()] == "-"  # "170-stop job": the number's own noun
            if nxt is not None and not hyphenated and text[m.end()] != "-":
                nlow = nxt.group("w").lower()
                nlem = lemma(nlow)
                ngroup = _ITEM_GROUPS.get(nlem) or _ITEM_GROUPS.get(nlow)
                if ngroup:
                    return nlem, ngroup, nxt.end()
            return lem, group, m.end()
        # A two-word item ("warehouse worker") is read by its head noun above.
        if word[0].islower() and _looks_plural(word) and fallback is None:
            fallback = (lem, m.end())
            # an adjective-free plural noun right after the number is the item
            if cur == pos:
                return lem, None, m.end()
        cur = m.end()
    if fallback:
        return fallback[0], None, fallback[1]
    return None, None, pos


class _Num:
    """A parsed number core with its extent."""

    __slots__ = ("start", "end", "value", "words", "vague", "fraction", "one_in")

    def __init__(self, start: int, end: int, value: float, *, words: bool = False) -> None:
        self.start, self.end, self.value, self.words = start, end, value, words
        self.vague = self.fraction = self.one_in = False


# the number lexicons by normalized key: "a quarter-of-a-million" reads as "a quarter of a million"
_VAGUE_OF = {_norm(k): v for k, v in VAGUE.items()}
_FRACTION_OF = {_norm(k): v for k, v in FRACTIONS.items()}
_PHRASE_OF = {_norm(k): v for k, v in PHRASES.items()}


def _read_core(m: re.Match[str]) -> _Num | None:
    kind = m.lastgroup
    s, e = m.start(), m.end()
    text = m.group(0)
    if kind == "digits":
        v = parse_digits(text)
        return None if v is None else _Num(s, e, v)
    if kind == "words":
        v = parse_words(text)
        return None if v is None else _Num(s, e, v, words=True)
    if kind == "vague":
        n = _Num(s, e, _VAGUE_OF[_norm(text)], words=True)
        n.vague = True
        return n
    if kind == "frac":
        n = _Num(s, e, _FRACTION_OF[_norm(text)], words=True)
        n.fraction = True
        return n
    if kind == "aunit":
        return _Num(s, e, 1.0, words=True)
    if kind == "phrase":
        return _Num(s, e, _PHRASE_OF[_norm(text)], words=True)
    if kind == "onein":
        a_txt, b_txt = m.group("in_a"), m.group("in_b")
        a = parse_digits(a_txt) if a_txt[0].isdigit() else parse_words(a_txt)
        b = parse_digits(b_txt) if b_txt[0].isdigit() else parse_words(b_txt)
        if not a or not b or a > b or b > 1000:
            # not a share after all: read the first number alone
            n = _Num(s, m.start("in_b") if a is None else m.end("in_a"), a or 0.0)
            if a is None or not a_txt[0].isdigit():
                return None
            n.end = m.end("in_a")
            return n
        n = _Num(s, e, round(100.0 * a / b, 2), words=not a_txt[0].isdigit())
        n.one_in = True
        return n
    return None


class QuantityFinder(RuleComponent):
    """Component: adds quantity mentions to ``doc._.lf_mentions``."""

    def __call__(self, doc: Doc) -> Doc:
        ext = doc._
        text = text_of(doc)
        blocked = nonfact_spans(text, ext.lf_anchors)
        # a date inside a name or a marker ("© 2024") is no fact either
        mentions: list[Mention] = [
            m for m in ext.lf_mentions or [] if not _overlaps(blocked, m.start, m.end)
        ]
        taken = sorted((m.start, m.end) for m in mentions)
        taken.extend(ext.lf_byline_spans or [])
        taken.sort()
        mentions.extend(find_quantities(text, taken, ext.lf_anchors, decide(text), blocked))
        mentions.sort(key=lambda x: (x.start, x.end))
        ext.lf_mentions = mentions
        return doc


def _overlaps(taken: list[tuple[int, int]], s: int, e: int) -> bool:
    """Does [s, e) overlap a span already taken? ``taken`` is sorted and disjoint."""
    i = bisect_left(taken, (s, -1))
    for j in (i - 1, i):
        if 0 <= j < len(taken):
            a, b = taken[j]
            if a < e and s < b:
                return True
    return False


_DIGIT_CHAIN = re.compile(r"\(?\d+\)?(?:[-.\u2011][0-9]+){2,}")
_LIST_NUMBER = re.compile(r"\d{1,2}[.)][ \t]+[A-Z]")
_CODE_LIST = re.compile(r"(?:[ \t]*(?:,|and|&|-|–|to)[ \t]*\d+[A-Za-z]?\b)+")
_SLASH_RATE = re.compile(
    r"/(?:hr|hour|h|day|wk|week|mo|month|yr|year|shift|annum)\b", re.IGNORECASE
)


def _is_code(text: str, s: int, e: int) -> bool:
    """A number inside a name or code: JFK8, Local 2865, COVID-19, 3D, 401(k)."""
    if s > 0 and (text[s - 1].isalpha() or text[s - 1] in "_#/"):
        return True
    if s > 1 and text[s - 1] == "[" and text[s - 2] == "\x1b":
        return True  # a terminal escape sequence, "\x1b[31m"
    if s > 1 and text[s - 1] in "-." and text[s - 2].isalpha():
        return True
    if e < len(text) and text[e].isalpha():
        # "10k", "50p", "5bn", "1.6m" are scales or subunits, handled by the caller
        return False
    if e < len(text) and text[e] in "(/" and not _SLASH_RATE.match(text, e):
        return True
    w = _last_word(text[max(0, s - 30) : s].rstrip(" \t\u00a0#"))
    return bool(w) and (w.lower() in _CODE_WORDS_ANY or w in _CODE_WORDS_CAP)


# --- non-facts: names with numbers, codes, phones, markers (rules/nonfacts.json)
_NONFACTS = nonfacts()
_NONFACT_RX = re.compile(
    "|".join(f"(?:{e['re']})" for e in _NONFACTS["patterns"] + _NONFACTS["idioms"])
)
# patterns hold digits, idioms number words: each is tried at its own anchors
_NONFACT_DIGIT_RX = re.compile("|".join(f"(?:{e['re']})" for e in _NONFACTS["patterns"]))
_NONFACT_WORD_RX = re.compile("|".join(f"(?:{e['re']})" for e in _NONFACTS["idioms"]))


def _starters(entries: list[dict[str, str]]) -> tuple[frozenset[str], bool] | None:
    """The characters the entries' matches can start with (None: any)."""
    chars: set[str] = set()
    digit = False
    for e in entries:
        got = first_chars(e["re"])
        if got is None:
            return None
        chars |= got[0]
        digit = digit or got[1]
    return frozenset(chars), digit


_DIGIT_STARTERS = _starters(_NONFACTS["patterns"])
_WORD_STARTERS = _starters(_NONFACTS["idioms"])
# a match starts at the number or at one of the few words or brackets before it
# ("Reading time: 4", "S&P/ASX 200", "(312) 555-0148", "on the one hand")
_NONFACT_BEFORE = 32
_NONFACT_WORDS_BEFORE = 4
_WORD_OR_BRACKET = re.compile(r"(?<!\S)\S|[(\[+©]")


def nonfact_spans(text: str, anchors: list[int] | None = None) -> list[tuple[int, int]]:
    """Sorted, disjoint spans of ``text`` that hold no fact (see ``nonfacts.json``).

    With ``anchors`` (where numbers may start), the patterns are tried only at
    the few word starts just before each anchor, not at every character;
    ``tests/test_quantity_data.py`` holds both ways equal over the corpora."""
    if anchors is None:
        return [m.span() for m in _NONFACT_RX.finditer(text) if m.end() > m.start()]
    spans: list[tuple[int, int]] = []
    last = 0
    for a in anchors:
        if a < last:
            continue
        if text[a : a + 1].isdigit():
            rx, starters = _NONFACT_DIGIT_RX, _DIGIT_STARTERS
        else:
            rx, starters = _NONFACT_WORD_RX, _WORD_STARTERS
        lo = max(last, a - _NONFACT_BEFORE)
        starts = [w.start() for w in _WORD_OR_BRACKET.finditer(text, lo, a)]
        for st in [*starts[-_NONFACT_WORDS_BEFORE:], a]:
            if starters is not None:
                c = text[st]
                if c not in starters[0] and not (starters[1] and c.isdigit()):
                    continue  # no entry starts with this character
            m = rx.match(text, st)
            if m is not None and m.end() > a:
                spans.append(m.span())
                last = m.end()
                break
    return spans


def nonfact_rule(text: str) -> str | None:
    """The id of the first non-fact entry that matches ``text``, if any."""
    for e in _NONFACTS["patterns"] + _NONFACTS["idioms"]:
        if re.search(e["re"], text):
            return str(e["id"])
    return None


def find_quantities(
    text: str,
    taken: list[tuple[int, int]],
    anchors: list[int] | None = None,
    country: Country | None = None,
    blocked: list[tuple[int, int]] | None = None,
) -> list[Mention]:
    """Quantity mentions outside the ``taken`` spans (dates, the byline) and the
    ``blocked`` ones (non-facts; found here when not given). Bare "$" and
    "degrees" are those of ``country`` (decided from the text when not given)."""
    out: list[Mention] = []
    n = len(text)
    pos = 0
    country = country or decide(text)
    blocked = nonfact_spans(text) if blocked is None else blocked
    for m in at_anchors(CORE_RE, text, anchors, _CORE_DIGIT_RE):
        if m.start() < pos:
            continue
        pos = m.end()
        if _overlaps(taken, m.start(), m.end()) or _overlaps(blocked, m.start(), m.end()):
            continue
        core = _read_core(m)
        if core is None:
            continue
        after = text[m.end() : m.end() + 1]
        # a chain goes on with "-", "." or ")"; an address with a space and a capital
        chain = (
            _DIGIT_CHAIN.match(text, m.start())
            if not core.words and after in ("-", ".", "\u2011", ")")
            else None
        )
        if chain is not None:
            pos = chain.end()  # a phone number or an id: 1-800-555-0199
            continue
        if (
            core.words is False
            and (m.start() == 0 or text[m.start() - 1] in "\n\r")
            and _LIST_NUMBER.match(text, m.start())
        ):
            continue  # "1. Union membership": a section number
        mention = _extend(text, core, n, country)
        if mention is None:
            if not core.words and _is_code(text, m.start(), m.end()):
                cl = _CODE_LIST.match(text, m.end())
                if cl is not None:
                    pos = cl.end()  # "pages 12 and 19", "Sections 7, 8 and 9"
                continue
            # an age bracket "aged 16 to 24" is a population, never a fact
            ar = _AGE_RANGE.match(text, m.start())
            if ar is not None and _AGE_LEFT.search(text, max(0, m.start() - 40), m.start()):
                pos = ar.end()
            continue
        out.append(mention)
        pos = max(pos, mention.end)
        insort(taken, (mention.start, mention.end))
        if mention.absorbed is not None and not _overlaps(taken, *mention.absorbed):
            insort(taken, mention.absorbed)  # "per 100 workers" is the rate's base, not a fact
    return out


# the first letters of the scale words and abbreviations of rules/numbers.json
_SCALE_FIRST = frozenset(
    c for w in (*SCALES, *SCALE_ABBREVIATIONS) for c in (w[0].lower(), w[0].upper())
)


def _scale_after(text: str, e: int, n: int) -> tuple[float, int]:
    if text[e : e + 16].lstrip(" \t\u00a0\u202f\r\n-")[:1] not in _SCALE_FIRST:
        return 1.0, e  # no scale word or abbreviation can follow
    sm = _SCALE_RIGHT.match(text, e, min(n, e + 16))
    if sm is None:
        return 1.0, e
    if sm.group("abbr") is not None:
        # abbreviations only when glued to the number: "$1.6m", "10k", "5bn"
        if sm.start() != e:
            return 1.0, e
        word = sm.group("abbr")
    else:
        word = sm.group("scale")
    factor = scale_of(word)
    return (factor or 1.0), sm.end()


_SIGN_AT = re.compile(rf"\\?(?:{_CUR_SIGN_RX})")
_SEP_STARTS = ("to", "To", "and", "-", "–", "—", "through", "or", ",")


def _number_after_sep(text: str, e: int, n: int) -> tuple[re.Match[str], _Num] | None:
    sep = _RANGE_SEP.match(text, e, min(n, e + 12))
    if sep is None:
        return None
    cur = _CURRENCY_LEFT.match(text, sep.end())  # "$234 billion and $254 billion"
    start2 = sep.end()
    cm = _SIGN_AT.match(text, start2)
    if cm:
        start2 = cm.end()
    del cur
    m2 = CORE_RE.match(text, start2)
    if m2 is None or m2.lastgroup not in ("digits", "words"):
        return None
    core2 = _read_core(m2)
    if core2 is None:
        return None
    core2.fraction = cm is not None  # reused as "has its own currency sign"
    return sep, core2


_STOP_MARK = re.compile(r"[.;:!?]")
_SPACES_HYPHENS = re.compile(r"[\s\u00a0-]+")
_CLAUSE_SPLIT = re.compile(r"[.;:!?—–]|,\s")


def _negated(v: float | None) -> float | None:
    return None if v is None else -v


def _scaled(value: float, factor: float) -> float:
    """``value * factor`` without float noise: 4.1 million is 4100000, not 4099999.99…"""
    return float(f"{value * factor:.12g}")


# "two-thirds reported", "half said", "a third were": a share of the people asked
_SHARE_VERB_RIGHT = re.compile(
    rf"{WS}+(?:{phrase_regex([v for v in _CUES['attribution_verbs'] if ' ' not in v])}"
    r"|were|are|have|had|described|experienced|suffered|worked|earn(?:ed)?)\b",
    re.IGNORECASE,
)
_MINUS = frozenset("-\u2212\u2012\u2010\u2011\ufe63\uff0d")
_BEFORE_MINUS = frozenset(" \t\n\r\u00a0([:=/")
_SIGN_WORD_LEFT = re.compile(rf"\b(?:minus|negative){WS}+$", re.IGNORECASE)


def _currency_of(sign: str, country: Country) -> str | None:
    """The ISO code of a sign or code read before a number, in ``country``."""
    sign = sign.strip(" \t\u00a0\u202f")
    if sign in country.signs:
        return country.signs[sign]
    code = _CUR_SIGNS.get(sign)
    if code is None:
        return None  # another country's sign: "R120" outside South Africa
    return country.dollar if code == "dollar" else code


def _extend(text: str, core: _Num, n: int, country: Country) -> Mention | None:
    s, e = core.start, core.end
    value = core.value
    # Left-context patterns are anchored at the slice end; short slices keep
    # their search cheap (the longest hedge is under 35 characters).
    left = text[max(0, s - 36) : s]
    left_word = _last_word(left.rstrip()).lower()
    age_left = left_word in _AGE_LAST and _AGE_LEFT.search(left) is not None
    # ---- a currency before the number, glued or spaced ("RM120", "JPY 500"):
    # read first, since letters glued to a number otherwise make it a code
    currency = cur_start = None
    cm = _CURRENCY_LEFT.search(left[-8:]) if _currency_before(left) else None
    if cm is not None:
        currency = _currency_of(cm.group("cur"), country)
        if currency is not None:
            cur_start = s - (len(left[-8:]) - cm.start())
    sub_prefix = left[-4:].lower() == "sub-" and (len(left) < 5 or not left[-5].isalpha())
    # ---- things that are not facts
    if not core.words and not core.vague:
        if currency is None and not sub_prefix and _is_code(text, s, e):
            return None
        if e < n and text[e] == ":" and e + 1 < n and text[e + 1].isdigit():
            return None  # clock time 10:30
        if _CLOCK_RIGHT.match(text, e, min(n, e + 20)):
            return None
        if _ORDINAL_RIGHT.match(text, e, min(n, e + 3)):
            return None
        if s > 0 and text[s - 1] == ":" and s > 1 and text[s - 2].isdigit():
            return None
        if age_left:
            return None
        if (
            text[e : e + 1] == ","
            and left.endswith((", ", ",\u00a0"))
            and value < 120
            and _AGE_APPOSITIVE.search(left)
        ):
            return None  # "Jones, 34, has worked…": an age
    elif age_left:
        return None
    elif (
        text[s].isupper()
        and re.search(r"[A-Za-z][\w’'-]*[ \u00a0]$", left[-30:])
        and (re.search(r"[A-Z][\w’'-]*[ \u00a0]$", left[-30:]))
    ):
        return None  # a capitalised number word inside a name: "the Big Five"

    if text[s:e].lower() in ("a", "an") and not (
        left_word in _HEDGE_LAST and _hedge_before(left) is not None
    ):
        return None  # "a month" is a quantity only when hedged: "nearly a month"
    if value == 1 and text[s : s + 1] in "1oO":
        ratio = _ratio(text, s, n)
        if ratio is not None:
            return ratio
    start, end = s, e
    kind = "bare"
    unit = "count"
    qualifier = "exact"
    direction = "level"
    per: str | None = None
    metric_hint: str | None = None
    rule = "quantity.number"
    flags: set[str] = set()
    low = high = None
    second: tuple[int, int] = (-1, -1)

    if currency is not None and cur_start is not None:
        start, kind, unit, rule = cur_start, "money", currency, "quantity.money"
    if sub_prefix:
        start, qualifier = s - 4, "less_than"  # "sub-300": below 300
    # ---- a sign: "-2.7%", "−0.4 points", "minus 5", "negative 3%"
    negative = False
    before = text[start - 1 : start] if start > 0 else ""
    if before in _MINUS and (start < 2 or text[start - 2] in _BEFORE_MINUS):
        negative, start = True, start - 1
    elif left_word in ("minus", "negative") and left.rstrip() != left:
        mw = _SIGN_WORD_LEFT.search(text, max(0, start - 12), start)
        if mw is not None:
            negative, start = True, mw.start()

    # ---- scale words
    if not core.vague and not core.fraction and not core.one_in:
        factor, e2 = _scale_after(text, e, n)
        if factor != 1.0:
            # "m" alone is ambiguous (metres, minutes); only after money, or
            # before a measure or a currency ("4.1m tonnes", "25m USD")
            sub = text[e:e2].strip().lower()
            if (
                sub in ("m", "b", "k")
                and kind != "money"
                and _measure_after(text, e2, min(n, e2 + 24), country) is None
                and _CUR_WORD_RIGHT.match(text, e2, min(n, e2 + 20)) is None
            ):
                factor, e2 = 1.0, e
            value = _scaled(value, factor)
            end = e2
        elif core.words and value >= 1e6:
            pass

    # ---- percent, currency words, subunits, durations
    if core.fraction or core.one_in:
        kind, unit = "percent", "percent"
        rule = "quantity.fraction"
        if core.fraction and not core.one_in:
            after = text[end : end + 30].lower()
            # "half" is a share only when it is a share of something
            hh = _HALF_HOUR.match(text, s)
            if hh is not None:
                # "half-hour break": a duration of 0.5 of the unit
                return Mention(
                    start=s, end=hh.end(), kind="duration", value=value / 100.0,
                    unit=hh.group("dur").lower(), rule="quantity.duration",
                    core_start=s, core_end=hh.end(), confidence=0.8,
                )  # fmt: skip
            of_scale = re.match(
                r"[\s\u00a0-]+of[\s\u00a0-]+an?[\s\u00a0-]+(?P<sc>million|billion|thousand|hundred)\b",
                after,
            )
            if of_scale is not None:
                # "a quarter of a million": a count, not a share
                factor = scale_of(of_scale.group("sc")) or 1.0
                value = round(value / 100.0 * factor, 6)
                end = e + of_scale.end()
                core.fraction = False
                kind = "bare"
            elif (
                not re.match(rf"{WS}+(?:of|the)\b", after)
                and _SHARE_VERB_RIGHT.match(after) is None
                and _hedge_before(left) is None
                and not re.search(rf"\bby{WS}+$", left, re.IGNORECASE)
            ):
                return None
            if not core.fraction:
                kind, unit, rule = "bare", "count", "quantity.number"
    if kind == "bare" and not core.fraction:
        after = _first_after(text, end)
        pm = _PERCENT_RIGHT.match(text, end, min(n, end + 25)) if after in _PERCENT_FIRST else None
        if pm is not None:
            kind, unit, end = "percent", "percent", pm.end()
            rule = "quantity.percent"
            if "point" in pm.group("pct").lower():
                metric_hint = "percentage_points"
        else:
            cw = (
                _CUR_WORD_RIGHT.match(text, end, min(n, end + 20))
                if after in _CUR_AFTER_FIRST
                else None
            )
            subunit = _SUBUNIT_RIGHT.match(text, end, min(n, end + 8)) if after in "p¢c" else None
            if cw is not None:
                cur_code = (
                    _currency_of(cw.group("cs"), country)
                    if cw.group("cs") is not None
                    else _CUR_WORDS.get(" ".join(cw.group("cw").lower().split()))
                    or _CUR_SIGNS.get(cw.group("cw").upper())
                )
                if cur_code == "dollar":
                    cur_code = country.dollar
                if cur_code:
                    kind, unit, end = "money", cur_code, cw.end()
                    rule = "quantity.money"
            elif subunit is not None and not core.words:
                key = subunit.group("sub").strip()
                code, factor = _UNITS["subunits"].get(
                    key, _UNITS["subunits"].get(key.rstrip("s"), [None, 1])
                )
                if code:
                    code = country.dollar if code == "dollar" else code
                    kind, unit, end = "money", code, subunit.end()
                    value *= factor
                    rule = "quantity.money_subunit"
            if kind == "bare":
                ms = _measure_after(text, end, min(n, end + 24), country)
                if ms is not None:
                    kind, unit, end = "measure", ms[0], ms[1]
                    metric_hint, rule = _METRIC_OF[unit], "quantity.measure"
            if kind == "bare":
                dm = _DURATION_RIGHT.match(text, end, min(n, end + 16))
                if dm is not None:
                    dur_unit, factor = _DUR[dm.group("dur").lower()]
                    kind, unit, end = "duration", dur_unit, dm.end()
                    value *= factor
                    rule = "quantity.duration"
    elif kind == "money":
        # "\$5 million" handled by scale; nothing more to read
        pass

    if core.vague:
        flags.add("vague")
        if kind == "bare":
            # "hundreds of thousands of drivers": skip the "of"
            of = re.match(rf"{WS}+of\b", text[end : end + 4])
            if of is None and not re.match(rf"{WS}+(?:[a-z]+)", text[end : end + 3]):
                pass

    # ---- hedges and range markers on the left
    left_now = text[max(0, start - 40) : start]
    between = False
    word_now = _last_word(left_now.rstrip()).lower()
    hb = _hedge_before(left_now) if word_now in _HEDGE_LAST else None
    if (
        hb is not None
        and kind == "duration"
        and hb[0].lower() in ("over", "under")
        and not re.search(r"\b(?:for|of|after|than|in)\s+$", left_now[: hb[1]])
    ):
        hb = None  # "raises pay by 25% over four years": over is "during" here
    if hb is not None:
        q = _QUALIFIER_OF.get(" ".join(hb[0].lower().split()))
        if q:
            qualifier = q
            start = start - (len(left_now) - hb[1])
            between = hb[2]
    bm = _BETWEEN_LEFT.search(left_now) if not between and word_now == "between" else None
    if bm is not None:
        between = True
        start = start - (len(left_now) - bm.start())
    # "from X to Y" is two levels, except after "range": "ranges from $18 to $24"
    from_left = (
        word_now == "from"
        and _FROM_LEFT.search(left_now) is not None
        and _RANGE_FROM_LEFT.search(left_now) is None
    )
    # after a change verb, "A to B" is a change and a level: "rose $2 to $19"
    change_left = word_now in _UPDOWN_LAST and _UPDOWN_LEFT.search(left_now[-30:]) is not None

    # ---- ranges: "3,500 to 4,400", "between $234 billion and $254 billion", "15-20%"
    range_done = False
    if not core.vague and not core.fraction and not from_left:
        # the separator follows the first number (before its unit when the unit is shared)
        for anchor in (e, end) if e != end else (e,):
            if not text[anchor : anchor + 12].lstrip(" \t\u00a0\u202f").startswith(_SEP_STARTS):
                continue  # no "to", "and", "-", "or" next: no second number
            got = _number_after_sep(text, anchor, n)
            if got is None:
                continue
            sep, core2 = got
            sep_word = sep.group("sep").lower()
            if core2.fraction != (kind == "money"):
                continue  # "11 percent to $612 billion": two quantities, not a range
            if sep_word == "and" and not between:
                continue
            if sep_word == "to" and change_left:
                continue
            if sep_word == "or" and not re.match(
                rf"[\w.,]*(?:{WS}*(?:%|percent|{'|'.join(_DUR)}))",
                text[sep.end() :][:40],
                re.IGNORECASE,
            ):
                continue  # "11 or 12 hours" is a range; "5 or 6" alone is not
            v2 = core2.value
            if sep_word == "," and not (qualifier == "approx" and value < v2 <= 2 * value):
                continue  # "maybe five, six pounds" is a range; "5, 6 and 7" a list
            f2, e2 = _scale_after(text, core2.end, n)
            factor_first = value / core.value if core.value else 1.0
            if f2 != 1.0:
                v2 *= f2
                if factor_first == 1.0 and anchor == e:
                    value *= f2  # "3 to 4 million": the scale applies to both
            elif factor_first != 1.0:
                v2 *= factor_first
            e2_unit = e2
            kind2 = kind
            if kind in ("bare", "money"):
                pm = _PERCENT_RIGHT.match(text, e2, min(n, e2 + 25))
                dm = _DURATION_RIGHT.match(text, e2, min(n, e2 + 16))
                ms = _measure_after(text, e2, min(n, e2 + 24), country)
                if pm is not None and kind == "bare":
                    kind2, e2_unit = "percent", pm.end()
                elif ms is not None and kind == "bare":
                    kind2, e2_unit = "measure", ms[1]
                    unit, metric_hint, rule = ms[0], _METRIC_OF[ms[0]], "quantity.measure"
                elif dm is not None and kind == "bare":
                    dur_unit, factor = _DUR[dm.group("dur").lower()]
                    kind2, e2_unit = "duration", dm.end()
                    v2 *= factor
                    value *= factor
                    unit = dur_unit
            if anchor == end and kind2 != kind and kind != "bare":
                continue
            if kind2 != kind:
                if kind == "bare":
                    kind = kind2
                    if kind2 == "percent":
                        unit = "percent"
            if v2 <= value:
                flags.add("descending")
                # "voted 19-8", "2,654 to 2,131": a tally, read by the classifier
                low, high = value, v2
            else:
                low, high = value, v2
            end = max(end, e2_unit)
            second = (m2_start := core2.start, e2_unit)
            del m2_start
            range_done = True
            flags.add("range")
            if between:
                flags.add("between")
            if sep_word in ("-", "–", "—"):
                flags.add("hyphen")
            rule = "quantity.range"
            break

    # ---- items, rate bases, durations in compounds
    item = group = None
    if kind in ("bare", "count"):
        words_only = core.words and not core.vague
        item, group, item_end = find_item(text, end, min(n, end + 60), 3 if words_only else 5)
        if words_only and item is None:
            item, group = _counted_in_words(text, end, n, value, qualifier)
        if item is not None:
            kind = "count"
        if words_only and item is None and not (qualifier == "approx" and value >= 2):
            # A number word with nothing counted is a manner of speaking ("one
            # day", "the two of them"), unless hedged ("there's maybe twenty")
            return None
        if words_only and item is None:
            kind = "count"  # hedged: "maybe four are still there"
        if words_only and value == 1 and qualifier == "exact":
            return None  # "one picker's tracker", "one loader, …": a person, not a count
    if core.vague and kind == "bare":
        # "thousands of percent", "millions of workers"
        of_item = re.match(rf"{WS}+of{WS}+", text[end : end + 5])
        if of_item is not None:
            pm = _PERCENT_RIGHT.match(text, end + of_item.end(), min(n, end + 30))
            if pm is not None:
                kind, unit = "percent", "percent"
                end = pm.end()
            else:
                item, group, _ = find_item(text, end + of_item.end() - 1, min(n, end + 60))
                kind = "count"
        elif re.match(rf"{WS}*$|{WS}*[.,;:]", text[end : end + 2]) or True:
            kind = "count"

    # ---- per-head rate bases: "6.9 injuries per 100 full-time workers"
    base = None
    if "per" in text[end : end + 80]:
        base = _PER_BASE.match(text, end, min(n, end + 80))
        if base is None and item is not None:
            _, _, item_end = find_item(text, end, min(n, end + 60))
            base = _PER_BASE.match(text, item_end, min(n, item_end + 80))
    absorbed: tuple[int, int] | None = None
    if base is not None:
        metric_hint = "per_100_workers"
        flags.add("per_base")
        absorbed = (base.start("base"), base.end("base"))

    # ---- rates: "an hour", "annually", "hourly wage ... $23"
    pa = (
        _PER_AFTER.match(text, end, min(n, end + 70))
        if _has_per_hint(text[end : end + 70])
        else None
    )
    if (
        pa is not None
        and not _STOP_MARK.search(text, end, pa.start("per"))
        and not _describes_workers(text, pa.start("per"))
    ):
        per = _PER_OF.get(_SPACES_HYPHENS.sub(" ", pa.group("per").lower()).strip())
        if pa.start("per") <= end + 1 or text[end : pa.start("per")].strip() in ("-", ""):
            if text[end : end + 1] == "-":
                end = pa.end()
    if per is None and kind in ("money", "percent"):
        window = text[max(0, start - 60) : start]
        befores = (
            list(_PER_BEFORE.finditer(text, max(0, start - 60), start))
            if _has_per_before(window)
            else []
        )
        pb = befores[-1] if befores else None  # the last one before the number
        if pb is not None and not _STOP_MARK.search(text, pb.end(), start):
            per = _UNITS["per_before"].get(pb.group("per").lower())

    # ---- direction: "declined by 240,000", "up 5%", "a 50p rise", "20 more stops"
    left_now = text[max(0, start - 80) : start]
    word_now = _last_word(left_now.rstrip()).lower()
    if word_now in ("by", "of") and _BY_LEFT.search(left_now[-12:]):
        clause = _CLAUSE_SPLIT.split(left_now)[-1]
        inc = list(_INC_VERB.finditer(clause))
        dec = list(_DEC_VERB.finditer(clause))
        if inc or dec:
            last_inc = inc[-1].start() if inc else -1
            last_dec = dec[-1].start() if dec else -1
            direction = "increase" if last_inc > last_dec else "decrease"
    ud = _UPDOWN_LEFT.search(left_now[-30:]) if word_now in _UPDOWN_LAST else None
    if direction == "level" and ud is not None and not from_left:
        verb = ud.group("verb").lower()
        if verb in ("up", "rose", "grew", "increased", "jumped", "climbed", "gained", "added"):
            direction = "increase"
        else:
            direction = "decrease"
        if re.search(r"\bto\s*$", left_now):
            direction = "level"
    cn = _CHANGE_NOUN_RIGHT.match(text, end, min(n, end + 30))
    if cn is not None and direction == "level":
        noun = cn.group("noun").lower()
        direction = "increase" if noun in _INC_NOUNS else "decrease"
        flags.add("change_noun")
        if noun in ("raise", "raises", "pay raise", "pay rise", "hike", "bump"):
            metric_hint = metric_hint or "raise"
    fm = (
        _FEWER_MORE_RIGHT.match(text, end, min(n, end + 12))
        if _first_after(text, end) in ("f", "l", "m", "F", "L", "M")
        else None
    )
    if fm is not None and direction == "level" and not qualifier.endswith("than"):
        direction = "increase" if fm.group("fm").lower() == "more" else "decrease"

    # ---- values by shape
    if range_done and low is not None and high is not None:
        if "descending" in flags:
            val: float | None = None
        else:
            val = None
            if qualifier == "exact":
                qualifier = "range"
    elif core.vague:
        val, low, high = None, value, None
        qualifier = "at_least"
    elif qualifier in ("more_than", "at_least"):
        val, low, high = None, value, None
    elif qualifier in ("less_than", "at_most"):
        val, low, high = None, None, value
    else:
        val = value
    if negative:
        if range_done and low is not None and high is not None:
            # "-5 to -2": the second number carries its own sign, if any
            low = -low
            if second[0] > 0 and text[second[0] - 1] in _MINUS:
                high = -high
            if low > high:
                low, high = high, low
        else:
            val, low, high = _negated(val), _negated(low), _negated(high)
        if direction == "level" and kind in ("percent", "money"):
            direction = "decrease"  # "-2.7%": the sign states a fall
        flags.add("negative")

    if kind == "bare" and core.words:
        return None
    if not core.words and end == e and e < n and text[e].isalpha():
        return None  # digits glued to letters that are no unit: "the 1950s", "3D"
    mention = Mention(
        start=start,
        end=end,
        kind=kind,
        value=val,
        low=low,
        high=high,
        qualifier=qualifier,
        direction=direction,
        unit=unit,
        per=per,
        item=item,
        item_group=group,
        metric=metric_hint,
        rule=rule,
        core_start=s,
        core_end=e,
        core2_start=second[0],
        core2_end=second[1],
        vague=core.vague,
        flags=flags,
        absorbed=absorbed,
        confidence=0.5 if core.vague else (0.7 if core.words else 0.85),
    )
    return mention
