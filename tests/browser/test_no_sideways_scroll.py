"""At phone (390 px) and laptop (1366 px) widths no page scrolls sideways: the document is exactly as wide as the
viewport on the dashboard, My actions, the action list, the tracker and a report page (WCAG 2.2 reflow)."""

import pytest
from django.urls import reverse

from improvement.reports import services
from tests import factories as f
from tests.improvement.reports.conftest import make_plan


@pytest.fixture
def pages(db, admin_user, manager):
    plan, _ = make_plan(owner=manager)
    inspection = f.InspectionFactory()
    f.RecommendationFactory(inspection=inspection, number=1, text="Ensure that " + "every child is seen " * 20)
    plan.inspections.add(inspection)
    report = f.CommitteeReportFactory(author=admin_user, purpose="To provide an update. " * 30)
    report.plans.add(plan)
    issued = services.report_issue(report=report, user=admin_user)
    return [
        reverse("home") + "?as_at=2015-09-01",
        reverse("improvement:my_actions"),
        reverse("improvement:action_list") + "?as_at=2015-09-01",
        reverse("improvement:recommendation_list"),
        issued.get_absolute_url(),
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
