"""Every chart in the product, read back from its figure data: a figure dated on a month's last day is drawn
under its own month's label (DESIGN.md "Dates have meanings"), and the table beside the chart names the same
month."""

import datetime
import json
import re
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from core.charts import dated_points, period_label
from improvement.models import CommitteeReport
from performance.models import Authority, Indicator

ISLAND = re.compile(r'<script id="([\w-]+)-data" type="application/json">(.*?)</script>', re.S)


def charts_on(page: str) -> dict[str, dict]:
    return {name: json.loads(body) for name, body in ISLAND.findall(page)}


def assert_months_are_their_own(spec: dict, page: str, *, table_agrees: bool) -> int:
    """Each point sits in its own month, placed mid-month on a period axis; returns how many points were read."""
    axis = spec["layout"]["xaxis"]
    assert axis["type"] == "date" and axis["ticklabelmode"] == "period" and axis["tickformat"] == "%b %Y"
    read = 0
    for trace in spec["data"]:
        assert trace["xperiod"] == "M1" and trace["xperiodalignment"] == "middle", trace.get("name")
        for x, exact in zip(trace["x"], trace["customdata"], strict=True):
            day = datetime.date.fromisoformat(exact)
            drawn = datetime.date.fromisoformat(x)
            assert (drawn.year, drawn.month, drawn.day) == (day.year, day.month, 1), (trace.get("name"), x, exact)
            if table_agrees:
                assert period_label(day) in page, f"{exact} is charted but its table does not name {period_label(day)}"
            read += 1
    return read


def test_the_helper_puts_31_october_under_october_not_november():
    points = dated_points([datetime.date(2026, 10, 31), datetime.date(2024, 2, 29), datetime.date(2015, 5, 19)])
    assert points["x"] == ["2026-10-01", "2024-02-01", "2015-05-01"]
    assert period_label(datetime.date(2026, 10, 31)) == "Oct 2026"
    assert period_label(datetime.date(2015, 5, 19)) == "19 May 2015"


@pytest.fixture
def reader(demo):
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def test_every_chart_labels_each_monthly_point_with_its_own_month(demo, reader):
    pages: list[tuple[str, bool]] = [(reverse("home"), True)]
    for indicator in Indicator.objects.filter(observations__isnull=False).distinct():
        pages.append((reverse("performance:indicator_detail", args=[indicator.code]), True))
    counts = Indicator.objects.filter(unit=Indicator.Unit.COUNT, observations__isnull=False).distinct()
    for indicator in counts[:3]:
        codes = Authority.objects.filter(observations__indicator=indicator).values_list("code", flat=True)
        query = {
            "indicator": indicator.code,
            "authorities": sorted(set(codes)),
            "start": "2014-01-01",
            "end": "2030-01-01",
        }
        pages.append((reverse("performance:comparison") + "?" + urlencode(query, doseq=True), False))
    for report in CommitteeReport.objects.all():
        pages.append((report.get_absolute_url(), False))
    charts_seen = points_seen = 0
    for url, table_agrees in pages:
        page = reader.get(url).content.decode()
        for spec in charts_on(page).values():
            charts_seen += 1
            points_seen += assert_months_are_their_own(spec, page, table_agrees=table_agrees)
    assert charts_seen > 10 and points_seen > 500
