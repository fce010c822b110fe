"""An admin uploads a CSV of figures, checks the preview, commits, and sees the new period on the indicator page."""

import datetime
import os

from django.urls import reverse
from playwright.sync_api import expect

from performance.models import Indicator, Observation
from tests import factories
from tests.browser.helpers import log_in


def test_admin_uploads_previews_commits_and_sees_the_new_period(live_server, strict_page, tmp_path):
    admin = factories.AdminFactory(username="perf.admin")
    council = factories.AuthorityFactory()
    leeds = factories.AuthorityFactory(code="leeds", name="Leeds", kind="comparator", child_population=183000)
    indicator = factories.IndicatorFactory(
        code="unallocated_cases",
        name="Unallocated cases",
        unit=Indicator.Unit.COUNT,
        polarity=Indicator.Polarity.LOWER_IS_BETTER,
    )
    factories.TargetFactory(indicator=indicator, value=100, tolerance=50, effective_from=datetime.date(2015, 1, 1))
    for month, value in ((5, 1003), (6, 700), (7, 400)):
        factories.ObservationFactory(
            indicator=indicator, authority=council, period_end=datetime.date(2015, month, 28), value=value
        )
    factories.ObservationFactory(indicator=indicator, authority=leeds, period_end=datetime.date(2015, 7, 28), value=90)
    upload = tmp_path / "august.csv"
    upload.write_text(
        "indicator,period_end,value,authority,target,note\n"
        "unallocated_cases,2015-08-31,129,,,After the case review\n"
        "unallocated_cases,2015-08-31,95,leeds,,\n",
        encoding="utf-8",
    )
    page = strict_page
    log_in(page, live_server, admin)

    page.goto(live_server.url + reverse("performance:import"))
    page.get_by_label("Figures file (CSV or Excel .xlsx)").set_input_files(str(upload))
    page.get_by_role("button", name="Upload and preview").click()

    preview = page.locator(".import-preview")
    expect(preview).to_contain_text("2 new figures")
    expect(preview).to_contain_text("0 changed figures")
    expect(preview.locator("tbody tr").first).to_contain_text("129")
    assert Observation.objects.count() == 4  # nothing written before the admin commits
    page.get_by_role("button", name="Import these figures").click()
    expect(page.locator(".messages")).to_contain_text("august.csv imported: 2 new, 0 changed")

    page.goto(live_server.url + indicator.get_absolute_url())
    newest = page.locator(".periods-table tbody tr").first
    expect(newest.locator("th")).to_have_text("Aug 2015")  # a month-end figure is labelled by its month
    expect(newest).to_contain_text("129")
    # Target 100 with tolerance 50, lower is better: 129 is worse by 29, within tolerance, so amber.
    expect(newest.locator(".rag")).to_have_text("Amber")
    expect(newest.locator(".rag")).to_have_class("rag rag-amber")
    expect(newest).to_contain_text("Better")
    expect(newest).to_contain_text("95")
    chart = page.locator("#indicator-chart")
    expect(chart.locator(".main-svg").first).to_be_visible()
    # The council's series ends on the new period: plotly draws one marker per period (4 periods).
    expect(chart.locator(".scatterlayer .trace").last.locator(".point")).to_have_count(4)
    page.screenshot(path=os.environ.get("PERF_SCREENSHOT", str(tmp_path / "indicator.png")), full_page=True)
