"""A committee member opens the dashboard, follows a red count to the actions behind it, opens the latest issued
report and downloads its PDF."""

from django.urls import reverse

from improvement.reports import services
from tests import factories as f
from tests.improvement.reports.conftest import make_plan


def test_committee_member_follows_red_count_to_actions_and_downloads_report_pdf(
    live_server, page, login, admin_user, committee_member, tmp_path
):
    plan, actions = make_plan()
    committee = f.CommitteeFactory(name="Audit and governance committee")
    report = f.CommitteeReportFactory(committee=committee, author=admin_user, purpose="To provide an update.")
    report.plans.add(plan)
    issued = services.report_issue(report=report, user=admin_user)

    login(page, live_server, committee_member)
    page.goto(live_server.url + reverse("home") + "?as_at=2015-09-01")
    assert page.get_by_role("heading", level=1).inner_text() == "Improvement dashboard"
    red_count = page.locator(f'.dash-plan a.count-link[href*="plan={plan.pk}"][href*="rag=red"]')
    assert red_count.inner_text().split()[-1] == "2"
    red_count.click()
    page.wait_for_load_state("domcontentloaded")
    assert "rag=red" in page.url
    body = page.locator("main").inner_text()
    assert actions["late"].description in body and actions["stalled"].description in body
    assert actions["on_track"].description not in body

    page.goto(live_server.url + reverse("improvement:report_list"))
    page.get_by_role("link", name=issued.title).first.click()
    page.wait_for_load_state("domcontentloaded")
    assert "Issued" in page.locator("main").inner_text()
    with page.expect_download(timeout=120_000) as download_info:
        page.get_by_role("link", name="Download PDF").click()
    path = tmp_path / "report.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    page.screenshot(path="/tmp/rep6-report.png", full_page=False)
