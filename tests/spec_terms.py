"""The closed vocabularies of SPEC sections 2 and 3, written out from the SPEC
itself (not taken from the package), for the tests that check records against it."""

from __future__ import annotations

SPEC_TYPES = frozenset(
    {
        "turnover_rate",
        "injury_rate",
        "wage",
        "union_vote",
        "union_membership",
        "workforce",
        "workload",
        "money",
        "percentage",
        "count",
        "duration",
        "measure",
        "date",
    }
)
QUALIFIERS = frozenset(
    {"exact", "approx", "more_than", "at_least", "less_than", "at_most", "range"}
)
DIRECTIONS = frozenset({"level", "increase", "decrease"})
PERS = frozenset({"minute", "hour", "day", "week", "month", "year", "shift"})
DURATION_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year"})
MEASURE_UNITS = frozenset(
    {
        "degree_f", "degree_c", "mile", "kilometer", "meter", "foot", "inch", "square_foot",
        "square_meter", "acre", "pound", "kilogram", "ton", "tonne", "mile_per_hour",
        "kilometer_per_hour", "gallon", "liter",
    }
)  # fmt: skip
