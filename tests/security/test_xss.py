"""Script and HTML typed into every free-text field, or hidden in an uploaded file's name, is shown as text on
every page that shows it, never run or rendered as markup."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from improvement.models import ProgressUpdate
from tests import factories
from tests.security.test_access_matrix import ADMIN, COMMITTEE, EXPECTED, routes_with_rules


def payload(field: str) -> str:
    return f'<script>alert("xss-{field}")</script><img src=x onerror="xss-{field}">'


FIELDS = [
    "action-description",
    "update-commentary",
    "upload-commentary",
    "evidence-name",
    "recommendation-text",
    "finding-text",
    "inspection-summary",
    "report-purpose",
    "report-background",
    "report-recommendations",
    "report-challenges",
    "observation-note",
    "indicator-name",
    "plan-name",
    "priority-title",
    "assessment-commentary",
    "override-reason",
]
# Live markup a payload would make if it were not escaped: the opening tags with their attributes.
LIVE = re.compile(r"<script>alert\(\"xss-|<img src=x onerror=")


@pytest.fixture
def hostile(world, client):
    w = world
    w.action.description = payload("action-description")
    w.action.rag_override, w.action.rag_override_reason = "red", payload("override-reason")
    w.action.save()
    w.update.commentary = payload("update-commentary")
    w.update.save()
    w.recommendation.text = payload("recommendation-text")
    w.recommendation.save()
    w.inspection.summary = payload("inspection-summary")
    w.inspection.save()
    factories.FindingFactory(inspection=w.inspection, text=payload("finding-text"))
    w.observation.note = payload("observation-note")[:500]
    w.observation.save()
    w.indicator.name = payload("indicator-name")[:200]
    w.indicator.save()
    w.plan.name = payload("plan-name")[:200]
    w.plan.save()
    w.priority.title = payload("priority-title")[:200]
    w.priority.save()
    w.assessment.commentary = payload("assessment-commentary")
    w.assessment.save()
    for report in (w.draft, w.report):
        for part in ("purpose", "background", "recommendations", "challenges"):
            setattr(report, part, payload(f"report-{part}"))
        type(report).objects.filter(pk=report.pk).update(
            **{part: payload(f"report-{part}") for part in ("purpose", "background", "recommendations", "challenges")}
        )
    # The evidence file name arrives through the real upload form, as a manager would send it.
    owner = Client()
    owner.force_login(w.owner)
    prefix = f"action-{w.action.pk}-"
    upload = SimpleUploadedFile(payload("evidence-name") + ".pdf", b"%PDF-1.4 evidence", "application/pdf")
    response = owner.post(
        reverse("improvement:action_update", args=[w.action.pk]),
        {
            prefix + "status": "in_progress",
            prefix + "progress": "70",
            prefix + "commentary": payload("upload-commentary"),
            prefix + "version": str(w.action.version),
            prefix + "evidence_file": upload,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    w.uploaded = ProgressUpdate.objects.filter(action=w.action).latest("created_at")
    assert "xss-evidence-name" in w.uploaded.evidence_name
    w.action.refresh_from_db()
    return w


def pages_for(role, w):
    for route in routes_with_rules():
        rule = EXPECTED[route.name]
        if rule.get.get(role) == 200 and route.name != "improvement:evidence_download":
            yield reverse(route.name, kwargs=rule.kwargs(w))
    yield reverse("improvement:report_detail", args=[w.draft.pk]) if role == ADMIN else reverse("home")


@pytest.mark.parametrize("role", [ADMIN, COMMITTEE])
def test_user_text_is_escaped_on_every_page(hostile, role):
    client = Client()
    client.force_login(hostile.users[role])
    shown = set()
    for url in pages_for(role, hostile):
        response = client.get(url)
        assert response.status_code == 200, url
        if not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        live = LIVE.search(html)
        assert live is None, f"{url} renders user text as markup: ...{html[live.start() - 80 : live.end() + 40]}..."
        shown |= set(re.findall(r"xss-([a-z-]+)", html))
    if role == ADMIN:
        missing = set(FIELDS) - shown
        assert not missing, f"these fields appear on no page, so their escaping is untested: {sorted(missing)}"


def test_evidence_download_is_an_attachment_that_cannot_run(hostile):
    client = Client()
    client.force_login(hostile.committee)
    response = client.get(reverse("improvement:evidence_download", args=[hostile.uploaded.pk]))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "\n" not in disposition and "\r" not in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Type"] == "application/pdf"
