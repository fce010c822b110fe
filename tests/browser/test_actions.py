"""A manager updates an overdue action in place on "My actions"; the plan's counts by colour follow; a committee
member sees the change, has no edit controls, and a forged POST from them is refused."""

import datetime
import os
from pathlib import Path

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from improvement.models import Action
from tests import factories
from tests.browser.helpers import log_in

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/improvement-screenshots"))


def count_of(page, word):
    return page.locator(".plan-overall .rag-counts li").filter(has_text=word)


def test_manager_updates_overdue_action_in_place_and_committee_sees_it(live_server, strict_page, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    manager = factories.ManagerFactory(username="manager", first_name="Jo", last_name="Bloggs")
    plan = factories.PlanFactory(name="Children's services improvement plan")
    priority = factories.PriorityFactory(plan=plan, number=1, title="Front door and MASH", lead=manager)
    today = timezone.localdate()  # the live server rates actions as at its own today
    overdue = factories.ActionFactory(
        priority=priority,
        owner=manager,
        reference="1.1",
        description="Audit every unallocated case weekly",
        start_date=today - datetime.timedelta(days=120),
        due_date=today - datetime.timedelta(days=10),
        progress=60,
    )
    factories.ActionFactory(
        priority=priority,
        owner=manager,
        reference="1.2",
        description="Recruit six permanent social workers",
        start_date=None,
        due_date=today + datetime.timedelta(days=90),
    )
    page = strict_page
    log_in(page, live_server, manager)

    page.goto(live_server.url + plan.get_absolute_url())
    expect(count_of(page, "Red")).to_contain_text("1")
    expect(count_of(page, "Green")).to_contain_text("1")

    page.get_by_role("link", name="My actions").click()
    expect(page.locator("h1")).to_have_text("My actions")
    card = page.locator(f"#action-card-{overdue.pk}")
    expect(card).to_contain_text("10 days overdue")
    page.screenshot(path=str(SHOTS / "my-actions.png"), full_page=True)
    my_actions_url = page.url

    card.get_by_label("Status").select_option("withdrawn")
    card.get_by_label("What has happened since the last update").fill(
        "Superseded by action 1.2 after the improvement board's review."
    )
    card.get_by_role("button", name="Save update").click()

    card = page.locator(f"#action-card-{overdue.pk}")
    expect(card.get_by_role("status")).to_contain_text("Saved. Action 1.1 is now withdrawn")
    assert page.url == my_actions_url  # updated in place, no navigation
    expect(card.locator(".action-card__status")).to_have_text("Withdrawn, 60%")
    page.screenshot(path=str(SHOTS / "my-actions-after-update.png"), full_page=True)
    assert Action.objects.get(pk=overdue.pk).status == Action.Status.WITHDRAWN

    page.goto(live_server.url + plan.get_absolute_url())
    expect(count_of(page, "Red")).to_contain_text("0")
    expect(count_of(page, "Green")).to_contain_text("1")
    page.screenshot(path=str(SHOTS / "plan.png"), full_page=True)

    committee = factories.CommitteeMemberFactory(username="committee", first_name="Cllr", last_name="Smith")
    context = browser.new_context(locale="en-GB")
    reader = context.new_page()
    log_in(reader, live_server, committee)
    reader.goto(live_server.url + plan.get_absolute_url())
    expect(count_of(reader, "Red")).to_contain_text("0")
    reader.goto(live_server.url + overdue.get_absolute_url())
    expect(reader.locator(".timeline")).to_contain_text("Superseded by action 1.2")
    expect(reader.locator(".action-summary")).to_contain_text("Withdrawn")
    expect(reader.locator("form.update-form")).to_have_count(0)
    expect(reader.get_by_role("button", name="Save update")).to_have_count(0)
    reader.screenshot(path=str(SHOTS / "action-committee.png"), full_page=True)

    token = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
    forged = reader.request.post(
        live_server.url + reverse("improvement:action_update", args=[overdue.pk]),
        form={
            f"action-{overdue.pk}-status": "in_progress",
            f"action-{overdue.pk}-progress": "10",
            f"action-{overdue.pk}-commentary": "forged",
            f"action-{overdue.pk}-version": "2",
        },
        headers={"X-CSRFToken": token},
    )
    assert forged.status == 403
    assert Action.objects.get(pk=overdue.pk).status == Action.Status.WITHDRAWN
    context.close()

    page.goto(live_server.url + overdue.get_absolute_url())
    page.screenshot(path=str(SHOTS / "action-manager.png"), full_page=True)
