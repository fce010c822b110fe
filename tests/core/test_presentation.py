"""The one presentation module (core.presentation): names, units, percentage points, colour changes, sparklines and
calendar months, each written once."""

import datetime
import pathlib
import re
from decimal import Decimal

import pytest

from core import presentation
from core.numbers import change
from tests.factories import UserFactory

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = ["core", "improvement", "performance", "inspections", "demo"]


def _source(pattern: str, suffixes=(".py", ".html")) -> list[str]:
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*"):
            if path.suffix in suffixes and "migrations" not in path.parts and re.search(pattern, path.read_text()):
                found.append(str(path.relative_to(ROOT)))
    return found


@pytest.mark.django_db
def test_a_person_is_named_by_full_name_else_username():
    assert presentation.person_name(UserFactory(username="jb", first_name="Jo", last_name="Bloggs")) == "Jo Bloggs"
    assert presentation.person_name(UserFactory(username="nobody", first_name="", last_name="")) == "nobody"
    assert presentation.person_name(None) == ""


def test_values_carry_their_unit():
    assert presentation.value_text(Decimal("87.5"), "percent") == "87.5%"
    assert presentation.value_text(Decimal("42.13"), "rate_per_10k") == "42.1 per 10,000"
    assert presentation.value_text(Decimal("12"), "days") == "12 days"
    assert presentation.value_text(Decimal("1"), "days") == "1 day"
    assert presentation.value_text(Decimal("3617"), "count") == "3,617"
    assert presentation.value_text(Decimal("1250.5"), "money") == "£1,250.50"
    assert presentation.value_text(None, "percent") == ""


def test_differences_between_percentages_are_percentage_points():
    assert presentation.difference_text(Decimal("-0.4"), "percent") == "-0.4 pp"
    assert presentation.difference_text(Decimal("2"), "percent", signed=False) == "2 pp"
    assert presentation.difference_text(Decimal("5.2"), "rate_per_10k") == "+5.2 per 10,000"
    assert presentation.difference_text(Decimal("-12"), "count") == "-12"


def test_a_change_of_a_rate_has_no_relative_percent_but_a_count_does():
    # Issue 12 item 7: "Re-referrals 18.5 -> 18.1, change 0.4 (2%)" was a relative change of a rate.
    assert presentation.change_text(change("18.5", "18.1"), "percent") == "0.4 pp"
    assert presentation.relative_change(change("18.5", "18.1"), "percent") is None
    assert presentation.change_text(change("71.0", "65.5"), "rate_per_10k") == "5.5 per 10,000"
    assert presentation.change_text(change(3617, 2565), "count") == "1,052 (29%)"
    assert presentation.relative_change(change(3617, 2565), "count") == Decimal(-29)


def test_column_headings_name_the_unit():
    assert presentation.heading("Tolerance", "percent", difference=True) == "Tolerance (pp)"
    assert presentation.heading("Value", "percent") == "Value (%)"
    assert presentation.heading("Value", "rate_per_10k") == "Value (per 10,000 children)"


@pytest.mark.parametrize(
    ("then", "now", "code", "word"),
    [
        ("red", "amber", "better", "better"),
        ("green", "red", "worse", "worse"),
        ("amber", "blue", "better", "better"),
        ("amber", "amber", "same", "no change"),
        (None, "green", "new", "newly rated"),
        ("green", None, "unrated", "no longer rated"),
        (None, None, "same", "no change"),
    ],
)
def test_colour_change_has_one_vocabulary(then, now, code, word):
    assert presentation.colour_change(then, now) == code
    assert presentation.change_word(code) == word


def test_colour_change_words_read_snapshots_issued_before_the_codes():
    assert presentation.change_word("no change") == "no change"
    assert presentation.change_code("no longer rated") == "unrated"


def test_sparkline_names_first_and_last_values_with_their_unit():
    svg = str(presentation.sparkline_svg([Decimal("20.5"), None, Decimal("18.1")], "Re-referrals", "percent"))
    assert 'aria-label="Re-referrals trend over 2 periods: 20.5% to 18.1%"' in svg
    assert svg.count("<polyline") == 1
    assert presentation.sparkline_svg([Decimal(1)]) == ""


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2015, 1, 31), 1, datetime.date(2015, 2, 28)),
        (datetime.date(2016, 1, 31), 1, datetime.date(2016, 2, 29)),
        (datetime.date(2016, 2, 29), 1, datetime.date(2016, 3, 29)),
        (datetime.date(2016, 2, 29), 12, datetime.date(2017, 2, 28)),
        (datetime.date(2016, 2, 29), -12, datetime.date(2015, 2, 28)),
        (datetime.date(2015, 4, 30), 3, datetime.date(2015, 7, 30)),
        (datetime.date(2015, 11, 30), 3, datetime.date(2016, 2, 29)),
        (datetime.date(2015, 5, 19), -5, datetime.date(2014, 12, 19)),
    ],
)
def test_add_months_keeps_the_day_or_the_month_end_where_shorter(day, months, expected):
    assert presentation.add_months(day, months) == expected


def test_each_presentation_rule_is_written_once():
    assert _source(r"def _?add_months\(", (".py",)) == ["core/presentation.py"]
    assert _source(r"get_full_name\(\) or|get_full_name\|default") == ["core/presentation.py"]
    assert _source(r"<polyline") == ["core/presentation.py"]
    assert _source(r"def \w+\(then\b[^)]*\bnow\b", (".py",)) == [
        "core/presentation.py"
    ]  # (then, now) -> better or worse


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("DfE review", "DfE review"),
        ("LGA peer review", "LGA peer review"),
        ("Ofsted ILACS inspection", "Ofsted ILACS inspection"),
        ("Joint targeted area inspection", "joint targeted area inspection"),
        ("Independent review", "independent review"),
        ("MASH", "MASH"),
        ("100 day plan", "100 day plan"),
    ],
)
def test_a_label_inside_a_sentence_keeps_acronyms_and_names(label, expected):
    assert presentation.in_sentence(label) == expected
