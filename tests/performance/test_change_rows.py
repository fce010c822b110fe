"""The 25 September 2015 audit and governance paper (seeds/000): every reduction figure, from observations."""

import datetime

import pytest

from performance import selectors
from performance.models import Indicator
from tests import factories

OLD, NEW = datetime.date(2015, 5, 19), datetime.date(2015, 9, 1)

# (code, polarity, 19/05/15, 01/09/15, the paper's "Reduction" column with thousands separators as DESIGN.md says)
SEED_ROWS = [
    ("open_cases", Indicator.Polarity.CONTEXT, 3617, 2565, "1,052 (29%)"),
    ("unallocated_cases", Indicator.Polarity.LOWER_IS_BETTER, 1003, 129, "874 (87%)"),
    ("check_status_cases", Indicator.Polarity.LOWER_IS_BETTER, 988, 158, "830 (84%)"),
    ("initial_assess_overdue", Indicator.Polarity.LOWER_IS_BETTER, 540, 98, "442 (82%)"),
    ("core_assess_overdue", Indicator.Polarity.LOWER_IS_BETTER, 455, 161, "294 (65%)"),
    ("s47_open_28d", Indicator.Polarity.LOWER_IS_BETTER, 173, 6, "167 (97%)"),
]


@pytest.fixture
def seed_indicators(council):
    indicators = []
    for code, polarity, old, new, _ in SEED_ROWS:
        indicator = factories.IndicatorFactory(code=code, polarity=polarity)
        indicator.polarity = polarity
        indicator.save()
        factories.ObservationFactory(indicator=indicator, authority=council, period_end=OLD, value=old)
        factories.ObservationFactory(indicator=indicator, authority=council, period_end=NEW, value=new)
        # A later figure must not leak into a table "as at 1 September".
        factories.ObservationFactory(
            indicator=indicator, authority=council, period_end=datetime.date(2015, 9, 30), value=1
        )
        indicators.append(indicator)
    return indicators


def test_every_reduction_in_the_25_september_2015_paper(seed_indicators, council):
    rows = selectors.change_rows(seed_indicators, authority=council, old_date=OLD, new_date=NEW)

    got = [(r.indicator.code, r.old.value, r.new.value, r.described, r.label) for r in rows]
    assert got == [(code, old, new, figure, "reduction") for code, _, old, new, figure in SEED_ROWS]


def test_reductions_are_better_for_lower_is_better_and_unjudged_for_context(seed_indicators, council):
    rows = selectors.change_rows(seed_indicators, authority=council, old_date=OLD, new_date=NEW)

    assert [r.judgement for r in rows] == [None, "better", "better", "better", "better", "better"]


def test_values_come_from_the_latest_observation_on_or_before_each_date(seed_indicators, council):
    rows = selectors.change_rows(
        seed_indicators[:1], authority=council, old_date=datetime.date(2015, 8, 31), new_date=datetime.date(2015, 12, 1)
    )

    assert rows[0].old.period_end == OLD
    assert rows[0].new.period_end == datetime.date(2015, 9, 30)
    assert rows[0].label == "reduction"


def test_an_increase_in_a_lower_is_better_indicator_is_worse(council):
    indicator = factories.IndicatorFactory(code="s47_open_28d")
    factories.ObservationFactory(indicator=indicator, authority=council, period_end=OLD, value=6)
    factories.ObservationFactory(indicator=indicator, authority=council, period_end=NEW, value=9)

    [row] = selectors.change_rows([indicator], authority=council, old_date=OLD, new_date=NEW)

    assert (row.label, row.judgement, row.described) == ("increase", "worse", "3 (50%)")


def test_no_figure_on_or_before_a_date_gives_no_change(council):
    indicator = factories.IndicatorFactory()
    factories.ObservationFactory(indicator=indicator, authority=council, period_end=NEW, value=5)

    [row] = selectors.change_rows([indicator], authority=council, old_date=OLD, new_date=NEW)

    assert row.old is None and row.change is None and row.described == "" and row.judgement is None


def test_change_rows_query_count_does_not_grow_with_indicators(council, django_assert_num_queries):
    few = [factories.IndicatorFactory() for _ in range(2)]
    many = [factories.IndicatorFactory() for _ in range(20)]
    for indicator in many:
        factories.ObservationFactory(indicator=indicator, authority=council, period_end=OLD)

    for indicators in (few, many):
        with django_assert_num_queries(2):
            selectors.change_rows(indicators, authority=council, old_date=OLD, new_date=NEW)
