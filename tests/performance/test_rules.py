"""DESIGN.md "Rules" for indicators: RAG boundaries, direction of travel, target in force, overdue data."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from performance import rules


@pytest.mark.parametrize(
    ("value", "expected"),
    [(10, "green"), (9, "green"), ("10.01", "amber"), (12, "amber"), ("12.0001", "red"), (13, "red")],
)
def test_lower_is_better_boundaries(value, expected):
    # Target 10, tolerance 2: exactly on target is green, exactly at tolerance amber, just beyond red.
    assert rules.indicator_rag("lower", value, 10, 2) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(80, "green"), (95, "green"), ("79.9", "amber"), (75, "amber"), ("74.99", "red"), (0, "red")],
)
def test_higher_is_better_boundaries(value, expected):
    assert rules.indicator_rag("higher", value, 80, 5) == expected


def test_no_tolerance_means_anything_worse_than_target_is_red():
    assert rules.indicator_rag("lower", 1, 0, None) == "red"
    assert rules.indicator_rag("lower", 0, 0, None) == "green"


@pytest.mark.parametrize(
    ("polarity", "value", "target"),
    [("context", 5, 5), ("lower", None, 5), ("higher", 5, None)],
)
def test_no_colour_for_context_missing_value_or_no_target(polarity, value, target):
    assert rules.indicator_rag(polarity, value, target, 1) is None


@pytest.mark.parametrize(
    ("polarity", "value", "previous", "expected"),
    [
        ("higher", 81, 80, "better"),
        ("higher", 79, 80, "worse"),
        ("lower", 79, 80, "better"),
        ("lower", 81, 80, "worse"),
        ("lower", 80, Decimal("80.0"), "same"),
        ("context", 81, 80, "up"),
        ("context", 79, 80, "down"),
        ("context", 80, 80, "same"),
        ("higher", 80, None, None),
        ("higher", None, 80, None),
    ],
)
def test_direction_of_travel(polarity, value, previous, expected):
    assert rules.direction(polarity, value, previous) == expected


def test_target_in_force_is_the_latest_effective_on_or_before_the_period():
    old = SimpleNamespace(effective_from=datetime.date(2015, 1, 1), value=10)
    new = SimpleNamespace(effective_from=datetime.date(2015, 7, 1), value=5)

    assert rules.target_in_force([new, old], datetime.date(2014, 12, 31)) is None
    assert rules.target_in_force([new, old], datetime.date(2015, 6, 30)) is old
    assert rules.target_in_force([new, old], datetime.date(2015, 7, 1)) is new


@pytest.mark.parametrize(
    ("frequency", "latest", "as_at", "expected"),
    [
        ("monthly", datetime.date(2026, 9, 30), datetime.date(2026, 11, 30), False),
        ("monthly", datetime.date(2026, 9, 30), datetime.date(2026, 12, 1), True),
        ("quarterly", datetime.date(2026, 6, 30), datetime.date(2026, 10, 31), False),
        ("quarterly", datetime.date(2026, 6, 30), datetime.date(2026, 11, 1), True),
        ("annual", datetime.date(2025, 3, 31), datetime.date(2026, 4, 30), False),
        ("annual", datetime.date(2025, 3, 31), datetime.date(2026, 5, 1), True),
        ("monthly", None, datetime.date(2026, 11, 22), True),
    ],
)
def test_overdue_data_by_frequency(frequency, latest, as_at, expected):
    assert rules.is_overdue(frequency, latest, as_at) is expected


def test_period_end_after_keeps_month_ends():
    assert rules.period_end_after(datetime.date(2015, 1, 31), 1) == datetime.date(2015, 2, 28)
    assert rules.period_end_after(datetime.date(2015, 2, 28), 1) == datetime.date(2015, 3, 31)
    assert rules.period_end_after(datetime.date(2015, 5, 19), 1) == datetime.date(2015, 6, 19)
    assert rules.period_end_after(datetime.date(2015, 11, 30), 2) == datetime.date(2016, 1, 31)


@pytest.mark.parametrize(
    ("raw", "value", "reason"),
    [
        ("3,617", Decimal(3617), ""),
        ("12.50", Decimal("12.5"), ""),
        (12.5, Decimal("12.5"), ""),
        ("c", None, "c"),
        ("X", None, "x"),
        (" z ", None, "z"),
        ("u", None, "u"),
    ],
)
def test_parse_value_accepts_numbers_and_dfe_markers(raw, value, reason):
    assert rules.parse_value(raw) == (value, reason, None)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("abc", "'abc' is not a number"),
        ("", "A value is required"),
        ("nan", "is not a number"),
        ("1.23456", "more than 4 decimal places"),
        ("99999999999", "too large"),
    ],
)
def test_parse_value_says_what_is_wrong(raw, message):
    value, reason, error = rules.parse_value(raw)
    assert value is None and reason == "" and message in error


@pytest.mark.parametrize(
    ("unit", "value", "message"),
    [
        ("percent", "100.1", "between 0 and 100"),
        ("percent", "-1", "between 0 and 100"),
        ("count", "-1", "cannot be below 0"),
        ("count", "1.5", "whole number"),
        ("rate_per_10k", "-0.5", "cannot be below 0"),
    ],
)
def test_unit_errors(unit, value, message):
    assert message in rules.unit_error(unit, Decimal(value))


@pytest.mark.parametrize(("unit", "value"), [("percent", "0"), ("percent", "100"), ("count", "0"), ("number", "-2")])
def test_unit_accepts_boundaries(unit, value):
    assert rules.unit_error(unit, Decimal(value)) is None


def test_derived_value_and_per_10k():
    assert rules.derived_value(1488, 8392, 100) == Decimal("17.7312")
    assert rules.derived_value(1, 0, 100) is None
    assert rules.per_10k(2351, 54500) == Decimal("431.3761")
    assert rules.per_10k(2351, None) is None
