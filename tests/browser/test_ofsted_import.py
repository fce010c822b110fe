"""An admin uploads an Ofsted report, corrects one grade and saves; the inspection page shows the correction;
uploading the same report again offers to update it rather than create a duplicate."""

import os
from pathlib import Path

from playwright.sync_api import expect

from inspections.models import Inspection
from tests import factories
from tests.inspections.ofsted_pdf.conftest import DATA

SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp"))
REPORT = DATA / "80572_torbay_18_may_2022.pdf"


def _upload(page):
    page.get_by_role("link", name="Inspections").first.click()
    page.get_by_role("link", name="Import an Ofsted report (PDF)").click()
    page.get_by_label("Ofsted report (PDF)").set_input_files(str(REPORT))
    page.get_by_role("button", name="Read the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the report before saving")


def test_admin_uploads_corrects_a_grade_saves_and_reupload_offers_update(live_server, strict_page, login):
    admin = factories.AdminFactory(username="pat.admin")
    page = strict_page
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, admin)

    _upload(page)
    expect(page.get_by_label("Council")).to_have_value("Torbay")
    expect(page.locator("#judgement-1 legend")).to_contain_text("page 1")
    expect(page.locator(".warning-summary")).to_contain_text("publication date")
    page.screenshot(path=str(SCREENSHOTS / "ofsted-import-preview.png"), full_page=True)
    wide = page.evaluate(
        """[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth)
        .slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + e.getBoundingClientRect().right)"""
    )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), wide
    page.screenshot(path=str(SCREENSHOTS / "ofsted-import-preview.png"), full_page=True)
    judgement = page.locator("#judgement-2")
    expect(judgement.locator("#id_j-1-area")).to_have_value(
        "The experiences and progress of children who need help and protection"
    )
    judgement.locator("#id_j-1-grade").select_option(label="Requires improvement")
    page.get_by_label("Published").fill("2022-05-18")
    page.get_by_role("button", name="Save the inspection").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ofsted inspection of Torbay children's services")
    row = page.get_by_role("row", name="The experiences and progress of children who need help and protection")
    expect(row).to_contain_text("Requires improvement")
    expect(page.get_by_text("18 May 2022")).to_be_visible()

    _upload(page)
    expect(page.locator("#existing")).to_contain_text("already held")
    page.get_by_label("Update the inspection already held for this council and dates").check()
    page.get_by_role("button", name="Save (updates the inspection if ticked above)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ofsted inspection of Torbay children's services")
    assert Inspection.objects.count() == 1
