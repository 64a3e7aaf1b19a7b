"""Number readers: digits, number words, vague amounts ("hundreds of"),
fractions ("two-thirds"), phrases ("a dozen"), shares ("one in five"), and the
scale after a number ("1.6 million", "$5bn")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from laborfacts.pipeline.numbers import DIGITS, NumberWords, parse_digits
from laborfacts.pipeline.quantities.text import WS, Reader, norm
from laborfacts.rules import LexiconError, first_guard, phrase_regex

_SMALL = r"\d{1,3}(?![\d,.])"
_A_UNIT = r"\ban?(?=[ \u00a0]+(?:year|month|week|day|decade|hour|minute|fortnight|century)\b)"


class Num:
    """A parsed number core with its extent."""

    __slots__ = (
        "start",
        "end",
        "value",
        "words",
        "vague",
        "fraction",
        "one_in",
        "signed",
        "reader",
    )

    def __init__(
        self,
        start: int,
        end: int,
        value: float,
        *,
        words: bool = False,
        reader: Reader | None = None,
    ) -> None:
        self.start, self.end, self.value, self.words = start, end, value, words
        self.vague = self.fraction = self.one_in = False
        self.signed = False  # a second number of a range with its own currency sign
        self.reader = reader or (Reader.NUMBER_WORDS if words else Reader.NUMBER_DIGITS)


@dataclass(frozen=True)
class NumberGrammar:
    words: NumberWords
    core: re.Pattern[str]  # every number core, tried at word anchors
    core_digit: re.Pattern[str]  # the cores that can start with a digit
    vague_of: dict[str, float]  # the lexicons by normalized key
    fraction_of: dict[str, float]
    phrase_of: dict[str, float]
    scale_right: re.Pattern[str]
    scale_first: frozenset[str]


def compile_numbers(words: NumberWords) -> NumberGrammar:
    lexicons = (words.vague, words.fractions, words.phrases)
    # The alternatives tried at digit anchors hold no number word: the number
    # lexicons must hold words only.
    if any(k[:1].isdigit() or k.startswith("re:") for lex in lexicons for k in lex):
        raise LexiconError("rules/numbers.json: vague, fractions and phrases must be words")
    w = words.words
    one_in = (
        rf"(?P<in_a>{_SMALL}|{w}){WS}+(?:in(?:{WS}+every)?|out{WS}+of(?:{WS}+every)?){WS}+"
        rf"(?P<in_b>{_SMALL}|{w})\b(?!{WS}*(?:%|percent))"
    )
    vague, frac, phrase = (phrase_regex(list(lex)) for lex in lexicons)
    # each alternative behind a test of its first character (see first_guard)
    core = re.compile(
        rf"{first_guard(one_in)}(?P<onein>\b{one_in})"
        rf"|{first_guard(vague)}(?P<vague>{vague})"
        rf"|{first_guard(frac)}(?P<frac>{frac})"
        rf"|{first_guard(phrase)}(?P<phrase>{phrase})"
        rf"|(?P<aunit>{_A_UNIT})"
        rf"|(?P<digits>{DIGITS})"
        rf"|{first_guard(w)}(?P<words>\b{w}\b)",
        re.IGNORECASE,
    )
    scales = "|".join(sorted(words.scales, key=len, reverse=True))
    abbrs = "|".join(sorted(words.scale_abbreviations, key=len, reverse=True))
    return NumberGrammar(
        words=words,
        core=core,
        core_digit=re.compile(rf"(?P<onein>\b{one_in})|(?P<digits>{DIGITS})", re.IGNORECASE),
        vague_of={norm(k): v for k, v in words.vague.items()},
        fraction_of={norm(k): v for k, v in words.fractions.items()},
        phrase_of={norm(k): v for k, v in words.phrases.items()},
        scale_right=re.compile(
            rf"(?:{WS}*\r?\n{WS}*|{WS}+|-)?(?P<scale>{scales})\b|(?P<abbr>{abbrs})\b",
            re.IGNORECASE,
        ),
        scale_first=frozenset(
            c
            for x in (*words.scales, *words.scale_abbreviations)
            for c in (x[0].lower(), x[0].upper())
        ),
    )


def _number(g: NumberGrammar, raw: str) -> float | None:
    return parse_digits(raw) if raw[0].isdigit() else g.words.parse_words(raw)


def _read_one_in(g: NumberGrammar, m: re.Match[str]) -> Num | None:
    """ "one in five" as a share (20%); else the first number alone, if digits."""
    s, e = m.span()
    a_txt, b_txt = m.group("in_a"), m.group("in_b")
    a, b = _number(g, a_txt), _number(g, b_txt)
    if not a or not b or a > b or b > 1000:
        if a is None or not a_txt[0].isdigit():
            return None
        return Num(s, m.end("in_a"), a)
    n = Num(
        s, e, round(100.0 * a / b, 2), words=not a_txt[0].isdigit(), reader=Reader.PERCENT_ONE_IN
    )
    n.one_in = True
    return n


def read_core(g: NumberGrammar, m: re.Match[str]) -> Num | None:
    """The number a match of ``g.core`` holds."""
    kind = m.lastgroup
    s, e = m.start(), m.end()
    raw = m.group(0)
    if kind == "digits":
        v = parse_digits(raw)
        return None if v is None else Num(s, e, v)
    if kind == "words":
        v = g.words.parse_words(raw)
        return None if v is None else Num(s, e, v, words=True)
    if kind == "vague":
        n = Num(s, e, g.vague_of[norm(raw)], words=True, reader=Reader.NUMBER_VAGUE)
        n.vague = True
        return n
    if kind == "frac":
        n = Num(s, e, g.fraction_of[norm(raw)], words=True, reader=Reader.PERCENT_FRACTION)
        n.fraction = True
        return n
    if kind == "aunit":
        return Num(s, e, 1.0, words=True, reader=Reader.NUMBER_A_UNIT)
    if kind == "phrase":
        return Num(s, e, g.phrase_of[norm(raw)], words=True, reader=Reader.NUMBER_PHRASE)
    if kind == "onein":
        return _read_one_in(g, m)
    return None


def scale_after(g: NumberGrammar, text: str, e: int, n: int) -> tuple[float, int]:
    """The factor of a scale word or glued abbreviation after ``e``, and its end."""
    if text[e : e + 16].lstrip(" \t\u00a0\u202f\r\n-")[:1] not in g.scale_first:
        return 1.0, e  # no scale word or abbreviation can follow
    sm = g.scale_right.match(text, e, min(n, e + 16))
    if sm is None:
        return 1.0, e
    if sm.group("abbr") is not None:
        # abbreviations only when glued to the number: "$1.6m", "10k", "5bn"
        if sm.start() != e:
            return 1.0, e
        word = sm.group("abbr")
    else:
        word = sm.group("scale")
    factor = g.words.scale_of(word)
    return (factor or 1.0), sm.end()


def scaled(value: float, factor: float) -> float:
    """``value * factor`` without float noise: 4.1 million is 4100000, not 4099999.99…"""
    return float(f"{value * factor:.12g}")
