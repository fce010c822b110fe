"""indicator_statuses, indicator_periods and series: judged against the target then in force, in fixed queries."""

import datetime
from decimal import Decimal

from performance import selectors
from performance.models import Indicator
from tests import factories

AS_AT = datetime.date(2015, 12, 15)


def _monthly(indicator, authority, values, first=datetime.date(2015, 1, 31)):
    from performance.rules import period_end_after

    for n, value in enumerate(values):
        factories.ObservationFactory(
            indicator=indicator, authority=authority, period_end=period_end_after(first, n), value=value
        )


def test_status_has_latest_value_target_colour_direction_and_sparkline(council):
    indicator = factories.IndicatorFactory(polarity=Indicator.Polarity.LOWER_IS_BETTER)
    factories.TargetFactory(indicator=indicator, value=10, tolerance=2, effective_from=datetime.date(2015, 1, 1))
    _monthly(indicator, council, [30, 20, 12])

    [status] = selectors.indicator_statuses([indicator], authority=council, as_at=datetime.date(2015, 4, 10))

    assert status.period_end == datetime.date(2015, 3, 31)
    assert (status.value, status.target_value, status.tolerance) == (12, 10, 2)
    assert (status.rag, status.direction, status.gap) == ("amber", "better", 2)
    assert status.sparkline_values == [30, 20, 12]
    assert status.overdue is False


def test_status_ignores_figures_after_as_at(council):
    indicator = factories.IndicatorFactory()
    _monthly(indicator, council, [5, 6, 7])

    [status] = selectors.indicator_statuses([indicator], authority=council, as_at=datetime.date(2015, 2, 28))

    assert status.value == 6 and status.previous.value == 5


def test_a_target_changed_later_does_not_change_past_colours(council):
    indicator = factories.IndicatorFactory(polarity=Indicator.Polarity.LOWER_IS_BETTER)
    factories.TargetFactory(indicator=indicator, value=10, tolerance=0, effective_from=datetime.date(2015, 1, 1))
    _monthly(indicator, council, [10, 10, 10])
    factories.TargetFactory(indicator=indicator, value=5, tolerance=0, effective_from=datetime.date(2015, 3, 1))

    rows = selectors.indicator_periods(indicator, authority=council)

    assert [(r.point.period_end.month, r.target.value, r.rag) for r in rows] == [
        (3, 5, "red"),
        (2, 10, "green"),
        (1, 10, "green"),
    ]
    [status] = selectors.indicator_statuses([indicator], authority=council, as_at=datetime.date(2015, 2, 28))
    assert status.rag == "green"


def test_a_target_without_tolerance_takes_the_indicators_default(council):
    indicator = factories.IndicatorFactory(polarity=Indicator.Polarity.HIGHER_IS_BETTER, default_tolerance=5)
    factories.TargetFactory(indicator=indicator, value=80, tolerance=None)
    _monthly(indicator, council, [75])

    [status] = selectors.indicator_statuses([indicator], authority=council, as_at=AS_AT)

    assert (status.tolerance, status.rag) == (5, "amber")


def test_context_indicators_get_no_colour_and_only_up_or_down(council):
    indicator = factories.IndicatorFactory(polarity=Indicator.Polarity.CONTEXT)
    factories.TargetFactory(indicator=indicator, value=1)
    _monthly(indicator, council, [5, 7])

    [status] = selectors.indicator_statuses([indicator], authority=council, as_at=AS_AT)

    assert (status.rag, status.direction) == (None, "up")


def test_a_suppressed_latest_figure_has_no_colour_or_direction(council):
    indicator = factories.IndicatorFactory()
    factories.TargetFactory(indicator=indicator, value=1)
    _monthly(indicator, council, [5])
    factories.ObservationFactory(
        indicator=indicator, authority=council, period_end=datetime.date(2015, 2, 28), value=None, missing_reason="c"
    )

    [status] = selectors.indicator_statuses([indicator], authority=council, as_at=AS_AT)

    assert (status.missing_reason, status.rag, status.direction) == ("c", None, None)


def test_overdue_and_no_data_flags(council):
    stale, fresh, empty = (factories.IndicatorFactory() for _ in range(3))
    _monthly(stale, council, [1], first=datetime.date(2015, 9, 30))
    _monthly(fresh, council, [1], first=datetime.date(2015, 11, 30))

    statuses = selectors.indicator_statuses([stale, fresh, empty], authority=council, as_at=AS_AT)

    assert [s.overdue for s in statuses] == [True, False, True]
    assert selectors.filter_statuses(statuses, overdue=True) == [statuses[0], statuses[2]]
    assert selectors.filter_statuses(statuses, colour="none") == statuses


def test_other_authorities_figures_are_not_the_councils(council):
    indicator = factories.IndicatorFactory()
    leeds = factories.AuthorityFactory(code="leeds", name="Leeds", kind="comparator", child_population=183000)
    _monthly(indicator, leeds, [99])

    [status] = selectors.indicator_statuses([indicator], authority=council, as_at=AS_AT)

    assert status.latest is None


def test_statuses_query_count_is_fixed(council, django_assert_num_queries):
    small = [factories.IndicatorFactory() for _ in range(2)]
    large = [factories.IndicatorFactory() for _ in range(15)]
    for indicator in large:
        factories.TargetFactory(indicator=indicator, value=3)
        _monthly(indicator, council, range(14))

    for indicators in (small, large):
        with django_assert_num_queries(2):
            statuses = selectors.indicator_statuses(indicators, authority=council, as_at=datetime.date(2016, 6, 1))
    assert len(statuses[0].sparkline) == selectors.SPARKLINE_POINTS


def test_periods_show_comparators_latest_on_or_before_and_per_10k(council):
    indicator = factories.IndicatorFactory(unit=Indicator.Unit.COUNT, polarity=Indicator.Polarity.CONTEXT)
    leeds = factories.AuthorityFactory(code="leeds", name="Leeds", kind="comparator", child_population=183000)
    _monthly(indicator, council, [2351, 1817], first=datetime.date(2015, 7, 31))
    _monthly(indicator, leeds, [1903], first=datetime.date(2015, 7, 31))

    rows = selectors.indicator_periods(indicator, authority=council, comparators=[leeds])

    august, july = rows
    assert july.comparators[0].value == 1903 and august.comparators[0].value == 1903
    assert july.per_10k == Decimal("431.3761")
    assert july.comparators_per_10k == [Decimal("103.9891")]
    assert (august.direction, august.rag) == ("down", None)


def test_series_per_10k_needs_a_population(council):
    indicator = factories.IndicatorFactory()
    unknown = factories.AuthorityFactory(code="nowhere", name="Nowhere", kind="comparator", child_population=None)
    _monthly(indicator, council, [545])
    _monthly(indicator, unknown, [10])

    own, other = selectors.series(indicator, [council, unknown])

    assert [p.value for p in own.per_10k] == [100]
    assert other.per_10k == []
