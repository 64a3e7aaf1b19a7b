"""Who a figure is about (subject), when (time), and who says so (attribution),
read from the sentence that holds it."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from datetime import date

from spacy.tokens import Doc

from laborfacts.pipeline.component import RuleComponent
from laborfacts.pipeline.discourse import (
    Scope,
    Source,
    is_present,
    join_group,
    list_time,
    paragraph_of,
    paragraphs,
    pick_entity,
    read_labels,
    scoped_time,
    sentence_time,
    share_topics,
    time_scopes,
    year_before,
)
from laborfacts.pipeline.entities import (
    Entity,
    EntityKind,
    EntityMention,
    Inventory,
    Via,
    vocabulary,
)
from laborfacts.pipeline.extensions import text_of
from laborfacts.pipeline.mentions import Mention
from laborfacts.rules import lexicon, phrase_regex

_CUES = lexicon("cues")
_CAP_WORD = r"(?:[A-Z][\w&.'’-]*|[A-Z]{2,}\d*)"
# The capital comes first and the look-behind after it, so the engine can skip
# to capitals instead of trying the pattern at every character. A run of
# capitals ("UPS", "JFK8") is one case of ``[A-Z][\w&.'’-]*``.
_NAME_WORD = r"[A-Z][\w&.'’-]*"
_NAME = re.compile(
    rf"(?P<name>[A-Z](?<![\w’'][A-Z])[\w&.'’-]*"
    rf"(?:[ \u00a0](?:(?:of|and|for|the|de|&)[ \u00a0])?{_NAME_WORD}){{0,5}})(?P<poss>['’]s\b)?"
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
    Either Neither Another Other Any Once Twice Now Then Thus Indeed Rather There Revenue Shares
    Turnover Density Employer Employers Executives Analysts Pickers People Separately Following
    Internal Trade Bargaining Membership Wages Pay Profits Sales Unions Officials Organizers
    Researchers Members Staff Nurses Teachers Numbers Data Figures Overall Total Average Median
    Most Many Several Nearly Almost Roughly About Approximately Since Until Unlike Like Under
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec""".split()
)
_PLACES = frozenset(
    """US U.S. USA America United States UK Britain England London Europe China India Canada
    Mexico California Texas Massachusetts New York Florida Alabama Michigan Pennsylvania Ohio
    Illinois Washington Georgia Virginia Carolina Jersey Staten Island Brooklyn Manhattan Chicago
    Seattle Italy Spain Germany France Greece Japan Australia Ireland Scotland Wales
    Oregon Arizona Nevada Colorado Minnesota Wisconsin Tennessee Kentucky Missouri
    Indiana Iowa Kansas Utah Louisiana Maryland Connecticut Hampshire Philadelphia Boston Detroit
    Atlanta Houston Dallas Phoenix Denver Miami""".split()
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
_ASIDE_OPEN = re.compile(
    r"(?:,\s*(?:which|who|where|when|after|since|founded|opened)\b|\()[^,()]*$"
)
_ASIDE_CLOSE = re.compile(r"[^,()]*[,)]")
_LINKED_DATES = re.compile(r"^[\s\u00a0]*(?:and|to|through|until|-|–)[\s\u00a0]*$", re.IGNORECASE)


_REACH = 400  # characters around a figure that its context may come from
_PLACE_BEFORE = re.compile(r"\b(?:in|near|outside|across)[ \u00a0]+$", re.IGNORECASE)
_CONTRACTION = re.compile(r"['’](?:s|re|ll|ve|d|m|t)$")
_VOCAB = vocabulary()


# longest first, so "care workers" is preferred to "workers"
def _either_case(word: str) -> str:
    """A word's pattern with its first letter in either case ("Couriers at …")."""
    return (
        f"[{word[0].upper()}{word[0]}]{re.escape(word[1:])}"
        if word[0].isalpha()
        else re.escape(word)
    )


_GROUP_NOUNS = "|".join(
    _either_case(n) for n in sorted(_VOCAB.group_nouns, key=lambda n: (-len(n), n))
)
_GROUP_MODIFIERS = (
    "|".join(re.escape(w) for w in sorted(_VOCAB.group_modifiers)) + r"|[a-z]+-[a-z]+"
)
_GROUP_WORDS = _VOCAB.group_nouns | _VOCAB.group_modifiers
# every group ends with one of these (each noun above holds one of them)
_GROUP_NOUN_WORDS = tuple(sorted({n.split()[-1].lower() for n in _VOCAB.group_nouns}))
_GROUP = re.compile(
    rf"(?<![\w’'-])(?P<group>(?:(?:{_CAP_WORD}|{_GROUP_MODIFIERS})[ \u00a0]){{0,3}}(?:{_GROUP_NOUNS}))\b"
)
_GROUP_STOP = frozenset(
    "the a an of in at on for to by with and or but its their his her our your this that these "
    "those all some many most more less few every each no not per than as from who which whom "
    "whose percent were was are is had has have be been".split()
)


_NAME_SCAN = 200000  # characters of an article scanned for its names up front


class Names:
    """Capitalised names of one article, and which words are names at all.

    A capitalised word at the start of a sentence ("Revenue rose…") is only a
    name if the article also capitalises it elsewhere.
    """

    def __init__(self, text: str, sentences: list[tuple[int, int]]):
        self.text = text
        starts = {s for s, _ in sentences}
        self.mid_sentence: set[str] = set()
        counts: Counter[str] = Counter()
        self._scanned = self.scanned = min(len(text), _NAME_SCAN)
        # every match of the scan, reused by ``within`` for each sentence
        self._starts: list[int] = []
        self._matches: list[tuple[int, int, str, bool]] = []
        for m in _NAME.finditer(text, 0, self._scanned):
            self._starts.append(m.start())
            self._matches.append((m.start(), m.end(), m.group("name"), m.group("poss") is not None))
            first = m.group("name").split()[0]
            if m.start() not in starts:
                self.mid_sentence.add(first)
            if first in _NOT_NAMES or m.group("name") in _PLACES:
                continue
            counts[first] += 1
        self.starts = starts
        self._lowercase: dict[str, bool] = {}
        top = counts.most_common(1)
        self.main = top[0][0] if top and top[0][1] >= 3 else None

    def written_lowercase(self, word: str) -> bool:
        """Does the article also write ``word`` in lower case (a common word)?"""
        low = word.lower()
        if low not in self._lowercase:
            # the regex starts where the plain substring first occurs, if anywhere
            first = self.text.find(low)
            rx = re.compile(rf"(?<![\w’'-]){re.escape(low)}\b")
            self._lowercase[low] = first >= 0 and rx.search(self.text, first) is not None
        return self._lowercase[low]

    def _matches_within(self, lo: int, hi: int) -> list[tuple[int, int, str, bool]]:
        """What a scan of [lo, hi) alone would match: the article's matches
        inside it, unless one runs across its edges (then it is scanned)."""
        i = bisect_left(self._starts, lo)
        j = bisect_left(self._starts, hi)
        inside = (
            (hi <= self._scanned if self._scanned == len(self.text) else hi < self._scanned - 100)
            and (i == 0 or self._matches[i - 1][1] <= lo)
            and (j == 0 or self._matches[j - 1][1] <= hi)
        )
        if inside:
            return self._matches[i:j]
        return [
            (m.start(), m.end(), m.group("name"), m.group("poss") is not None)
            for m in _NAME.finditer(self.text, lo, hi)
        ]

    def within(
        self, lo: int, hi: int, keep: frozenset[str] = frozenset()
    ) -> list[tuple[int, int, str, bool]]:
        """(start, end, name, possessive) of the names in [lo, hi)."""
        out = []
        for m_start, m_end, m_name, m_poss in self._matches_within(lo, hi):
            name = m_name.rstrip(".")
            words = name.split()
            while words and words[0] in _NOT_NAMES:
                words.pop(0)
            while words and words[-1] in _NOT_NAMES and words[-1].lower() not in keep:
                words.pop()
            possessive = m_poss
            if words and _CONTRACTION.search(words[-1]):
                # "Amazon’s" is Amazon; "It’s", "We’re" are no names at all
                possessive = possessive or words[-1][-2:] in ("'s", "’s")
                words[-1] = _CONTRACTION.sub("", words[-1])
                if words[-1] in _NOT_NAMES:
                    words.pop()
            if not words:
                continue
            if (
                len(words) == 1
                and m_start in self.starts
                and words[0] not in self.mid_sentence
                and not words[0].isupper()
                and self.written_lowercase(words[0])
            ):
                continue  # "Revenue rose…": a common word that opens the sentence
            name = " ".join(words)
            if name.rstrip(".") in _PLACES or all(w.rstrip(".") in _PLACES for w in words):
                continue
            if any(ch.isdigit() for ch in name) and not re.search(r"[A-Z]{2,}\d", name):
                continue
            out.append((m_start, m_end, name, possessive))
        return out


def groups_within(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """The groups of people named in [lo, hi): "care workers", "Amazon drivers"."""
    out: list[tuple[int, int, str]] = []
    window = text[lo:hi].lower()
    for noun in _GROUP_NOUN_WORDS:
        if noun in window:
            break
    else:
        return out  # no word for people at all: the pattern cannot match
    for g in _GROUP.finditer(text, lo, hi):
        words = g.group("group").split()
        while words and words[0].lower() in _GROUP_STOP:
            words.pop(0)
        if words and words[-1][:1].isupper():
            # a capitalised noun only opens a sentence ("Couriers at Nordvik …");
            # elsewhere it is part of a name ("… Nurses Guild")
            before = text[max(0, g.start() - 3) : g.start()]
            opens = "\n" in before or not before.strip() or before.strip()[-1] in ".!?\"“”'‘’•"
            if len(words) > 1 or not opens:
                continue
        if words and words[0].lower() in _GROUP_WORDS:
            words[0] = words[0].lower()
        if words:
            out.append((g.start(), g.end(), " ".join(words)))
    return out


def _nearest_group(m: Mention, groups: list[tuple[int, int, str]]) -> str | None:
    best: tuple[int, str] | None = None
    for g_start, g_end, group in groups:
        d = m.start - g_end if g_end <= m.start else max(0, g_start - m.end)
        if best is None or d < best[0]:
            best = (d, group)
    return best[1] if best else None


class SentenceContext:
    """Names and groups of one sentence (or of the window around a figure in a
    very long one), found once and shared by every figure in it."""

    def __init__(self, text: str, names: Names, lo: int, hi: int):
        found = names.within(lo, hi)
        # "the depot in Tacoma": a name after "in" or "near" is a place, not who
        self.names = [
            (a, b, name, poss, _PLACE_BEFORE.search(text, max(0, a - 8), a) is not None)
            for a, b, name, poss in found
        ]
        self._text, self.lo, self._hi = text, lo, hi
        self._groups: list[tuple[int, int, str]] | None = None

    @property
    def groups(self) -> list[tuple[int, int, str]]:
        """Groups of people in the sentence, found when a labor figure first asks."""
        if self._groups is None:
            self._groups = groups_within(self._text, self.lo, self._hi)
        return self._groups


def find_subject(
    m: Mention,
    ctx: SentenceContext,
    ents: list[EntityMention],
    fallback: tuple[Entity, Source] | None,
    text: str,
    main_person: Entity | None,
    doc_group: str | None = None,
) -> tuple[str | None, Source | None]:
    """Who the figure is about, and where that was read: the entity of its
    sentence (see ``discourse.pick_entity``), joined with the group of people
    the sentence names for labor figures (or, for pay and the like, the
    group the article is mostly about); else the paragraph's or article's."""
    chosen = pick_entity(m, ents, text, ctx.lo, main_person)
    labor = m.type in vocabulary().join_types
    group = _nearest_group(m, ctx.groups) if labor else None
    if labor and group is None and m.type in vocabulary().group_types:
        group = doc_group
    if chosen is not None and chosen.entity.kind is EntityKind.AGENCY and fallback is not None:
        chosen = None  # a figure the agency reports is about the article's entity
    if chosen is not None:
        source = Source.REFERENCE if chosen.via is Via.REFERENCE else Source.SENTENCE
        if group:
            return join_group(chosen.entity, group), source
        return chosen.entity.name, source
    if group:
        if fallback is not None and not group[:1].isupper():
            return join_group(fallback[0], group), Source.SENTENCE
        return group, Source.SENTENCE
    if fallback is not None:
        return fallback[0].name, fallback[1]
    return None, None


def _has_any(s: str, words: tuple[str, ...]) -> bool:
    for w in words:
        if w in s:
            return True
    return False


# Words each attribution pattern cannot match without: substring tests that
# spare the patterns, which are slow to fail, on most sentences.
_ACCORDING_WORDS = ("ccording",)
_STUDY_WORDS = (
    "found", "finds", "showed", "shows", "said", "says", "estimate", "report", "revealed",
    "concluded", "counted", "documented",
)  # fmt: skip
_SAYS_WORDS = (
    "said", "says", "told", "reported", "estimate", "explained", "noted", "added", "recalled",
    "wrote", "announced", "stated", "found", "claim",
)  # fmt: skip
_SAID_BY_WORDS = ("said", "says", "explained", "added", "noted", "recalled")


def find_attribution(text: str, sent: tuple[int, int]) -> str | None:
    s = text[sent[0] : sent[1]]
    low = s.lower()
    for rx, words in (
        (_ACCORDING, _ACCORDING_WORDS),
        (_STUDY, _STUDY_WORDS),
        (_SAYS, _SAYS_WORDS),
        (_SAID_BY, _SAID_BY_WORDS),
    ):
        if not _has_any(low, words):
            continue
        m = rx.search(s)
        if m is not None:
            who = " ".join(m.group("who").split())
            if who.split()[0] not in ("It", "This", "That", "He", "She", "They", "We", "I"):
                return who
    return None


_BETWEEN_FROM = re.compile(r"\b(?:between|from)\b", re.IGNORECASE)


def find_time(
    text: str,
    m: Mention,
    sent: tuple[int, int],
    dates: list[Mention],
    quantities: list[tuple[int, int]],
) -> str | None:
    """The date the sentence ties the figure to: one right after it in the same
    clause ("$11.6 billion in 2019"), else the nearest one before it."""
    # ``dates`` and ``quantities`` are those of the figure's own sentence
    in_sent = [d for d in dates if d.value is not None and abs(d.start - m.start) < _REACH]
    if not in_sent:
        return None
    following = [d for d in in_sent if d.start >= m.end]
    for i, d in enumerate(following):
        gap = text[m.end : d.start]
        if len(gap) > 70 or _CLAUSE_BREAK.search(gap) or "," in gap:
            break
        if any(m.end <= qs < d.start for qs, _ in quantities if abs(qs - m.end) < _REACH):
            break
        if _BETWEEN_FROM.search(gap) and i + 1 < len(following):
            nxt = following[i + 1]
            if _LINKED_DATES.match(text[d.end : nxt.start]):
                return str(nxt.value)
        return str(d.value)
    preceding = [d for d in in_sent if d.end <= m.start]
    if not preceding:
        # a tally whose date closes the sentence: "voted 212 to 97 in voting that closed March 3"
        if following and not _CLAUSE_BREAK.search(text, m.end, following[0].start):
            return str(following[0].value)
        return None
    if preceding:
        d = preceding[-1]
        if _ASIDE_OPEN.search(text, max(sent[0], d.start - 80), d.start) and _ASIDE_CLOSE.match(
            text, d.end, m.start
        ):
            return None  # "The plant, which opened in 1987, employs 4,200": an aside
        return str(d.value)
    return None


class ContextFinder(RuleComponent):
    """Component: fills ``subject``, ``time`` and ``attribution`` of mentions,
    from the figure's sentence first and then from the article around it
    (``discourse``), and notes where each came from."""

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        sents = doc._.lf_sentences or [(0, len(text))]
        mentions: list[Mention] = doc._.lf_mentions or []
        if not mentions:
            return doc
        names = Names(text, sents)
        title = doc._.lf_title
        title_end = text.find(title) + len(title) if title and _title_case(title) else 0
        org_tail = _VOCAB.org_words | _VOCAB.union_words  # "… Workers Union" stays whole
        spans = [(m.start, m.end) for m in mentions if m.kind != "date"]
        inventory = Inventory(
            text, names.within(0, names.scanned, org_tail), max(0, title_end), spans
        )
        head_end = sents[min(2, len(sents) - 1)][1]
        main, main_source, main_person = _document_subject(text, sents, inventory, title, head_end)
        published = _parse_published(doc._.lf_published)
        paras = paragraphs(text)
        read_labels(text, mentions)
        answers = share_topics(text, mentions, sents, paras)
        doc_group = _main_group(text)
        # dates and quantities by sentence, so each figure looks at its own only
        dates: dict[int, list[Mention]] = {}
        figures: dict[int, list[Mention]] = {}
        for m in mentions:
            (dates if m.kind == "date" else figures).setdefault(m.sentence, []).append(m)
        all_dates = [m for m in mentions if m.kind == "date"]
        title_span = None
        if title:
            at = text.find(title)
            title_span = (at, at + len(title)) if at >= 0 else None
        scopes = time_scopes(text, all_dates, sents, paras, title_span)
        attribution_cache: dict[int, str | None] = {}
        context_cache: dict[int, SentenceContext] = {}
        for m in mentions:
            full = sents[m.sentence] if m.sentence < len(sents) else (0, len(text))
            # a "sentence" may be a long table: look no further than _REACH around
            sent = (max(full[0], m.start - _REACH), min(full[1], m.end + _REACH))
            if full[1] - full[0] <= 2 * _REACH:
                ctx = context_cache.get(m.sentence)
                if ctx is None:
                    ctx = context_cache[m.sentence] = SentenceContext(text, names, *full)
            else:
                ctx = SentenceContext(text, names, *sent)
            para = paragraph_of(paras, m.start)
            answered = answers.get(id(m))
            if answered is not None and answered.time_from == Source.LIST:
                m.time, m.time_from = answered.time, Source.LIST
            elif m.kind != "date":
                m.time, m.time_from = self._time(
                    text, m, sent, dates.get(m.sentence, []), figures.get(m.sentence, []),
                    all_dates, paras[max(0, para - 1) : para + 1], scopes, published,
                )  # fmt: skip
            ents = inventory.within(*sent)
            fallback = self._fallback(inventory, paras[para], m.start, main, main_source)
            m.subject, m.subject_from = find_subject(
                m, ctx, ents, fallback, text, main_person, doc_group
            )
            if m.sentence not in attribution_cache:
                attribution_cache[m.sentence] = find_attribution(text, sent)
            m.attribution = attribution_cache[m.sentence]
        return doc

    @staticmethod
    def _fallback(
        inventory: Inventory, para_start: int, at: int, main: Entity | None, main_source: Source
    ) -> tuple[Entity, Source] | None:
        """The entity the paragraph is about so far, else the article's."""
        earlier = [
            e for e in inventory.within(para_start, at)
            if e.entity.kind not in (EntityKind.NAME, EntityKind.AGENCY, EntityKind.LAW, EntityKind.PLACE)
        ]  # fmt: skip
        if earlier:
            return earlier[-1].entity, Source.PARAGRAPH
        return (main, main_source) if main is not None else None

    @staticmethod
    def _time(
        text: str,
        m: Mention,
        sent: tuple[int, int],
        dates: list[Mention],
        same: list[Mention],
        all_dates: list[Mention],
        para_starts: list[int],
        scopes: list[Scope],
        published: date | None,
    ) -> tuple[str | None, Source | None]:
        """The figure's time: see the README's "Subject and time"; ``para_starts``
        are the starts of the previous paragraph and of the figure's own."""
        para_start = para_starts[-1]
        listed = list_time(text, m, same, [d for d in dates if d.value is not None])
        if listed is not None:
            return listed, Source.LIST
        found = find_time(text, m, sent, dates, [(q.start, q.end) for q in same])
        if found is not None:
            return year_before(text, m, found) or found, Source.SENTENCE
        found = sentence_time(text, m, sent, published)
        if found is not None:
            return found, Source.SENTENCE
        earlier = [d for d in all_dates if para_start <= d.start < sent[0] and d.value is not None]
        if earlier and not is_present(text, *sent):
            return str(earlier[-1].value), Source.PARAGRAPH
        if m.type == "union_vote" and len(para_starts) == 2:
            # the election's date carries to the tallies of the next paragraph
            before = [
                d for d in all_dates if para_starts[0] <= d.start < para_start and d.value is not None
            ]  # fmt: skip
            if before:
                return str(before[-1].value), Source.PARAGRAPH
        scoped = scoped_time(scopes, m.start)
        if scoped is not None:
            return scoped
        return None, None


def _main_group(text: str) -> str | None:
    """The group of workers the article mentions most ("nurses"), by its noun."""
    counts: Counter[str] = Counter()
    for _, _, group in groups_within(text, 0, min(len(text), _NAME_SCAN)):
        noun = group.split()[-1].lower()
        if noun not in _GENERIC_GROUPS:
            counts[noun] += 1
    top = counts.most_common(1)
    return top[0][0] if top and top[0][1] >= 3 else None


_GENERIC_GROUPS = frozenset({"workers", "worker", "employees", "employee", "staff", "members"})


def _lede(text: str, sents: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first sentence of the body: the first of a dozen words or more."""
    for lo, hi in sents[:8]:
        if len(text[lo:hi].split()) >= 12:
            return lo, hi
    return None


def _document_subject(
    text: str,
    sents: list[tuple[int, int]],
    inventory: Inventory,
    title: str | None,
    head_end: int,
) -> tuple[Entity | None, Source, Entity | None]:
    """What the article as a whole is about, where it says so, and its main
    person: the main organisation; a person its lede opens with when the lede
    names no organisation (a profile, an interview)."""
    main = inventory.main(head_end)
    lede = _lede(text, sents)
    person = inventory.main_person(lede)
    in_title = main is not None and bool(title) and main.short in (title or "")
    if lede is not None and person is not None:
        lede_entities = {id(m.entity) for m in inventory.within(*lede)}
        if id(person) in lede_entities and (main is None or id(main) not in lede_entities):
            return person, Source.DOCUMENT, person
    if main is None:
        return None, Source.DOCUMENT, person
    return main, Source.TITLE if in_title else Source.DOCUMENT, person


def _title_case(line: str) -> bool:
    """Does a headline capitalise (nearly) every word?"""
    words = [w for w in line.split() if w[:1].isalpha() and len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _parse_published(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
