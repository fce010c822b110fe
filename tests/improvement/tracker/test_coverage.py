"""Coverage states, indicator trends since the inspection, related grouping and the summary the dashboard shows."""

import datetime

import pytest
from django.utils import timezone

from core.presentation import change_text
from improvement.models import Action
from improvement.tracker.coverage import Coverage, CoverageLines, coverage_summary, recommendation_coverage
from inspections.models import Recommendation
from performance.models import Indicator
from tests import factories

AS_AT = datetime.date(2026, 6, 30)
PUBLISHED = datetime.date(2015, 7, 20)

pytestmark = pytest.mark.django_db


def _recommendation(**kwargs):
    return factories.RecommendationFactory(inspection__published_date=PUBLISHED, **kwargs)


def _action(recommendation, status=Action.Status.COMPLETE, indicators=(), **kwargs):
    if status == Action.Status.COMPLETE:
        kwargs.setdefault("progress", 100)
        kwargs.setdefault("completed_date", datetime.date(2026, 3, 1))
    action = factories.ActionFactory(status=status, **kwargs)
    action.recommendations.add(recommendation)
    action.indicators.add(*indicators)
    return action


def _indicator_with_figures(polarity, at_inspection, now):
    indicator = factories.IndicatorFactory(polarity=polarity)
    factories.ObservationFactory(indicator=indicator, period_end=datetime.date(2015, 6, 30), value=at_inspection)
    # A figure after publication but before the latest one: only the latest on or before each date counts.
    factories.ObservationFactory(indicator=indicator, period_end=datetime.date(2015, 8, 31), value=999)
    factories.ObservationFactory(indicator=indicator, period_end=datetime.date(2026, 5, 31), value=now)
    return indicator


def _state(recommendation):
    [line] = recommendation_coverage(Recommendation.objects.filter(pk=recommendation.pk), AS_AT)
    return line.state


def test_recommendation_without_actions_is_not_covered():
    assert _state(_recommendation()) == Coverage.NOT_COVERED


def test_withdrawn_actions_do_not_cover_a_recommendation():
    rec = _recommendation()
    _action(rec, status=Action.Status.WITHDRAWN)
    assert _state(rec) == Coverage.NOT_COVERED


def test_one_open_action_makes_it_in_progress():
    rec = _recommendation()
    _action(rec)
    _action(rec, status=Action.Status.IN_PROGRESS)
    assert _state(rec) == Coverage.IN_PROGRESS


def test_all_actions_complete_without_indicators_is_actions_complete():
    rec = _recommendation()
    _action(rec)
    _action(rec, status=Action.Status.WITHDRAWN)
    assert _state(rec) == Coverage.ACTIONS_COMPLETE


def test_complete_but_indicator_worse_than_at_inspection_is_impact_not_yet_evidenced():
    rec = _recommendation()
    better = _indicator_with_figures(Indicator.Polarity.LOWER_IS_BETTER, at_inspection=300, now=120)
    worse = _indicator_with_figures(Indicator.Polarity.HIGHER_IS_BETTER, at_inspection=80, now=70)
    _action(rec, indicators=[better, worse])
    assert _state(rec) == Coverage.IMPACT_NOT_YET_EVIDENCED


def test_complete_but_indicator_unchanged_is_impact_not_yet_evidenced():
    rec = _recommendation()
    same = _indicator_with_figures(Indicator.Polarity.LOWER_IS_BETTER, at_inspection=300, now=300)
    _action(rec, indicators=[same])
    assert _state(rec) == Coverage.IMPACT_NOT_YET_EVIDENCED


def test_complete_but_no_figure_since_the_inspection_is_impact_not_yet_evidenced():
    rec = _recommendation()
    indicator = factories.IndicatorFactory(polarity=Indicator.Polarity.LOWER_IS_BETTER)
    factories.ObservationFactory(indicator=indicator, period_end=datetime.date(2015, 6, 30), value=10)
    _action(rec, indicators=[indicator])
    assert _state(rec) == Coverage.IMPACT_NOT_YET_EVIDENCED


def test_complete_and_every_polarity_indicator_better_is_complete_and_improved():
    rec = _recommendation()
    lower = _indicator_with_figures(Indicator.Polarity.LOWER_IS_BETTER, at_inspection=3617, now=2565)
    higher = _indicator_with_figures(Indicator.Polarity.HIGHER_IS_BETTER, at_inspection=61, now=85)
    # A context indicator going either way decides nothing.
    context = _indicator_with_figures(Indicator.Polarity.CONTEXT, at_inspection=50, now=90)
    _action(rec, indicators=[lower, higher, context])
    assert _state(rec) == Coverage.COMPLETE_AND_IMPROVED


def test_only_context_indicators_linked_is_actions_complete():
    rec = _recommendation()
    context = _indicator_with_figures(Indicator.Polarity.CONTEXT, at_inspection=50, now=90)
    _action(rec, indicators=[context])
    assert _state(rec) == Coverage.ACTIONS_COMPLETE


def test_indicators_of_withdrawn_actions_are_ignored():
    rec = _recommendation()
    worse = _indicator_with_figures(Indicator.Polarity.HIGHER_IS_BETTER, at_inspection=80, now=70)
    _action(rec)
    _action(rec, status=Action.Status.WITHDRAWN, indicators=[worse])
    assert _state(rec) == Coverage.ACTIONS_COMPLETE


def test_trend_compares_latest_figure_at_inspection_with_latest_figure_now():
    rec = _recommendation()
    indicator = _indicator_with_figures(Indicator.Polarity.LOWER_IS_BETTER, at_inspection=3617, now=2565)
    factories.ObservationFactory(indicator=indicator, period_end=datetime.date(2026, 7, 31), value=5000)
    _action(rec, indicators=[indicator])

    [line] = recommendation_coverage(Recommendation.objects.filter(pk=rec.pk), AS_AT)

    [trend] = line.trends
    assert (trend.baseline_date, trend.baseline) == (datetime.date(2015, 6, 30), 3617)
    assert (trend.latest_date, trend.latest) == (datetime.date(2026, 5, 31), 2565)  # July 2026 is after AS_AT
    assert trend.direction == "better"
    assert change_text(trend.change, "count") == "1,052 (29%)"


def test_baseline_is_the_end_date_when_the_inspection_is_not_published():
    rec = factories.RecommendationFactory(
        inspection__published_date=None, inspection__end_date=datetime.date(2015, 6, 4)
    )
    indicator = factories.IndicatorFactory(polarity=Indicator.Polarity.LOWER_IS_BETTER)
    factories.ObservationFactory(indicator=indicator, period_end=datetime.date(2015, 5, 31), value=10)
    factories.ObservationFactory(indicator=indicator, period_end=datetime.date(2015, 6, 30), value=12)
    _action(rec, indicators=[indicator])

    [line] = recommendation_coverage([rec], datetime.date(2015, 7, 1))

    assert line.trends[0].baseline == 10
    assert line.trends[0].direction == "worse"


def test_comparator_figures_are_not_the_councils_trend():
    rec = _recommendation()
    indicator = _indicator_with_figures(Indicator.Polarity.LOWER_IS_BETTER, at_inspection=300, now=300)
    england = factories.AuthorityFactory(code="england", name="England", kind="england")
    factories.ObservationFactory(indicator=indicator, authority=england, period_end=datetime.date(2026, 6, 30), value=1)
    _action(rec, indicators=[indicator])
    assert _state(rec) == Coverage.IMPACT_NOT_YET_EVIDENCED


def test_related_recommendations_group_into_one_line_with_every_source():
    ofsted = _recommendation(text="Reduce social worker caseloads")
    lga = factories.RecommendationFactory(text="Caseloads are too high", inspection__published_date=PUBLISHED)
    dfe = factories.RecommendationFactory(text="Manageable caseloads", inspection__published_date=PUBLISHED)
    alone = _recommendation(text="Improve supervision")
    ofsted.related.add(lga)
    lga.related.add(dfe)  # related through lga: one group of three
    _action(lga, status=Action.Status.IN_PROGRESS)
    recs = Recommendation.objects.filter(pk__in=[ofsted.pk, lga.pk, dfe.pk, alone.pk]).order_by("pk")

    lines = recommendation_coverage(recs, AS_AT, group_related=True)

    assert [[r.pk for r in line.recommendations] for line in lines] == [[ofsted.pk, lga.pk, dfe.pk], [alone.pk]]
    assert lines[0].state == Coverage.IN_PROGRESS  # the group is answered by any member's actions
    assert lines[1].state == Coverage.NOT_COVERED
    assert len(recommendation_coverage(recs, AS_AT)) == 4


def test_summary_counts_every_state(django_assert_num_queries):
    _recommendation()
    _recommendation()
    indicator = _indicator_with_figures(Indicator.Polarity.LOWER_IS_BETTER, at_inspection=3, now=1)
    _action(_recommendation(), status=Action.Status.IN_PROGRESS, indicators=[indicator])
    _action(_recommendation(), indicators=[indicator])
    worse = _indicator_with_figures(Indicator.Polarity.HIGHER_IS_BETTER, at_inspection=3, now=1)
    _action(_recommendation(), indicators=[indicator, worse])
    _action(_recommendation(), status=Action.Status.WITHDRAWN, indicators=[indicator])
    _action(_recommendation())

    # Per recommendation counted and open actions (a GROUP BY), how many recommendations, the fully complete ones'
    # indicators, their figures.
    with django_assert_num_queries(4):
        summary = coverage_summary(AS_AT)

    assert list(summary) == list(Coverage)
    assert summary[Coverage.NOT_COVERED] == 3
    assert summary[Coverage.IN_PROGRESS] == 1
    assert summary[Coverage.COMPLETE_AND_IMPROVED] == 1
    assert summary[Coverage.IMPACT_NOT_YET_EVIDENCED] == 1
    assert summary[Coverage.ACTIONS_COMPLETE] == 1
    lines = recommendation_coverage(Recommendation.objects.all(), AS_AT)
    assert summary == {state: sum(line.state == state for line in lines) for state in Coverage}
    for day in (AS_AT - datetime.timedelta(days=1), timezone.localdate()):
        lines = recommendation_coverage(Recommendation.objects.all(), day)
        assert coverage_summary(day) == {state: sum(line.state == state for line in lines) for state in Coverage}


def _many(n):
    for i in range(n):
        rec = _recommendation()
        indicator = _indicator_with_figures(Indicator.Polarity.LOWER_IS_BETTER, at_inspection=10 + i, now=i)
        _action(rec, indicators=[indicator])
        _action(rec, status=Action.Status.IN_PROGRESS)
        rec.related.add(_recommendation())


@pytest.mark.parametrize("n", [2, 20])
def test_coverage_query_count_does_not_grow_with_data(n, django_assert_num_queries):
    _many(n)
    with django_assert_num_queries(5):
        lines = recommendation_coverage(Recommendation.objects.all(), timezone.localdate(), group_related=True)
        assert len(lines) == n
    # A past date reads the actions as they stood then: one more query, for their stored intervals.
    with django_assert_num_queries(6):
        lines = recommendation_coverage(Recommendation.objects.all(), AS_AT, group_related=True)
        assert len(lines) == n


def test_coverage_lines_compute_the_lines_asked_for_as_the_whole_list_would():
    _many(3)
    recommendations = Recommendation.objects.order_by("id")
    whole = [(line.recommendation.pk, line.state) for line in recommendation_coverage(recommendations, AS_AT)]
    lines = CoverageLines(recommendations, AS_AT)

    assert len(lines) == 6
    assert [(line.recommendation.pk, line.state) for line in lines] == whole
    assert [(line.recommendation.pk, line.state) for line in lines[2:5]] == whole[2:5]
    assert (lines[5].recommendation.pk, lines[5].state) == whole[5]
    with pytest.raises(IndexError):
        lines[6]
