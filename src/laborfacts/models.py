"""The record of a fact and of a document: the single source of truth for
JSON, JSONL, CSV, the table view and the JSON Schema (SPEC section 2)."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal, TypeGuard

from pydantic import BaseModel, ConfigDict, Field, ModelWrapValidatorHandler, model_validator


class FactType(StrEnum):
    turnover_rate = "turnover_rate"
    injury_rate = "injury_rate"
    wage = "wage"
    union_vote = "union_vote"
    union_membership = "union_membership"
    workforce = "workforce"
    workload = "workload"
    money = "money"
    percentage = "percentage"
    count = "count"  # type: ignore[assignment]  # shadows str.count, by design
    duration = "duration"
    measure = "measure"
    date = "date"
    # Clock times are recognised so they are never mistaken for counts; they
    # are not facts under SPEC section 3 and are only emitted on request.
    time_of_day = "time_of_day"


class Qualifier(StrEnum):
    exact = "exact"
    approx = "approx"
    more_than = "more_than"
    at_least = "at_least"
    less_than = "less_than"
    at_most = "at_most"
    range = "range"


class Direction(StrEnum):
    level = "level"
    increase = "increase"
    decrease = "decrease"


# ISO 4217's active currency codes: the money units a record may carry. The
# rules (rules/units.json) say how each is written; a currency a user adds
# there must be one of these, or the rules fail at load.
CURRENCY_CODES = frozenset(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL
    BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP
    ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR
    IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL
    LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR
    NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD
    SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX
    USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL
    """.split()
)
DURATION_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year"})
# SPEC section 2's units of physical measures, each with the metric it measures
MEASURE_UNITS: dict[str, str] = {
    "degree_f": "temperature",
    "degree_c": "temperature",
    "mile": "distance",
    "kilometer": "distance",
    "meter": "distance",
    "foot": "distance",
    "inch": "distance",
    "square_foot": "area",
    "square_meter": "area",
    "acre": "area",
    "pound": "weight",
    "kilogram": "weight",
    "ton": "weight",
    "tonne": "weight",
    "mile_per_hour": "speed",
    "kilometer_per_hour": "speed",
    "gallon": "volume",
    "liter": "volume",
}
_OTHER_UNITS = ("percent", "count", *sorted(DURATION_UNITS), "date")

if TYPE_CHECKING:

    class Unit(StrEnum):
        """percent, count, durations, date, measures, and one member per currency."""

else:
    # the currency members come from the data, so a currency added there is a unit
    Unit = StrEnum(
        "Unit", [(u, u) for u in (*_OTHER_UNITS, *MEASURE_UNITS, *sorted(CURRENCY_CODES))]
    )
    Unit.__doc__ = "percent, count, durations, date, measures, and one member per currency."


class Per(StrEnum):
    minute = "minute"
    hour = "hour"
    day = "day"
    week = "week"
    month = "month"
    year = "year"
    shift = "shift"


# The record's vocabulary fields are validated as literals of the enums' values:
# the same values and schema, and pydantic checks a literal without calling
# back into Python, which makes building a record about a third cheaper.
if TYPE_CHECKING:
    FactTypeValue = FactType | str
    QualifierValue = Qualifier | str
    DirectionValue = Direction | str
    UnitValue = Unit | str
    PerValue = Per | str
else:
    FactTypeValue = Literal[tuple(e.value for e in FactType)]
    QualifierValue = Literal[tuple(e.value for e in Qualifier)]
    DirectionValue = Literal[tuple(e.value for e in Direction)]
    UnitValue = Literal[tuple(e.value for e in Unit)]
    PerValue = Literal[tuple(e.value for e in Per)]


def _is_integral(v: object) -> TypeGuard[float]:
    """Is ``v`` a float to keep as an integer ("5,000 members" is 5000, not 5000.0)?"""
    return isinstance(v, float) and v.is_integer() and abs(v) < 1e15


def _integral_values(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with integral values as integers (a copy, when one changes)."""
    for name in ("value", "low", "high"):
        v = data.get(name)
        if _is_integral(v):
            data = {**data, name: int(v)}
    return data


FACT_FIELDS = (
    "doc", "type", "metric", "value", "low", "high", "qualifier", "direction", "unit",
    "per", "item", "subject", "time", "attribution", "text", "start", "end", "sentence",
    "confidence", "rule", "reader", "context",
)  # fmt: skip
# The columns of a flat table (CSV, SQLite, Parquet): the context object
# becomes two columns.
FLAT_FIELDS = (*FACT_FIELDS[:-1], "subject_from", "time_from")


def flat_record(fact: Fact) -> dict[str, Any]:
    """A fact's SPEC record with its context as ``subject_from``/``time_from``."""
    rec = fact.record()
    ctx = rec.pop("context") or {}
    rec["subject_from"] = ctx.get("subject")
    rec["time_from"] = ctx.get("time")
    return rec


# Where a subject or time was read (``discourse.Source``), outermost last.
CONTEXT_SOURCES = (
    "sentence", "reference", "list", "paragraph", "scope", "heading", "title", "document",
)  # fmt: skip
if TYPE_CHECKING:
    ContextSourceValue = str
else:
    ContextSourceValue = Literal[CONTEXT_SOURCES]


class FactContext(BaseModel):
    """Where a fact's subject and time came from: its own sentence, a
    reference resolved to an entity ("the company"), its place in a list, the
    paragraph, a data year stated once, a heading, the title, the article."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    subject: ContextSourceValue | None = None
    time: ContextSourceValue | None = None


class Fact(BaseModel):
    """One quantity (or date) stated in a document, with what it measures."""

    model_config = ConfigDict(use_enum_values=True, extra="forbid", validate_assignment=False)

    doc: str = Field(description="Document id: the file name without its extension.")
    type: FactTypeValue = Field(description="Fact type (SPEC section 3).")
    metric: str | None = Field(default=None, description="Finer label inside the type.")
    value: int | float | str | None = Field(
        default=None, description="Point value; ISO string for dates; null for ranges/bounds."
    )
    low: int | float | None = Field(default=None, description="Lower bound of a range or bound.")
    high: int | float | None = Field(default=None, description="Upper bound of a range or bound.")
    qualifier: QualifierValue = Field(default="exact", description="Hedge on the value.")
    direction: DirectionValue = Field(default="level", description="Level or a change.")
    unit: UnitValue = Field(
        description="percent, ISO 4217 currency, count, a duration unit, a measure unit, date."
    )
    per: PerValue | None = Field(default=None, description="Period of a rate.")
    item: str | None = Field(default=None, description="What is counted, singular lemma.")
    subject: str | None = Field(default=None, description="Who or what the figure is about.")
    time: str | None = Field(default=None, description="ISO date or year the figure refers to.")
    attribution: str | None = Field(default=None, description="Who asserts the figure.")
    text: str = Field(description="Surface text, exactly source[start:end].")
    start: int = Field(ge=0, description="Start character offset in the decoded document.")
    end: int = Field(ge=0, description="End character offset (exclusive).")
    sentence: str = Field(default="", description="The sentence that holds the quantity.")
    confidence: float = Field(default=0.5, ge=0.0, le=1.0, description="0 to 1.")
    rule: str | None = Field(
        default=None, description="Id of the pattern or rule that produced the fact."
    )
    reader: str | None = Field(
        default=None, description="Id of the quantity reader that read the value"
    )
    context: FactContext | None = Field(
        default=None, description="Where the subject and the time were read."
    )

    @model_validator(mode="wrap")
    @classmethod
    def _validate(cls, data: Any, handler: ModelWrapValidatorHandler[Fact], info: Any) -> Fact:
        if isinstance(data, Fact):
            return data  # checked when it was made: inside a Document, not again
        if isinstance(data, dict):
            data = _integral_values(data)
            # When the caller passes the source text in the validation context,
            # the span must reproduce `text` exactly (SPEC section 1).
            source = (info.context or {}).get("source") if info is not None else None
            if source is not None:
                start, end, text = data.get("start"), data.get("end"), data.get("text")
                if isinstance(start, int) and isinstance(end, int) and source[start:end] != text:
                    raise ValueError(
                        f"text {text!r} does not match source[{start}:{end}] "
                        f"= {source[start:end]!r}"
                    )
        fact = handler(data)
        fact._check_invariants()
        return fact

    def _check_invariants(self) -> None:
        if self.end < self.start:
            raise ValueError("end must not be before start")
        if self.end - self.start != len(self.text):
            raise ValueError("text length must equal end - start")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low {self.low} is above high {self.high}")
        for v, name in ((self.value, "value"), (self.low, "low"), (self.high, "high")):
            if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
                raise ValueError(f"{name} must be finite")
        if self.type == "date":
            if self.value is not None and not isinstance(self.value, str):
                raise ValueError("a date's value is an ISO string")
        elif isinstance(self.value, str):
            raise ValueError("only dates have string values")

    @classmethod
    def trusted(cls, values: dict[str, Any]) -> Fact:
        """A record from values the pipeline made, checked directly.

        The same checks as validation: every field present and of its type,
        the vocabularies, and the record's invariants; then the instance is
        set up as ``model_construct`` would, in about 60% of the time
        pydantic's generic validation takes. Records read from JSON are still
        validated by pydantic; ``tests/robustness/test_robust_fuzz.py`` and
        ``tests/test_records.py`` check that both ways give equal records.
        """
        if values.keys() != _FIELD_SET:
            raise ValueError(f"fields {sorted(set(values) ^ _FIELD_SET)} are missing or unknown")
        for name, allowed in _VOCABULARIES:
            if values[name] not in allowed:
                raise ValueError(f"{name} {values[name]!r} is not one of {sorted(allowed)}")
        if values["per"] is not None and values["per"] not in _PERS:
            raise ValueError(f"per {values['per']!r} is not one of {sorted(_PERS)}")
        for name in _TEXT_FIELDS:
            if type(values[name]) is not str:
                raise ValueError(f"{name} must be a string")
        for name in _OPTIONAL_TEXT_FIELDS:
            if values[name] is not None and type(values[name]) is not str:
                raise ValueError(f"{name} must be a string or null")
        for name in ("start", "end"):
            if type(values[name]) is not int or values[name] < 0:
                raise ValueError(f"{name} must be a non-negative integer")
        for name in ("value", "low", "high"):
            v = values[name]
            if _is_integral(v):
                values[name] = int(v)
            elif (
                v is not None
                and type(v) not in (int, float)
                and not (name == "value" and type(v) is str)
            ):
                raise ValueError(f"{name} must be a number")
        ctx = values["context"]
        if ctx is not None and type(ctx) is not FactContext:
            raise ValueError("context must be a FactContext or null")
        confidence = values["confidence"]
        if type(confidence) not in (int, float) or not 0.0 <= confidence <= 1.0:
            raise ValueError("confidence must be a number from 0 to 1")
        values["confidence"] = float(confidence)
        fact = cls.__new__(cls)
        # what model_construct sets up: the fields, all of them set, no extras
        _set(fact, "__dict__", values)
        _set(fact, "__pydantic_fields_set__", set(_FIELD_SET))
        _set(fact, "__pydantic_extra__", None)
        _set(fact, "__pydantic_private__", None)
        fact._check_invariants()
        return fact

    def record(self) -> dict[str, Any]:
        """The SPEC form: a plain dict."""
        return self.model_dump(mode="json")


_set = object.__setattr__
_FIELD_SET = frozenset(FACT_FIELDS)
_VOCABULARIES = [
    ("type", frozenset(e.value for e in FactType)),
    ("qualifier", frozenset(e.value for e in Qualifier)),
    ("direction", frozenset(e.value for e in Direction)),
    ("unit", frozenset(e.value for e in Unit)),
]
_PERS = frozenset(e.value for e in Per)
_TEXT_FIELDS = ("doc", "text", "sentence")
_OPTIONAL_TEXT_FIELDS = ("metric", "item", "subject", "time", "attribution", "rule", "reader")


class Document(BaseModel):
    """Metadata of one article and the facts found in it."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="File name without its extension.")
    path: str | None = Field(default=None, description="Path the text was read from.")
    title: str | None = Field(default=None, description="First heading-like line, if any.")
    published: str | None = Field(default=None, description="Publication date (ISO), if found.")
    sha256: str = Field(description="SHA-256 of the decoded text, UTF-8 encoded.")
    chars: int = Field(ge=0, description="Number of characters of the decoded text.")
    words: int = Field(ge=0, description="Number of whitespace-separated words.")
    encoding: str = Field(default="utf-8", description="Encoding the file was decoded with.")
    facts: list[Fact] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list, description="Problems met while reading.")
