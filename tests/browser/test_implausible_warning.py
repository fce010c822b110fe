"""The admins' warning about stored figures with impossible period ends, at phone and desktop widths: readable,
WCAG 2.2 AA (axe), no sideways scroll, and the page still draws the plausible figures."""

import datetime
import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from performance.catalogue import sync_catalogue
from performance.models import Indicator, Observation
from tests import factories
from tests.browser.helpers import log_in
from tests.browser.test_accessibility import WCAG_AA, violations_report


@pytest.mark.parametrize("width", [390, 1366])
def test_indicator_page_warns_admins_of_impossible_period_ends(live_server, strict_page, tmp_path, width):
    sync_catalogue(Indicator, only_missing=True)  # an earlier test in this process may have emptied the database
    admin = factories.AdminFactory(username="periods.admin")
    council = factories.AuthorityFactory()
    contacts = Indicator.objects.get(code="contacts")
    for month in (5, 6, 7):
        Observation.objects.create(
            indicator=contacts, authority=council, period_end=datetime.date(2015, month, 28), value=100 + month
        )
    for day, value in ((datetime.date(9999, 12, 31), 321), (datetime.date(2062, 3, 31), 654)):
        Observation.objects.create(indicator=contacts, authority=council, period_end=day, value=value)
    page = strict_page
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, admin)

    page.goto(live_server.url + contacts.get_absolute_url())

    warning = page.get_by_role("region", name="Warning: figures with impossible period ends")
    expect(warning).to_contain_text("9999-12-31: 321")
    expect(warning).to_contain_text("2062-03-31: 654")
    expect(page.locator(".periods-table tbody tr")).to_have_count(3)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    assert not results.response["violations"], violations_report(contacts.get_absolute_url(), results)
    page.screenshot(path=os.environ.get("PERIODS_SCREENSHOT", str(tmp_path / f"warning-{width}.png")), full_page=True)
