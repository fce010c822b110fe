"""A recommendation's due date follows from its inspection's published date and its timescale."""

import datetime

import pytest

from inspections.models import Recommendation
from tests import factories

T = Recommendation.Timescale


@pytest.mark.parametrize(
    ("published", "timescale", "due"),
    [
        (datetime.date(2015, 7, 20), T.IMMEDIATELY, datetime.date(2015, 7, 20)),
        (datetime.date(2015, 7, 20), T.WITHIN_3_MONTHS, datetime.date(2015, 10, 20)),
        (datetime.date(2015, 7, 20), T.WITHIN_6_MONTHS, datetime.date(2016, 1, 20)),
        (datetime.date(2015, 7, 20), T.NONE, None),
        # Month ends: 31 August + 6 months is the last day of February, in leap and common years.
        (datetime.date(2015, 8, 31), T.WITHIN_6_MONTHS, datetime.date(2016, 2, 29)),
        (datetime.date(2016, 8, 31), T.WITHIN_6_MONTHS, datetime.date(2017, 2, 28)),
        (datetime.date(2015, 11, 30), T.WITHIN_3_MONTHS, datetime.date(2016, 2, 29)),
        (None, T.WITHIN_3_MONTHS, None),
    ],
)
def test_due_date_follows_from_published_date_and_timescale(published, timescale, due):
    inspection = factories.InspectionFactory.build(published_date=published)
    recommendation = factories.RecommendationFactory.build(inspection=inspection, timescale=timescale)
    assert recommendation.due_date == due
