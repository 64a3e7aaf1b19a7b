"""Money readers: a currency before the number (a sign or a code, glued or
spaced: "$23", "RM120", "JPY 500") or after it (a sign, a word or a code:
"15 €", "500 yen", "25m USD"), and subunits ("50p", "99 cents").

Every sign, code and word comes from ``rules/units.json``; a sign or code maps
to its ISO code, and "dollar" stands for the dollar of the article's country,
which a :class:`~laborfacts.pipeline.country.Country` resolves, as do the
signs only some countries use ("R" for the rand).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from laborfacts.pipeline.country import Country
from laborfacts.pipeline.quantities.text import SPACES, WS, Reader
from laborfacts.rules import first_guard, phrase_regex

_CODE = re.compile("[A-Z]{3}")


def _sign_alt(signs: list[str]) -> str:
    # a sign that starts with a letter needs no letter before it ("RM120", not "FORM120")
    return "|".join(
        (r"(?<![A-Za-z])" if sg[:1].isalpha() else "") + re.escape(sg).replace(r"\ ", WS)
        for sg in signs
    )


@dataclass(frozen=True)
class MoneyGrammar:
    signs: dict[str, str]  # sign or code → ISO code (or "dollar")
    words: dict[str, str]  # currency word → ISO code (or "dollar")
    sign_rx: str  # every sign, for the range reader
    sign_at: re.Pattern[str]
    left: re.Pattern[str]  # a sign or code that ends the text before a number
    left_first: frozenset[str]  # the characters a match of ``left`` starts with
    last_chars: frozenset[str]
    endings: tuple[str, ...]
    right: re.Pattern[str]  # a sign, word or code after a number
    right_first: frozenset[str]
    subunit_right: re.Pattern[str]
    subunits: dict[str, Any]


def compile_money(units: dict[str, Any], countries: dict[str, Any]) -> MoneyGrammar:
    signs: dict[str, str] = {}
    words: dict[str, str] = {}
    for code, entry in units["currencies"].items():
        signs[code] = code
        for sign in entry["signs"]:
            signs[sign] = code
        for word in entry["words"]:
            words[" ".join(word.lower().split())] = code
    for sign, what in units["local_signs"].items():
        if what == "dollar":
            (words if sign[:1].isalpha() else signs)[sign] = "dollar"
    country_signs = {s for c in countries["countries"].values() for s in c.get("signs", {})}
    all_signs = sorted(set(signs) | country_signs, key=len, reverse=True)
    sign_rx = _sign_alt(all_signs)
    after = [sg for sg in all_signs if "$" not in sg and sg not in country_signs]
    codes = [c for c in signs if _CODE.fullmatch(c)]
    after_rx = "|".join(re.escape(sg) for sg in after)
    words_rx = phrase_regex(list(words) + codes)
    return MoneyGrammar(
        signs=signs,
        words=words,
        sign_rx=sign_rx,
        sign_at=re.compile(rf"\\?(?:{sign_rx})"),
        # "$", "US$", "USD ", "RM", "Rs. ", and markdown-escaped "\$"
        left=re.compile(rf"\\?(?P<cur>{sign_rx}){WS}?$"),
        left_first=frozenset({sg[0] for sg in all_signs} | {"\\"}),
        last_chars=frozenset(sg[-1] for sg in all_signs),
        endings=tuple(all_signs),
        right=re.compile(
            rf"(?:{WS}*{first_guard(after_rx)}(?P<cs>{after_rx})(?![A-Za-z])"
            rf"|{WS}+{first_guard(words_rx)}(?P<cw>{words_rx}))(?![-\w])",
            re.IGNORECASE,
        ),
        right_first=frozenset(
            c for f in [*after, *words, *codes] for c in (f[0].lower(), f[0].upper())
        ),
        subunit_right=re.compile(
            rf"(?P<sub>p\b|{WS}+pence\b|{WS}*¢|{WS}+cents?\b)|-(?P<hsub>cent)\b"
        ),
        subunits=units["subunits"],
    )


def currency_of(g: MoneyGrammar, sign: str, country: Country) -> str | None:
    """The ISO code of a sign or code read before a number, in ``country``."""
    sign = sign.strip(SPACES)
    if sign in country.signs:
        return country.signs[sign]
    code = g.signs.get(sign)
    if code is None:
        return None  # another country's sign: "R120" outside South Africa
    return country.dollar if code == "dollar" else code


def currency_before(
    g: MoneyGrammar, left: str, s: int, country: Country
) -> tuple[str, int, Reader] | None:
    """The currency that ends ``left`` (the text before the number at ``s``):
    its code, where it starts, and which reader read it."""
    end = left.rstrip(SPACES)
    if end[-1:] not in g.last_chars or not end.endswith(g.endings):
        return None  # no sign or code ends the text: the pattern cannot match
    tail = left[-8:]
    # the first start where ``left`` matches, as its search finds it; tried only
    # where a sign or its escape begins, since each try runs every sign
    cm = None
    for i, c in enumerate(tail):
        if c in g.left_first:
            cm = g.left.match(tail, i)
            if cm is not None:
                break
    if cm is None:
        return None
    code = currency_of(g, cm.group("cur"), country)
    if code is None:
        return None
    sign = cm.group("cur").strip(SPACES)
    reader = Reader.MONEY_PREFIX_CODE if _CODE.fullmatch(sign) else Reader.MONEY_PREFIX_SIGN
    return code, s - (len(tail) - cm.start()), reader


def currency_after(
    g: MoneyGrammar, text: str, end: int, n: int, first: str
) -> re.Match[str] | None:
    """A currency sign, word or code right after ``end`` (``first``: the next
    character that is no space)."""
    if first not in g.right_first:
        return None
    return g.right.match(text, end, min(n, end + 20))


def money_after(
    g: MoneyGrammar, text: str, end: int, n: int, country: Country, words: bool
) -> tuple[str, int, float, Reader] | None:
    """The currency after a number: (code, end, factor on the value, reader)."""
    first = text[end : end + 12].lstrip(SPACES)[:1]
    cw = currency_after(g, text, end, n, first)
    if cw is not None:
        sign = cw.group("cs")
        if sign is not None:
            code = currency_of(g, sign, country)
            reader = Reader.MONEY_SUFFIX_CODE if _CODE.fullmatch(sign) else Reader.MONEY_SUFFIX_SIGN
        else:
            word = cw.group("cw")
            code = g.words.get(" ".join(word.lower().split()))
            reader = Reader.MONEY_SUFFIX_WORD
            if code is None:
                code, reader = g.signs.get(word.upper()), Reader.MONEY_SUFFIX_CODE
        if code == "dollar":
            code = country.dollar
        return (code, cw.end(), 1.0, reader) if code else None
    if words or first not in "p¢c-":
        return None
    sub = g.subunit_right.match(text, end, min(n, end + 8))
    if sub is None:
        return None
    key = (sub.group("sub") or sub.group("hsub")).strip()  # "a 35-cent raise"
    code, factor = g.subunits.get(key, g.subunits.get(key.rstrip("s"), [None, 1]))
    if not code:
        return None
    code = country.dollar if code == "dollar" else code
    return code, sub.end(), factor, Reader.MONEY_SUBUNIT
