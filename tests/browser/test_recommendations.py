"""The recommendation tracker in a real browser: the committee member's "not covered" view, and the admin linking
a recommendation to an action through the action page, after which it leaves that view."""

import datetime
import os
from pathlib import Path

from django.urls import reverse
from playwright.sync_api import expect

from improvement.models import Action
from tests import factories
from tests.inspections.seed_001 import southampton_2012

SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp"))


def _tracker_rows(page):
    return page.locator("table.tracker tbody tr")


def test_committee_filters_not_covered_and_admin_linking_removes_it(live_server, strict_page, login, browser):
    inspection = factories.InspectionFactory(title="Ofsted SIF 2015", published_date=datetime.date(2015, 7, 20))
    uncovered = factories.RecommendationFactory(
        inspection=inspection, number=4, text="Ensure that supervision is regular and recorded"
    )
    factories.RecommendationFactory(inspection=inspection, number=5, text="Reduce the number of agency workers")
    answered = factories.RecommendationFactory(inspection=inspection, number=1, text="Reduce caseloads")
    action = factories.ActionFactory(reference="2.1", description="Recruit permanent social workers")
    action.recommendations.add(answered)
    factories.ActionFactory(reference="3.1", status=Action.Status.COMPLETE, progress=100).recommendations.add(
        factories.RecommendationFactory(inspection=inspection, number=2, text="Publish a sufficiency strategy")
    )
    committee = factories.CommitteeMemberFactory(username="cllr.read")
    admin = factories.AdminFactory(username="pat.admin")

    page = strict_page
    login(page, live_server, committee)
    page.get_by_role("link", name="Recommendations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recommendation tracker")
    expect(_tracker_rows(page)).to_have_count(4)
    page.get_by_label("Coverage", exact=True).select_option(label="Not covered")
    page.get_by_role("button", name="Apply filters").click()
    expect(_tracker_rows(page)).to_have_count(2)
    expect(page.locator("table.tracker")).to_contain_text(uncovered.text)
    expect(page.locator("table.tracker")).not_to_contain_text(answered.text)
    expect(page.locator("table.tracker tbody .coverage")).to_have_text(["Not covered", "Not covered"])
    page.screenshot(path=str(SCREENSHOTS / "recommendation-tracker-not-covered.png"), full_page=True)
    filtered_url = page.url

    admin_page = browser.new_page()
    login(admin_page, live_server, admin)
    admin_page.goto(live_server.url + action.get_absolute_url())
    admin_page.get_by_label("Find a recommendation by number or words").fill("supervision")
    admin_page.get_by_role("button", name="Search recommendations").click()
    expect(admin_page.get_by_role("heading", level=2, name="1 recommendation found")).to_be_visible()
    admin_page.get_by_role("button", name="Link recommendation LA R4 of Ofsted SIF 2015").click()
    expect(admin_page.get_by_role("status")).to_contain_text(
        f"Action {action.plan_reference} now answers Ofsted SIF 2015, recommendation LA R4"
    )
    expect(admin_page.locator("#recommendations")).to_contain_text(uncovered.text[:40])
    admin_page.close()

    page.goto(filtered_url)
    expect(_tracker_rows(page)).to_have_count(1)
    expect(page.locator("table.tracker")).not_to_contain_text(uncovered.text)
    expect(page.locator("table.tracker")).to_contain_text("Reduce the number of agency workers")


def test_tracker_and_inspection_page_screenshots(live_server, strict_page, login):
    inspection = southampton_2012()
    for number, text in enumerate(
        ["Ensure all children have an up-to-date chronology", "Reduce the turnover of social workers"], start=1
    ):
        factories.RecommendationFactory(inspection=inspection, number=number, text=text)
    manager = factories.ManagerFactory(username="lead.manager")
    action = factories.ActionFactory(priority__lead=manager, reference="1.1")
    action.recommendations.add(inspection.recommendations.first())
    committee = factories.CommitteeMemberFactory(username="cllr.screens")

    login(strict_page, live_server, committee)
    strict_page.goto(live_server.url + inspection.get_absolute_url())
    expect(strict_page.locator("h1")).to_have_count(1)
    table = strict_page.locator("table.self-assessment")
    expect(table.locator("tbody tr:not(.group-row)")).to_have_count(22)
    expect(table.locator("tr.differs")).to_have_count(16)
    expect(strict_page.get_by_text("16 of 22 judgements differ.")).to_be_visible()
    strict_page.screenshot(path=str(SCREENSHOTS / "inspection-seed-001.png"), full_page=True)

    strict_page.goto(live_server.url + reverse("improvement:recommendation_list"))
    expect(strict_page.locator("table.tracker tbody tr")).to_have_count(2)
    strict_page.screenshot(path=str(SCREENSHOTS / "recommendation-tracker.png"), full_page=True)
    strict_page.keyboard.press("Tab")
    expect(strict_page.locator(".skip-link")).to_be_focused()
