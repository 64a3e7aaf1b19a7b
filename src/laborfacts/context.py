"""Who a figure is about (subject), when (time), and who says so (attribution),
read from the sentence that holds it."""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc

from laborfacts.extensions import text_of
from laborfacts.mentions import Mention
from laborfacts.resources import lexicon, phrase_regex

_CUES = lexicon("cues")
_CAP_WORD = r"(?:[A-Z][\w&.'’-]*|[A-Z]{2,}\d*)"
_NAME = re.compile(
    rf"(?<![\w’'])(?P<name>{_CAP_WORD}(?:[ \u00a0](?:(?:of|and|for|the|de|&)[ \u00a0])?{_CAP_WORD}){{0,5}})(?P<poss>['’]s\b)?"
)
_NOT_NAMES = frozenset(
    """The A An In On At By For From With As Of And But Or If When While After Before Since
    During Despite Although Though Yet So Then This That These Those There Here It Its They
    Their We Our He She His Her I You Your My Some Many Most More Less Few All Every Each No
    Not What Who How Why Where Which According Still Even Only Also However Meanwhile Today
    Yesterday Tomorrow Last Next First Second Third One Two Three Four Five Six Seven Eight Nine
    Ten Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December Workers Drivers Employees Union Company
    Over Under About Around Nearly Almost Roughly Approximately Between Such Than Instead Because
    Amid Among Across Through Within Without Against Toward Towards Until Unless Whether Both
    Either Neither Another Other Any Once Twice Now Then Thus Indeed Rather""".split()
)
_PLACES = frozenset(
    """US U.S. USA America United States UK Britain England London Europe China India Canada
    Mexico California Texas Massachusetts New York Florida Alabama Michigan Pennsylvania Ohio
    Illinois Washington Georgia Virginia Carolina Jersey Staten Island Brooklyn Manhattan Chicago
    Seattle Italy Spain Germany France Greece Japan Australia Ireland Scotland Wales Palmdale
    Bessemer Oregon Arizona Nevada Colorado Minnesota Wisconsin Tennessee Kentucky Missouri
    Indiana Iowa Kansas Utah Louisiana Maryland Connecticut Hampshire Philadelphia Boston Detroit
    Atlanta Houston Dallas Phoenix Denver Miami""".split()
)
_GROUP_AFTER = re.compile(
    rf"^[\s\u00a0]*(?:[\w-]+[\s\u00a0]+){{0,2}}?of[\s\u00a0]+(?:the[\s\u00a0]+|its[\s\u00a0]+|their[\s\u00a0]+)?"
    rf"(?P<group>(?:{_CAP_WORD}[\s\u00a0]+)*(?:[a-z-]+[\s\u00a0]+)?(?:workers|drivers|employees|members|staff|nurses|teachers|respondents|people|associates|union members))\b"
)
_ACCORDING = re.compile(r"\baccording to (?P<who>[^,.;:()\"“”]{2,60})", re.IGNORECASE)
_STUDY = re.compile(
    r"\b(?P<who>(?:[Aa]n?|[Tt]he|[Ii]ts)\s+(?:(?:\d{4}|new|recent|federal|annual|internal|latest|[A-Z][\w.]*)\s+){0,3}"
    r"(?:study|survey|report|analysis|poll|audit|review|investigation|data|figures|filing|ruling|research|census)"
    r"(?:\s+(?:by|from|of)\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,4})?)\s+"
    r"(?:found|finds|showed|shows|said|says|estimated|estimates|reported|reports|revealed|concluded|counted|documented)\b"
)
_ORG_NAME = (
    rf"(?:the[ \u00a0])?{_CAP_WORD}(?:[ \u00a0](?:(?:of|for|and|&)[ \u00a0])?{_CAP_WORD}){{0,4}}"
)
_SAYS = re.compile(
    rf"(?P<who>{_ORG_NAME})[ \u00a0]+(?:{phrase_regex(['said', 'says', 'told', 'reported', 'estimated', 'estimates', 'explained', 'noted', 'added', 'recalled', 'wrote', 'announced', 'stated', 'found', 'claims', 'claimed'])})\b"
)
_SAID_BY = re.compile(
    rf"\b(?:said|says|explained|added|noted|recalled)[ \u00a0]+(?P<who>{_ORG_NAME})"
)
_CLAUSE_BREAK = re.compile(r"[;:()—–]|,\s+(?:and|but|while|whereas)\b")
_LINKED_DATES = re.compile(r"^[\s\u00a0]*(?:and|to|through|until|-|–)[\s\u00a0]*$", re.IGNORECASE)


def _names(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    out = []
    for m in _NAME.finditer(text, lo, hi):
        name = m.group("name").rstrip(".")
        words = name.split()
        while words and words[0] in _NOT_NAMES:
            words.pop(0)
        while words and words[-1] in _NOT_NAMES:
            words.pop()
        if not words:
            continue
        name = " ".join(words)
        if name in _PLACES or all(w in _PLACES for w in words):
            continue
        if any(ch.isdigit() for ch in name) and not re.search(r"[A-Z]{2,}\d", name):
            continue
        out.append((m.start(), m.end(), name))
    return out


def main_organisation(text: str) -> str | None:
    """The most frequent capitalised name of the article: what "the company" means."""
    counts: Counter[str] = Counter()
    for m in _NAME.finditer(text[:50000]):
        if m.group("name").split()[0] in _NOT_NAMES or m.group("name") in _PLACES:
            continue
        counts[m.group("name").split()[0]] += 1
    if not counts:
        return None
    name, n = counts.most_common(1)[0]
    return name if n >= 3 else None


def find_subject(text: str, m: Mention, sent: tuple[int, int], main_org: str | None) -> str | None:
    after = text[m.end : min(sent[1], m.end + 80)]
    g = _GROUP_AFTER.match(after)
    if g is not None and m.unit in ("percent",):
        return " ".join(g.group("group").split())
    if m.item and m.item_group in ("worker", "member") and m.type != "injury_rate":
        # "340,000 UPS workers": the words between the number and the item
        between = text[m.end : min(sent[1], m.end + 60)].split()
        phrase = []
        for w in between[:4]:
            phrase.append(w.strip(",.;:"))
            if m.item and m.item in w.lower():
                break
        if phrase and any(p[:1].isupper() for p in phrase):
            return " ".join(phrase)
    names = _names(text, sent[0], m.start)
    if names:
        return names[-1][2]
    # "the company" / "the firm": the article's main organisation
    if main_org and re.search(
        r"\b(?:the|its)\s+(?:company|firm|corporation|retailer|employer|e-commerce giant|tech giant)\b",
        text[sent[0] : sent[1]],
        re.IGNORECASE,
    ):
        return main_org
    names = _names(text, m.end, sent[1])
    if names:
        return names[0][2]
    return None


def find_attribution(text: str, sent: tuple[int, int]) -> str | None:
    s = text[sent[0] : sent[1]]
    for rx in (_ACCORDING, _STUDY, _SAYS, _SAID_BY):
        m = rx.search(s)
        if m is not None:
            who = " ".join(m.group("who").split())
            if who.split()[0] not in ("It", "This", "That", "He", "She", "They", "We", "I"):
                return who
    return None


def find_time(
    text: str,
    m: Mention,
    sent: tuple[int, int],
    dates: list[Mention],
    quantities: list[tuple[int, int]],
) -> str | None:
    """The date the sentence ties the figure to: one right after it in the same
    clause ("$11.6 billion in 2019"), else the nearest one before it."""
    in_sent = [d for d in dates if sent[0] <= d.start < sent[1] and d.value is not None]
    if not in_sent:
        return None
    following = [d for d in in_sent if d.start >= m.end]
    for i, d in enumerate(following):
        gap = text[m.end : d.start]
        if len(gap) > 70 or _CLAUSE_BREAK.search(gap) or "," in gap:
            break
        if any(m.end <= qs < d.start for qs, _ in quantities):
            break
        if re.search(r"\b(?:between|from)\b", gap, re.IGNORECASE) and i + 1 < len(following):
            nxt = following[i + 1]
            if _LINKED_DATES.match(text[d.end : nxt.start]):
                return str(nxt.value)
        return str(d.value)
    preceding = [d for d in in_sent if d.end <= m.start]
    if preceding:
        d = preceding[-1]
        return str(d.value)
    return None


class ContextFinder:
    """Component: fills ``subject``, ``time`` and ``attribution`` of mentions."""

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        sents = doc._.lf_sentences or [(0, len(text))]
        mentions: list[Mention] = doc._.lf_mentions or []
        if not mentions:
            return doc
        main_org = main_organisation(text)
        dates = [m for m in mentions if m.kind == "date"]
        quantities = [(m.start, m.end) for m in mentions if m.kind != "date"]
        attribution_cache: dict[int, str | None] = {}
        for m in mentions:
            sent = sents[m.sentence] if m.sentence < len(sents) else (0, len(text))
            if m.kind != "date":
                m.time = find_time(text, m, sent, dates, quantities)
            m.subject = find_subject(text, m, sent, main_org)
            if m.sentence not in attribution_cache:
                attribution_cache[m.sentence] = find_attribution(text, sent)
            m.attribution = attribution_cache[m.sentence]
        return doc
