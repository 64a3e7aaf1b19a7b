"""Rate readers: the period of a quantity ("$23 an hour", "150 percent
annually", "$2-an-hour raise"), a period word before it ("an hourly wage of
$23") and a per-head base ("6.9 injuries per 100 full-time workers"). The
phrases come from ``rules/units.json``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from laborfacts.pipeline.mentions import Flag, Kind, Mention
from laborfacts.pipeline.quantities.items import ItemGrammar, find_item
from laborfacts.pipeline.quantities.text import WS, Reader, Reading
from laborfacts.rules import first_guard, phrase_regex

_STOP_MARK = re.compile(r"[.;:!?]")
_SPACES_HYPHENS = re.compile(r"[\s\u00a0-]+")
_PER_BASE = re.compile(
    rf"{WS}+per{WS}+(?P<base>100|1,000|10,000|100,000|200,000|a{WS}+hundred|one{WS}+hundred)"
    rf"(?:{WS}+[\w-]+){{0,2}}?{WS}+(?P<who>workers|employees|members|people|residents|drivers|FTEs?)\b",
    re.IGNORECASE,
)
# "4,200 hourly workers": an -ly word before a word for people describes them;
# it is no rate (while "a $3,000 monthly stipend" is one)
_ADJECTIVE_RATE = re.compile(
    r"(?:hourly|daily|weekly|monthly|yearly)[ \u00a0]+(?P<noun>[A-Za-z]+)", re.IGNORECASE
)


@dataclass(frozen=True)
class RateGrammar:
    per_after: re.Pattern[str]
    per_of: dict[str, str]
    hints: re.Pattern[str]  # the first letters of each phrase's last word
    per_before: re.Pattern[str]
    per_before_of: dict[str, str]
    before_hint: re.Pattern[str]  # a cheap test before ``per_before``, as case-blind


def compile_rates(units: dict[str, Any]) -> RateGrammar:
    after, before = units["per_after"], units["per_before"]
    per, per_before = phrase_regex(list(after)), phrase_regex(list(before))
    # "$2.3bn a year ago" is a time, not a rate
    not_rate = phrase_regex(units["not_rate_after"])
    return RateGrammar(
        per_after=re.compile(
            # the words between hold no other number: "40-pound totes and
            # walk up to 12 miles a shift" is the miles' rate
            rf"(?:{WS}*-?|{WS}+(?:(?!\d)[\w'’-]+{WS}+){{0,8}}?){first_guard(per)}(?P<per>{per})(?![\w-])"
            rf"(?!{WS}+{not_rate}\b)",
            re.IGNORECASE,
        ),
        per_of={k.replace("-", " "): v for k, v in after.items()},
        # "an hour" → "hou", "/hr": if none occurs, no rate phrase can match
        hints=re.compile(
            "|".join(re.escape(h) for h in sorted({p.split()[-1].lower()[:3] for p in after}))
        ),
        per_before=re.compile(
            rf"{first_guard(per_before)}\b(?P<per>{per_before})\b", re.IGNORECASE
        ),
        per_before_of=before,
        before_hint=re.compile("|".join(re.escape(w.lower()) for w in before)),
    )


def _describes_workers(items: ItemGrammar, text: str, pos: int) -> bool:
    m = _ADJECTIVE_RATE.match(text, pos)
    return m is not None and items.groups.get(items.lemma(m.group("noun"))) == "worker"


def read_base(items: ItemGrammar, text: str, n: int, r: Reading) -> None:
    """ "6.9 injuries per 100 workers": the base is the rate's, no fact of its own."""
    end = r.end
    if "per" not in text[end : end + 80]:
        return
    base = _PER_BASE.match(text, end, min(n, end + 80))
    if base is None and r.item is not None:
        _, _, item_end = find_item(items, text, end, min(n, end + 60))
        base = _PER_BASE.match(text, item_end, min(n, item_end + 80))
    if base is not None:
        r.metric = "per_100_workers"
        r.flags.add(Flag.PER_BASE)
        r.absorbed = (base.start("base"), base.end("base"))
        r.read(Reader.RATE_PER_BASE)


def _per_after(g: RateGrammar, items: ItemGrammar, text: str, n: int, r: Reading) -> None:
    end = r.end
    if g.hints.search(text[end : end + 70].lower()) is None:
        return  # no rate word occurs at all
    pa = g.per_after.match(text, end, min(n, end + 70))
    if pa is None:
        return
    at = pa.start("per")
    if _STOP_MARK.search(text, end, at) or _describes_workers(items, text, at):
        return
    r.per = g.per_of.get(_SPACES_HYPHENS.sub(" ", pa.group("per").lower()).strip())
    if r.per is not None:
        r.read(Reader.RATE_PER_AFTER)
    if text[end : end + 1] == "-" and (at <= end + 1 or text[end:at].strip() in ("-", "")):
        r.end = pa.end()  # "$2-an-hour": the rate is part of the quantity


def _per_before(g: RateGrammar, text: str, r: Reading) -> None:
    start = r.start
    if g.before_hint.search(text[max(0, start - 60) : start].lower()) is None:
        return
    befores = list(g.per_before.finditer(text, max(0, start - 60), start))
    pb = befores[-1] if befores else None  # the last one before the number
    if pb is not None and not _STOP_MARK.search(text, pb.end(), start):
        r.per = g.per_before_of.get(pb.group("per").lower())
        if r.per is not None:
            r.read(Reader.RATE_PER_BEFORE)


def read_rate(g: RateGrammar, items: ItemGrammar, text: str, n: int, r: Reading) -> None:
    """The period of the reading: a phrase after it, else a word before money or a percent."""
    _per_after(g, items, text, n, r)
    if r.per is None and r.kind in (Kind.MONEY, Kind.PERCENT):
        _per_before(g, text, r)


# what stands between two quantities of one list: "$24 and $27", "$22, $24"
_LIST_GAP = re.compile(
    r"[ \u00a0]*(?:,[ \u00a0]*(?:and[ \u00a0]+|or[ \u00a0]+)?|[ \u00a0]+(?:and|or)[ \u00a0]+)"
)


_UNIT_LIST_GAP = re.compile(r"[ \u00a0]+(?:and|or)[ \u00a0]+")
_SHARED_KINDS = frozenset({Kind.DURATION, Kind.MEASURE})


def share_rates(text: str, found: list[Mention]) -> None:
    """ "$24 and $27 an hour", "$22, $24 or $27 an hour": the rate phrase that
    closes a list of quantities of one unit is each one's; and "19 and 17
    minutes": the unit of the second is the bare first one's too."""
    for i in range(len(found) - 2, -1, -1):
        a, b = found[i], found[i + 1]
        if (
            a.kind == Kind.BARE
            and b.kind in _SHARED_KINDS
            and a.end <= b.start
            and _UNIT_LIST_GAP.fullmatch(text, a.end, b.start)
            and b.core_start == b.start  # "19 and 17 minutes", not "19 and about 17 minutes"
        ):
            a.kind, a.unit, a.metric, a.per = b.kind, b.unit, b.metric, b.per
            a.reader = Reader.ELIDED_UNIT
        if a.per is not None or b.per is None or a.kind != b.kind or a.unit != b.unit:
            continue
        if a.end <= b.start and _LIST_GAP.fullmatch(text, a.end, b.start):
            a.per = b.per
