"""The claim diff on records built by hand (SPEC section 6)."""

from __future__ import annotations

import math
import random
from typing import Any

import pytest

from diff_helpers import document, fact
from laborfacts.diff import (
    INF,
    Claim,
    DiffError,
    Interval,
    Status,
    diff_documents,
    interval_of,
    pair_status,
    settle,
)

# (id, fact keyword arguments, (low, high, low_open, high_open) or None)
INTERVALS: list[tuple[str, dict[str, Any], tuple[float, float, bool, bool] | None]] = [
    ("exact", {"value": 150}, (150, 150, False, False)),
    ("approx", {"value": 150, "qualifier": "approx"}, (135, 165, False, False)),
    ("approx range", {"low": 234, "high": 254, "qualifier": "approx"},
     (210.6, 279.4, False, False)),
    ("more_than", {"low": 100, "qualifier": "more_than"}, (100, INF, True, True)),
    ("at_least", {"low": 100, "qualifier": "at_least"}, (100, INF, False, True)),
    ("less_than", {"high": 50, "qualifier": "less_than"}, (-INF, 50, True, True)),
    ("at_most", {"high": 50, "qualifier": "at_most"}, (-INF, 50, True, False)),
    ("range", {"low": 10, "high": 20, "qualifier": "range"}, (10, 20, False, False)),
    ("bound given as value", {"value": 100, "qualifier": "more_than"}, (100, INF, True, True)),
    ("negative approx", {"value": -200, "qualifier": "approx"}, (-220, -180, False, False)),
    ("date", {"value": "2024", "type": "date", "unit": "date"}, None),
    ("no value", {"value": None}, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("kw", "expected"), [i[1:] for i in INTERVALS], ids=[i[0] for i in INTERVALS]
)
def test_interval_of_qualifier(
    kw: dict[str, Any], expected: tuple[float, float, bool, bool] | None
) -> None:
    iv = interval_of(fact(**kw))
    if expected is None:
        assert iv is None
        return
    assert iv is not None
    low, high, low_open, high_open = expected
    assert iv.low == pytest.approx(low) and iv.high == pytest.approx(high)
    assert (iv.low_open, iv.high_open) == (low_open, high_open)


def _claim(doc: str, time: str | None = None, tolerance: float = 0.10, **kw: Any) -> Claim:
    f = fact(doc, **kw)
    iv = interval_of(f, tolerance)
    assert iv is not None
    return Claim(doc, f, iv, f.subject, time, "fact" if time else None)


A = dict  # a claim's keyword arguments, for readable tables

# (id, claim a, claim b, status); tolerance 10% unless a row says otherwise.
PAIRS: list[tuple[str, dict[str, Any], dict[str, Any], Status]] = [
    ("approx 150 vs more than 100", A(value=150, qualifier="approx"),
     A(low=100, qualifier="more_than"), Status.agree),
    ("more than is open at its bound", A(low=100, qualifier="more_than"), A(value=100),
     Status.conflict),
    ("at least is closed", A(low=100, qualifier="at_least"), A(value=100), Status.agree),
    ("less than is open", A(high=50, qualifier="less_than"), A(value=50), Status.conflict),
    ("at most is closed", A(high=50, qualifier="at_most"), A(value=50), Status.agree),
    ("more than vs less than, same bound", A(low=100, qualifier="more_than"),
     A(high=100, qualifier="less_than"), Status.conflict),
    ("at least vs at most, same bound", A(low=100, qualifier="at_least"),
     A(high=100, qualifier="at_most"), Status.agree),
    ("range holds its bound", A(low=10, high=20, qualifier="range"), A(value=20), Status.agree),
    ("range excludes beyond", A(low=10, high=20, qualifier="range"), A(value=20.5),
     Status.conflict),
    ("approx range widened", A(low=10, high=20, qualifier="approx"), A(value=21.9),
     Status.agree),
    ("exact values differ", A(value=150), A(value=151), Status.conflict),
    ("exact values equal", A(value=150), A(value=150.0), Status.agree),
    # Tolerance edges: exactly 10% apart agrees, a hair beyond does not.
    ("approx +10% agrees", A(value=100, qualifier="approx"), A(value=110), Status.agree),
    ("approx -10% agrees", A(value=100, qualifier="approx"), A(value=90), Status.agree),
    ("approx beyond +10%", A(value=100, qualifier="approx"), A(value=110.001), Status.conflict),
    ("approx beyond -10%", A(value=100, qualifier="approx"), A(value=89.999), Status.conflict),
    ("awkward floats +10%", A(value=150, qualifier="approx"), A(value=165), Status.agree),
    ("awkward floats -10%", A(value=0.3, qualifier="approx"), A(value=0.27), Status.agree),
    ("approx both ways", A(value=100, qualifier="approx"), A(value=122, qualifier="approx"),
     Status.agree),
    ("approx both ways beyond", A(value=100, qualifier="approx"),
     A(value=123, qualifier="approx"), Status.conflict),
    ("tolerance zero", A(value=100, qualifier="approx", tolerance=0.0), A(value=100.5),
     Status.conflict),
    ("tolerance 25%", A(value=100, qualifier="approx", tolerance=0.25), A(value=125),
     Status.agree),
    # Time: disjoint values in different known years are a change.
    ("different years: changed", A(low=234e9, high=254e9, qualifier="approx", time="2026-03-24"),
     A(value=193e9, time="2022"), Status.changed),
    ("same year: conflict", A(value=10, time="2022-05"), A(value=20, time="2022"),
     Status.conflict),
    ("one time unknown: conflict", A(value=10, time="2020"), A(value=20), Status.conflict),
    ("agree beats time", A(value=10, time="2020"), A(value=10, time="2024"), Status.agree),
]  # fmt: skip


@pytest.mark.parametrize(("a", "b", "status"), [p[1:] for p in PAIRS], ids=[p[0] for p in PAIRS])
def test_pair_status(a: dict[str, Any], b: dict[str, Any], status: Status) -> None:
    ca, cb = _claim("a", **a), _claim("b", **b)
    assert pair_status(ca, cb) is status
    assert pair_status(cb, ca) is status
    assert settle([ca, cb]) is status
    assert ca.status is status and cb.status is status


# Several documents in one frame: (id, [(doc, value, qualifier, time)], claim statuses, frame)
FRAMES: list[tuple[str, list[tuple[str, float, str, str | None]], list[Status], Status]] = [
    ("all agree", [("a", 150, "approx", None), ("b", 140, "exact", None),
                   ("c", 140, "at_least", None)], [Status.agree] * 3, Status.agree),
    ("one outlier conflicts", [("a", 150, "approx", None), ("b", 140, "exact", None),
                               ("c", 40, "exact", None)],
     [Status.conflict] * 3, Status.conflict),
    ("an update and an agreement", [("a", 10, "exact", "2020"), ("b", 20, "exact", "2022"),
                                    ("c", 20, "exact", "2022")],
     [Status.changed] * 3, Status.changed),
    ("conflict outranks changed", [("a", 10, "exact", "2020"), ("b", 20, "exact", "2022"),
                                   ("c", 30, "exact", "2022")],
     [Status.changed, Status.conflict, Status.conflict], Status.conflict),
    ("same document never compared", [("a", 10, "exact", None), ("a", 50, "exact", None)],
     [Status.only, Status.only], Status.only),
    ("own claims skipped, others counted", [("a", 10, "exact", None), ("a", 50, "exact", None),
                                            ("b", 10, "exact", None)],
     [Status.agree, Status.conflict, Status.conflict], Status.conflict),
]  # fmt: skip


def _shape(v: float, q: str) -> dict[str, Any]:
    return {"low": v, "qualifier": q} if q == "at_least" else {"value": v, "qualifier": q}


@pytest.mark.parametrize(
    ("rows", "claim_statuses", "frame_status"), [f[1:] for f in FRAMES], ids=[f[0] for f in FRAMES]
)
def test_frame_summary(
    rows: list[tuple[str, float, str, str | None]],
    claim_statuses: list[Status],
    frame_status: Status,
) -> None:
    claims = [_claim(d, time=t, **_shape(v, q)) for d, v, q, t in rows]
    assert settle(claims) is frame_status
    assert [c.status for c in claims] == claim_statuses


def _brute(claims: list[Claim]) -> list[Status]:
    out = []
    for c in claims:
        others = [pair_status(c, o) for o in claims if o.doc != c.doc]
        if not others:
            out.append(Status.only)
        elif Status.conflict in others:
            out.append(Status.conflict)
        elif Status.changed in others:
            out.append(Status.changed)
        else:
            out.append(Status.agree)
    return out


def test_sweep_matches_every_pair() -> None:
    # The counting sweep must give what comparing every pair gives.
    rng = random.Random(7)
    shapes = [
        lambda v: {"value": v},
        lambda v: {"value": v, "qualifier": "approx"},
        lambda v: {"low": v, "qualifier": "more_than"},
        lambda v: {"low": v, "qualifier": "at_least"},
        lambda v: {"high": v, "qualifier": "less_than"},
        lambda v: {"high": v, "qualifier": "at_most"},
        lambda v: {"low": v, "high": v + 10, "qualifier": "range"},
        lambda v: {"low": v, "high": v + 10, "qualifier": "approx"},
    ]
    for _ in range(400):
        claims = [
            _claim(
                rng.choice("abcd"),
                time=rng.choice([None, "2020", "2021-06", "2022"]),
                **rng.choice(shapes)(rng.choice([90, 100, 110, 120, 150])),
            )
            for _ in range(rng.randint(1, 12))
        ]
        settle(claims)
        assert [c.status for c in claims] == _brute(claims)


def test_intervals_touch_only_when_both_closed() -> None:
    assert Interval(0, 1).intersects(Interval(1, 2))
    assert not Interval(0, 1, high_open=True).intersects(Interval(1, 2))
    assert not Interval(0, 1).intersects(Interval(1, 2, low_open=True))


def _docs() -> list[Any]:
    return [
        document(
            "a",
            [
                fact(value=150, qualifier="approx", subject="Amazon's", start=10),
                fact(value=20, type="wage", metric="hourly_wage", unit="USD", per="hour",
                     subject="the company", start=40),
                fact(value=193e9, type="money", metric="net_worth", unit="USD", per=None,
                     subject="Jeff Bezos", time="2022", start=60),
                fact(value=80e9, type="money", metric="net_worth", unit="USD", per=None,
                     subject="Jeff Bezos", direction="increase", start=90, text="80 billion"),
                fact(value="2022", type="date", unit="date", subject=None, metric=None, per=None,
                     start=120),
                fact(value=40, type="percentage", metric=None, per=None, subject=None, start=130),
            ],
            published=None,
        ),
        document(
            "b",
            [
                fact(low=100, qualifier="more_than", subject="Amazon.com Inc", metric=None,
                     start=5),
                fact(value=23, type="wage", metric="hourly_wage", unit="USD", per="hour",
                     subject="Amazon", start=30),
                fact(low=234e9, high=254e9, qualifier="approx", type="money", metric="net_worth",
                     unit="USD", per=None, subject="Bezos", start=50),
                fact(value=75, type="percentage", metric=None, per=None, subject=None, start=130),
            ],
            published="2026-03-24",
        ),
    ]  # fmt: skip


def _frames(result: Any) -> dict[tuple[str, str | None, str], Any]:
    return {(f.frame.type, f.frame.subject, f.frame.direction): f for f in result.frames}


def test_documents_diff_end_to_end() -> None:
    result = diff_documents(_docs())
    frames = _frames(result)
    turnover = frames[("turnover_rate", "Amazon", "level")]
    assert turnover.status is Status.agree
    assert turnover.frame.metric == "annual_turnover"  # the metric-less claim joined it
    assert turnover.docs == ["a", "b"]
    # "the company" in a document about Amazon; document a has no date, so no time.
    wage = frames[("wage", "Amazon", "level")]
    assert wage.status is Status.conflict
    assert [c.time for c in wage.claims] == [None, "2026-03-24"]
    assert [c.time_source for c in wage.claims] == [None, "published"]
    worth = frames[("money", "Jeff Bezos", "level")]
    assert worth.status is Status.changed
    assert [c.time for c in worth.claims] == ["2022", "2026-03-24"]
    # A change is never set against a level; dates are no claims; no subject, no comparison.
    assert frames[("money", "Jeff Bezos", "increase")].status is Status.only
    assert not any(f.frame.type == "date" for f in result.frames)
    loose = [f for f in result.frames if f.frame.subject is None]
    assert len(loose) == 2 and all(f.status is Status.only for f in loose)
    assert result.counts() == {Status.conflict: 1, Status.changed: 1, Status.agree: 1,
                               Status.only: 3}  # fmt: skip
    # Most interesting first.
    assert [f.status for f in result.frames][:3] == [Status.conflict, Status.changed, Status.agree]


FILTERS: list[tuple[str, dict[str, Any], list[tuple[str, str | None]]]] = [
    ("type", {"types": ["wage"]}, [("wage", "Amazon")]),
    ("subject alias", {"subject": "Amazon.com"}, [("wage", "Amazon"), ("turnover_rate", "Amazon")]),
    ("subject last name", {"subject": "bezos"}, [("money", "Jeff Bezos"), ("money", "Jeff Bezos")]),
    ("status", {"statuses": ["agree", "changed"]},
     [("money", "Jeff Bezos"), ("turnover_rate", "Amazon")]),
    ("tolerance", {"tolerance": 0.2, "types": ["wage"]}, [("wage", "Amazon")]),
]  # fmt: skip


@pytest.mark.parametrize(("kw", "frames"), [f[1:] for f in FILTERS], ids=[f[0] for f in FILTERS])
def test_filters(kw: dict[str, Any], frames: list[tuple[str, str | None]]) -> None:
    result = diff_documents(_docs(), **kw)
    assert [(f.frame.type, f.frame.subject) for f in result.frames] == frames


def test_tolerance_changes_status() -> None:
    docs = [
        document("a", [fact(value=100, qualifier="approx")]),
        document("b", [fact(value=115)]),
    ]
    assert diff_documents(docs).frames[0].status is Status.conflict
    assert diff_documents(docs, tolerance=0.15).frames[0].status is Status.agree
    with pytest.raises(DiffError):
        diff_documents(docs, tolerance=-0.1)


FRAME_KEYS: list[tuple[str, dict[str, Any], dict[str, Any], bool]] = [
    ("metric missing on one side", {"metric": None}, {}, True),
    ("different metrics", {"metric": "injured_pct"}, {"metric": "pain_pct"}, False),
    ("different per", {"per": "month"}, {}, False),
    ("per missing", {"per": None}, {}, False),
    ("different unit", {"unit": "count"}, {}, False),
    ("different item", {"item": "driver"}, {"item": "employee"}, False),
    ("item missing on one side", {"item": "driver"}, {}, True),
    ("different subject", {"subject": "Walmart"}, {}, False),
    ("level vs increase", {"direction": "increase"}, {}, False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("a", "b", "same"), [k[1:] for k in FRAME_KEYS], ids=[k[0] for k in FRAME_KEYS]
)
def test_frame_keys(a: dict[str, Any], b: dict[str, Any], same: bool) -> None:
    docs = [document("a", [fact(value=10, **a)]), document("b", [fact(value=10, **b)])]
    result = diff_documents(docs)
    assert len(result.frames) == (1 if same else 2)


def test_metric_missing_with_several_metrics_stays_apart() -> None:
    docs = [
        document("a", [fact(value=10, metric="injured_pct"), fact(value=20, metric="pain_pct")]),
        document("b", [fact(value=99, metric=None)]),
    ]
    result = diff_documents(docs)
    assert sorted(str(f.frame.metric) for f in result.frames) == ["None", "injured_pct", "pain_pct"]
    assert {f.status for f in result.frames} == {Status.only}


def test_scale_two_thousand_documents() -> None:
    # Cost grows with claims, not pairs of documents: 2,000 documents, 20,000 claims.
    rng = random.Random(3)
    companies = [f"Company{i}" for i in range(40)]
    docs = []
    for d in range(2000):
        facts = []
        for k in range(10):
            kind = rng.randrange(3)
            kw: dict[str, Any] = {
                0: {"value": rng.choice([100, 150, 160]), "qualifier": "approx"},
                1: {"low": 100, "qualifier": "more_than"},
                2: {"value": rng.randrange(50, 200)},
            }[kind]
            facts.append(
                fact(subject=rng.choice(companies), time=rng.choice([None, "2021", "2023"]),
                     start=k * 10, **kw)
            )  # fmt: skip
        docs.append(document(f"d{d}", facts, published=rng.choice([None, "2025-01-02"])))
    result = diff_documents(docs)
    assert len(result.frames) == len(companies)
    assert sum(len(f.claims) for f in result.frames) == 20_000
    assert all(c.status is not Status.only for c in result.claims())
    assert not math.isnan(sum(result.counts().values()))
