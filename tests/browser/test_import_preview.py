"""The import preview of a file whose old target recolours later periods, at phone and desktop widths."""

import datetime
import os
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from performance import rules
from performance.catalogue import sync_catalogue
from performance.models import Indicator, Observation, Target
from tests import factories
from tests.browser.helpers import log_in

CASE = Path(__file__).resolve().parents[1] / "performance" / "data" / "import" / "A25_historic_target.csv"


@pytest.mark.parametrize("width", [390, 1366])
def test_preview_lists_periods_recoloured_by_an_old_target_without_horizontal_scroll(
    live_server, strict_page, tmp_path, width
):
    sync_catalogue(Indicator, only_missing=True)  # an earlier test in this process may have emptied the database
    admin = factories.AdminFactory(username="import.admin")
    council = factories.AuthorityFactory()
    indicator = Indicator.objects.get(code="assess_45wd_pct")
    Target.objects.create(indicator=indicator, value=85, effective_from=datetime.date(2017, 4, 1))
    for months in range(0, 90, 3):
        day = rules.period_end_after(datetime.date(2017, 4, 30), months)
        Observation.objects.create(indicator=indicator, authority=council, period_end=day, value=82)
    page = strict_page
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, admin)

    page.goto(live_server.url + reverse("performance:import"))
    page.get_by_label("Figures file (CSV or Excel .xlsx)").set_input_files(str(CASE))
    page.get_by_role("button", name="Upload and preview").click()

    table = page.locator(".colour-changes")
    expect(table.locator("tbody tr").first).to_contain_text("2019-05-31")
    expect(table).to_contain_text("a target set on an earlier period")
    expect(table.locator(".rag-green").first).to_have_text("Green")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert Target.objects.count() == 1  # nothing written before the admin commits
    page.screenshot(path=os.environ.get("IMPORT_SCREENSHOT", str(tmp_path / f"preview-{width}.png")), full_page=True)
