"""The recommendation tracker and a recommendation's page: filters, grouping, export, escaping, query counts."""

import datetime
import random

import pytest
from django.urls import reverse
from django.utils import timezone

from improvement.models import Action, Plan
from improvement.tracker import coverage
from improvement.tracker.coverage import Coverage, recommendation_coverage
from inspections.models import Recommendation
from performance.models import Indicator
from tests import factories

pytestmark = pytest.mark.django_db
AS_AT = "2026-06-30"
TRACKER = reverse("improvement:recommendation_list")


@pytest.fixture
def priority(manager):
    return factories.PriorityFactory(lead=manager, plan__owner=manager)


def _link(recommendation, priority, status=Action.Status.IN_PROGRESS, indicators=()):
    action = factories.ActionFactory(priority=priority, owner=priority.lead, status=status)
    action.recommendations.add(recommendation)
    action.indicators.add(*indicators)
    return action


def _tracker(client, **params):
    return client.get(TRACKER, {"as_at": AS_AT, **params})


def _texts(response):
    return [line.recommendation.text for line in response.context["table"].data]


def test_anonymous_is_sent_to_login(client):
    response = client.get(TRACKER)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_tracker_shows_source_due_date_actions_and_coverage(committee_client, priority):
    rec = factories.RecommendationFactory(
        text="Reduce caseloads",
        inspection__title="Ofsted SIF 2015",
        inspection__published_date=datetime.date(2015, 7, 20),
        timescale=Recommendation.Timescale.WITHIN_6_MONTHS,
    )
    action = _link(rec, priority)
    action.reference = "3.2"
    action.save()

    page = _tracker(committee_client).content.decode()

    assert "Ofsted SIF 2015" in page and "Reduce caseloads" in page and "20 Jan 2016" in page
    # Outside its plan the action is named with its plan's short name (issue 12 item 9).
    assert f">{action.priority.plan.short_label} 3.2</a>" in page
    assert 'class="coverage coverage-in_progress">In progress' in page
    assert page.count("<h1") == 1


def test_coverage_filter_not_covered_shows_only_uncovered(committee_client, priority):
    factories.RecommendationFactory(text="Nobody answers this")
    _link(factories.RecommendationFactory(text="Being answered"), priority)
    _link(factories.RecommendationFactory(text="Answered"), priority, status=Action.Status.COMPLETE)

    response = _tracker(committee_client, coverage=Coverage.NOT_COVERED)

    assert _texts(response) == ["Nobody answers this"]
    counts = {item["state"]: item["count"] for item in response.context["coverage_counts"]}
    assert counts[Coverage.NOT_COVERED] == 1 and counts[Coverage.IN_PROGRESS] == 1
    assert counts[Coverage.ACTIONS_COMPLETE] == 1
    assert _texts(_tracker(committee_client, coverage=Coverage.ACTIONS_COMPLETE)) == ["Answered"]


def test_filters_by_inspection_addressee_and_timescale(committee_client):
    ofsted = factories.InspectionFactory(title="Ofsted")
    factories.RecommendationFactory(inspection=ofsted, text="Ofsted LA 3 months")
    factories.RecommendationFactory(inspection=ofsted, text="Ofsted LSCB", addressee=Recommendation.Addressee.LSCB)
    factories.RecommendationFactory(
        inspection=ofsted, text="Ofsted immediately", timescale=Recommendation.Timescale.IMMEDIATELY
    )
    factories.RecommendationFactory(text="Another review")

    assert sorted(_texts(_tracker(committee_client, inspection=ofsted.pk))) == [
        "Ofsted LA 3 months",
        "Ofsted LSCB",
        "Ofsted immediately",
    ]
    assert _texts(_tracker(committee_client, addressee="lscb")) == ["Ofsted LSCB"]
    assert _texts(_tracker(committee_client, timescale="immediately")) == ["Ofsted immediately"]


def test_bad_filter_value_is_reported_not_an_error(committee_client):
    response = _tracker(committee_client, coverage="nonsense")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_grouping_shows_related_recommendations_as_one_line_with_every_source(committee_client):
    ofsted = factories.RecommendationFactory(text="Reduce caseloads", inspection__title="Ofsted 2015")
    lga = factories.RecommendationFactory(text="Caseloads too high", inspection__title="LGA peer review 2016")
    ofsted.related.add(lga)
    factories.RecommendationFactory(text="Improve supervision")

    separate = _tracker(committee_client)
    grouped = _tracker(committee_client, group="on")

    assert len(separate.context["table"].data) == 3
    lines = list(grouped.context["table"].data)
    assert len(lines) == 2
    [pair] = [line for line in lines if len(line.recommendations) == 2]
    assert {r.inspection.title for r in pair.recommendations} == {"Ofsted 2015", "LGA peer review 2016"}
    page = grouped.content.decode()
    assert "Ofsted 2015</a>, recommendation" in page and "LGA peer review 2016</a>, recommendation" in page


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_tracker_exports_what_it_shows_with_computed_columns(fmt, committee_client, priority):
    factories.RecommendationFactory(text="=cmd|' /C calc'!A0 uncovered")
    _link(factories.RecommendationFactory(text="Answered"), priority, status=Action.Status.COMPLETE)

    response = _tracker(committee_client, coverage=Coverage.NOT_COVERED, _export=fmt)

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="recommendations.{fmt}"'
    if fmt == "csv":
        body = response.content.decode()
        assert "Coverage" in body and "Not covered" in body and "'=cmd" in body
        assert "Answered" not in body


def test_text_is_escaped(committee_client):
    rec = factories.RecommendationFactory(text="<script>alert(1)</script>")
    for url in (TRACKER, reverse("improvement:recommendation_detail", args=[rec.pk])):
        page = committee_client.get(url).content.decode()
        assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def _data(n, priority, manager):
    inspections = [factories.InspectionFactory() for _ in range(2)]
    indicator = factories.IndicatorFactory(polarity=Indicator.Polarity.LOWER_IS_BETTER)
    factories.ObservationFactory(indicator=indicator, period_end=datetime.date(2015, 6, 30), value=10)
    factories.ObservationFactory(indicator=indicator, period_end=datetime.date(2026, 5, 31), value=5)
    recs = []
    for i in range(n):
        rec = factories.RecommendationFactory(inspection=inspections[i % 2])
        for status in (Action.Status.COMPLETE, Action.Status.IN_PROGRESS):
            action = factories.ActionFactory(priority=priority, owner=manager, status=status)
            action.recommendations.add(rec)
            action.indicators.add(indicator)
        if recs:
            rec.related.add(recs[-1])
        recs.append(rec)
    return recs


@pytest.mark.parametrize("n", [3, 30])
def test_tracker_query_count_is_fixed(n, committee_client, priority, manager, django_assert_num_queries):
    _data(n, priority, manager)
    # session, user, groups, inspections for the filter, recommendations, actions, indicators, figures, related
    with django_assert_num_queries(9):
        response = committee_client.get(TRACKER, {"group": "on"})
    assert response.status_code == 200
    # As at a past date the actions are read as they stood then: one more, for their stored intervals.
    with django_assert_num_queries(10):
        response = _tracker(committee_client, group="on")
    assert response.status_code == 200


def _generated(priority, manager, count=40, seed=18):
    """Recommendations answered every way the tracker shows: no action, only withdrawn ones, open ones, complete
    ones naming indicators that improved, worsened or only give context, and mixtures."""
    chance = random.Random(seed)
    inspections = [
        factories.InspectionFactory(published_date=datetime.date(2015, 7, 20)),
        factories.InspectionFactory(published_date=None, end_date=datetime.date(2016, 2, 1)),
    ]
    indicators = []
    for polarity, old, new in (("lower", 10, 5), ("higher", 10, 5), ("context", 10, 5), ("lower", 5, 10)):
        indicator = factories.IndicatorFactory(polarity=polarity)
        factories.ObservationFactory(indicator=indicator, period_end=datetime.date(2015, 6, 30), value=old)
        factories.ObservationFactory(indicator=indicator, period_end=datetime.date(2026, 5, 31), value=new)
        indicators.append(indicator)
    statuses = [Action.Status.COMPLETE, Action.Status.COMPLETE, Action.Status.IN_PROGRESS, Action.Status.WITHDRAWN]
    for n in range(count):
        rec = factories.RecommendationFactory(inspection=inspections[n % 2], number=n + 1)
        for _ in range(chance.choice([0, 1, 1, 2, 3])):
            status = chance.choice(statuses)
            done = {"progress": 100, "completed_date": datetime.date(2026, 3, 1)} if status == "complete" else {}
            action = factories.ActionFactory(priority=priority, owner=manager, status=status, **done)
            action.recommendations.add(rec)
            action.indicators.add(*chance.sample(indicators, chance.choice([0, 1, 2])))


@pytest.mark.parametrize("as_at", [None, AS_AT])
def test_tracker_filters_in_the_database_as_it_did_in_python(committee_client, priority, manager, as_at):
    _generated(priority, manager)
    day = datetime.date.fromisoformat(as_at) if as_at else timezone.localdate()
    ordered = Recommendation.objects.order_by("-inspection__start_date", "inspection_id", "addressee", "number", "id")
    every_line = recommendation_coverage(ordered, day)  # what the page computed before, then filtered
    assert len({line.state for line in every_line}) >= (5 if as_at is None else 1)
    params = {"as_at": as_at} if as_at else {}

    for wanted in ["", *Coverage]:
        shown, page, pages = [], 0, 1
        while page < pages:
            page += 1
            response = committee_client.get(TRACKER, {**params, "coverage": wanted, "per_page": 25, "page": page})
            table = response.context["table"]
            shown += _page(response)
            pages = table.paginator.num_pages
        expected = [(line.recommendation.pk, line.state) for line in every_line if not wanted or line.state == wanted]
        assert shown == expected, wanted
        counts = {item["state"]: item["count"] for item in response.context["coverage_counts"]}
        assert counts == {state: sum(line.state == state for line in every_line) for state in Coverage}


@pytest.mark.parametrize("n", [3, 60])
def test_tracker_page_computes_only_its_own_lines(
    n, committee_client, priority, manager, monkeypatch, django_assert_num_queries
):
    _data(n, priority, manager)
    measure = Action.objects.first().indicators.get()  # a complete answer too, so its trend is read
    _link(factories.RecommendationFactory(), priority, status=Action.Status.COMPLETE, indicators=[measure])
    computed = []

    def lines(recommendations, *args, **kwargs):
        computed.append(len(recommendations))
        return recommendation_coverage(recommendations, *args, **kwargs)

    monkeypatch.setattr(coverage, "recommendation_coverage", lines)
    # session, user, groups, inspections for the filter; the states: actions counted and open per recommendation,
    # the complete ones' indicators, their figures, and how many recommendations; the page: how many lines, its
    # recommendations, their actions, indicators and figures.
    with django_assert_num_queries(13):
        response = committee_client.get(TRACKER, {"per_page": 25})

    assert response.status_code == 200
    assert computed == [min(n + 1, 25)]  # the lines of one page, however many recommendations there are
    # No column sorts: a sort asked for in the address changes nothing.
    for sort in ("coverage", "-due_date", ""):
        again = committee_client.get(TRACKER, {"per_page": 25, "sort": sort})
        assert _page(again) == _page(response)


def _page(response):
    return [(row.record.recommendation.pk, row.record.state) for row in response.context["table"].page]


@pytest.mark.parametrize("n", [3, 30])
def test_recommendation_page_query_count_is_fixed(n, admin_client, priority, manager, django_assert_num_queries):
    recs = _data(n, priority, manager)
    rec = recs[1]
    for other in recs[2:]:
        rec.related.add(other)
    url = reverse("improvement:recommendation_detail", args=[rec.pk])
    # session, user, groups, recommendation, actions, indicators, figures, linkable actions, related,
    # recommendations offered as related
    with django_assert_num_queries(10):
        response = admin_client.get(url)
    assert response.status_code == 200
    # As at a past date, one more: the linked actions' stored intervals.
    with django_assert_num_queries(11):
        response = admin_client.get(url, {"as_at": AS_AT})
    assert response.status_code == 200


def test_recommendation_page_shows_actions_and_indicator_trend_since_the_inspection(committee_client, priority):
    rec = factories.RecommendationFactory(inspection__published_date=datetime.date(2015, 7, 20))
    indicator = factories.IndicatorFactory(name="Unallocated cases", polarity=Indicator.Polarity.LOWER_IS_BETTER)
    factories.ObservationFactory(indicator=indicator, period_end=datetime.date(2015, 5, 19), value=3617)
    factories.ObservationFactory(indicator=indicator, period_end=datetime.date(2026, 5, 31), value=2565)
    _link(rec, priority, status=Action.Status.COMPLETE, indicators=[indicator])

    response = committee_client.get(reverse("improvement:recommendation_detail", args=[rec.pk]), {"as_at": AS_AT})

    page = response.content.decode()
    assert response.context["line"].state == Coverage.COMPLETE_AND_IMPROVED
    assert "Complete and improved" in page and "Unallocated cases" in page
    assert "3,617" in page and "2,565" in page and "Reduction of 1,052 (29%)" in page
    assert 'class="trend-better">Better' in page
    assert "Link action" not in page and "Mark as related" not in page  # committee members only read


def test_missing_recommendation_is_404(committee_client):
    assert committee_client.get(reverse("improvement:recommendation_detail", args=[999])).status_code == 404


def test_every_filter_has_a_readable_label(committee_client):
    form = committee_client.get(TRACKER).context["filter"].form
    assert [field.label for field in form] == [
        "Inspection",
        "Addressed to",
        "Timescale",
        "Reviews",
        "Coverage",
        "Show related recommendations as one line",
    ]


def test_active_plans_scope_keeps_only_recommendations_of_inspections_live_plans_respond_to(committee_client, priority):
    live = factories.InspectionFactory(title="Ofsted 2024")
    priority.plan.inspections.add(live)
    closed = factories.PlanFactory(status=Plan.Status.CLOSED)
    closed.inspections.add(old := factories.InspectionFactory(title="Ofsted 2012"))
    factories.RecommendationFactory(inspection=live, text="Live")
    factories.RecommendationFactory(inspection=old, text="Old")
    factories.RecommendationFactory(text="No plan")

    assert _texts(_tracker(committee_client, scope="active_plans")) == ["Live"]
    assert sorted(_texts(_tracker(committee_client))) == ["Live", "No plan", "Old"]
