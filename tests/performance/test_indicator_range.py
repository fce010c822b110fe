"""Issue 12 item 11: an indicator page shows a range of periods (last 12 / 24 / 36 months or all, default 24); its
chart's y axis is scaled to what it draws and its table and download follow the range."""

import datetime
import json
import re

import pytest

from performance.rules import period_end_after
from tests import factories

pytestmark = pytest.mark.django_db
FIRST = datetime.date(2015, 1, 31)


@pytest.fixture
def indicator():
    council = factories.AuthorityFactory()
    indicator = factories.IndicatorFactory(code="cla_range", name="Children looked after", unit="count")
    factories.TargetFactory(indicator=indicator, value=120, tolerance=10, effective_from=FIRST)
    for n in range(40):
        value = 5000 if n == 0 else 100 + n  # a 2015 peak, then steady figures
        factories.ObservationFactory(
            indicator=indicator, authority=council, period_end=period_end_after(FIRST, n), value=value
        )
    return indicator


def _page(client, indicator, query=""):
    html = client.get(indicator.get_absolute_url() + query).content.decode()
    table = html[html.index('class="data-table periods-table"') :]
    periods = re.findall(r'<th scope="row">([^<]+)</th>', table[: table.index("</table>")])
    spec = json.loads(
        re.search(r'<script id="indicator-chart-data" type="application/json">(.*?)</script>', html, re.S)[1]
    )
    return html, periods, spec


def test_the_last_24_months_by_default_with_the_axis_scaled_to_them(committee_client, indicator):
    html, periods, spec = _page(committee_client, indicator)
    assert len(periods) == 24 and periods[0] == "Apr 2018" and periods[-1] == "May 2016"
    council = next(t for t in spec["data"] if t["name"] == "Sunderland")
    assert len(council["y"]) == 24 and max(council["y"]) == 139
    top = spec["layout"]["yaxis"]["range"][1]
    assert 139 <= top < 200  # not scaled by the 5,000 of January 2015
    assert "24 of 40 periods" in html
    assert '<option value="24" selected>' in html


@pytest.mark.parametrize(
    ("query", "count"), [("?range=12", 12), ("?range=36", 36), ("?range=all", 40), ("?range=7", 24)]
)
def test_each_range_shows_its_periods_and_an_unknown_one_the_default(committee_client, indicator, query, count):
    _, periods, spec = _page(committee_client, indicator, query)
    assert len(periods) == count
    council = next(t for t in spec["data"] if t["name"] == "Sunderland")
    assert len(council["y"]) == count
    assert (spec["layout"]["yaxis"]["range"][1] >= 5000) == (count == 40)


def test_the_first_period_shown_keeps_its_direction_of_travel(committee_client, indicator):
    html, _, _ = _page(committee_client, indicator, "?range=12")
    first_row = html[html.index('<th scope="row">May 2017</th>') :].split("</tr>")[0]
    assert "Worse" in first_row  # 128 after 127, lower is better: judged against the period before the range


def test_the_download_follows_the_range(committee_client, indicator):
    csv = committee_client.get(indicator.get_absolute_url() + "?range=12&_export=csv").content.decode()
    assert len(csv.strip().splitlines()) == 1 + 12
    assert "Value (count)" in csv.splitlines()[0]
