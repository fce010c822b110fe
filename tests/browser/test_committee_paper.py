"""An admin writes a committee report with financial implications and risks, issues it, and a committee member
downloads the PDF that was stored at issue."""

import datetime
import re
import subprocess
from decimal import Decimal

from django.urls import reverse

from improvement.governance import services as governance
from improvement.models import CommitteeReport
from tests import factories as f
from tests.improvement.reports.conftest import make_plan


def test_admin_issues_a_paper_with_finance_and_risks_and_committee_member_downloads_the_stored_pdf(
    live_server, page, browser, login, admin_user, committee_member, tmp_path
):
    plan, actions = make_plan()
    f.CommitteeFactory(name="Audit and governance committee", kind="audit_and_governance")
    governance.budget_line_save(
        user=admin_user, plan=plan, financial_year="2015/16", source="one_off_reserve",
        description="Improvement plan implementation", requested=Decimal(1_200_000), approved=Decimal(1_200_000),
        spent=Decimal(655_000), forecast=Decimal(1_480_000), figures_date=datetime.date(2015, 9, 1),
    )  # fmt: skip
    governance.risk_save(
        user=admin_user, plan=plan, reference="R1", description="Agency reliance keeps caseloads high.",
        owner=None, likelihood=4, impact=4, assessed_on=datetime.date(2015, 8, 1),
        review_date=datetime.date(2015, 11, 1), mitigating_actions=[actions["late"]],
    )  # fmt: skip

    login(page, live_server, admin_user)
    page.goto(live_server.url + reverse("improvement:report_create"))
    page.locator("#id_committee").select_option(label="Audit and governance committee")
    page.locator("#id_meeting_date").fill("2015-09-25")
    page.locator("#id_agenda_item").fill("6")
    page.locator("#id_title").fill("Progress of improvement activity")
    page.locator("#id_report_of").fill("Head of Assurance")
    page.locator("#id_baseline_date").fill("2015-05-19")
    page.locator("#id_current_date").fill("2015-09-01")
    page.get_by_label(plan.name, exact=True).check()
    page.locator("#id_purpose").fill("To update the committee on the improvement plan.")
    page.locator("#id_financial_implications").fill("One-off funds were earmarked for the plan in 2015/16.")
    page.locator("#id_risk_implications").fill("The main risk to the plan is recruitment.")
    page.get_by_role("button", name="Create draft").click()
    page.wait_for_load_state("domcontentloaded")
    body = page.locator("main").inner_text()
    assert "DRAFT" in body and "Financial implications" in body and "£1,200,000" in body
    assert "Agency reliance keeps caseloads high." in body

    page.get_by_role("link", name="Issue this report…").click()  # issuing asks for confirmation first
    page.get_by_label(re.compile("I have checked")).check()
    page.get_by_role("button", name="Issue the report").click()
    page.wait_for_load_state("domcontentloaded")
    report = CommitteeReport.objects.get(title="Progress of improvement activity")
    assert report.is_issued and report.pdf, "the PDF was printed and stored at issue"

    reader = browser.new_page()
    login(reader, live_server, committee_member)
    reader.goto(live_server.url + report.get_absolute_url())
    with reader.expect_download(timeout=120_000) as download_info:
        reader.get_by_role("link", name="Download PDF").click()
    path = tmp_path / "paper.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes() == bytes(report.pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    text = " ".join(text.split())  # lines wrapped inside table cells joined again
    assert "Page 1 of" in text and "Financial implications" in text and "£1,200,000" in text
    assert "The main risk to the plan is recruitment." in text and "Agency reliance keeps caseloads high." in text
    reader.close()
