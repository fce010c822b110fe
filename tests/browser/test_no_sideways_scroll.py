"""At phone (390 px) and laptop (1366 px) widths no page scrolls sideways: the document is exactly as wide as the
viewport on the dashboard, My actions, the action list, the tracker, a report page, a red action with its reason,
the RAG rules page and an indicator page with its range control (WCAG 2.2 reflow). Screenshots go to
$SCREENSHOT_DIR when it is set."""

import datetime
import os
from pathlib import Path

import pytest
from django.urls import reverse

from improvement.reports import services
from performance.rules import period_end_after
from tests import factories as f
from tests.improvement.reports.conftest import make_plan

D = datetime.date


@pytest.fixture
def pages(db, admin_user, manager):
    plan, made = make_plan(owner=manager)
    inspection = f.InspectionFactory()
    f.RecommendationFactory(inspection=inspection, number=1, text="Ensure that " + "every child is seen " * 20)
    plan.inspections.add(inspection)
    report = f.CommitteeReportFactory(author=admin_user, purpose="To provide an update. " * 30)
    report.plans.add(plan)
    issued = services.report_issue(report=report, user=admin_user)
    council = f.AuthorityFactory()
    indicator = f.IndicatorFactory(code="range_page", name="Re-referrals within 12 months", unit="percent")
    f.TargetFactory(indicator=indicator, value=18, tolerance=1)
    for n, value in enumerate([25, 22, 19.5, 18, 21, 17.5]):
        f.ObservationFactory(
            indicator=indicator, authority=council, period_end=period_end_after(D(2024, 1, 31), n), value=value
        )
    return [
        reverse("home") + "?as_at=2015-09-01",
        reverse("improvement:my_actions"),
        reverse("improvement:action_list") + "?as_at=2015-09-01",
        reverse("improvement:recommendation_list"),
        issued.get_absolute_url(),
        made["late"].get_absolute_url() + "?as_at=2015-09-01",  # red, with its reason beside the colour
        reverse("improvement:rag_rules"),
        indicator.get_absolute_url(),
    ]


@pytest.mark.parametrize("width", [390, 1366])
def test_no_page_scrolls_sideways(live_server, page, login, manager, pages, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, manager)
    for url in pages:
        page.goto(live_server.url + url)
        page.wait_for_load_state("load")
        scroll, viewport = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert scroll == viewport, f"{url} at {width}px is {scroll}px wide"
        if shots := os.environ.get("SCREENSHOT_DIR"):
            name = url.strip("/").split("?")[0].replace("/", "-") or "home"
            page.screenshot(path=str(Path(shots) / f"{name}-{width}.png"), full_page=True)
