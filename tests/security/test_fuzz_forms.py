"""Every form, fed hypothesis-generated POST data by the role allowed to use it: never a server error, and a
submission that is not accepted (anything but a redirect) leaves the database exactly as it was."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.test_access_matrix import ADMIN, ANON, LEAD, OWNER, Runner, World

NASTY = [
    "",
    " ",
    "0",
    "-1",
    "101",
    "1e9",
    "NaN",
    "3,617",
    "45%",
    "2015-05-31",
    "0001-01-01",
    "9999-12-31",
    "31/12/2015",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "=cmd|' /C calc'!A0",
    "\x00",
    "x" * 5000,
    "in_progress",
    "complete",
    "withdrawn",
    "red",
    "amber",
    "green",
    "blue",
    "https://example.org/evidence",
    "javascript:alert(1)",
]
VALUE = st.one_of(st.sampled_from(NASTY), st.text(max_size=60), st.integers(-(10**6), 10**9).map(str))


@dataclass
class Form:
    url: str
    role: str
    kwargs: Callable[[World], dict]
    fields: Callable[[World], list[str]]
    valid: Callable[[World], dict]  # values that make a real submission possible, mixed in by the strategy


def prefixed(w, *names):
    return [f"action-{w.action.pk}-{n}" for n in names]


FORMS = {
    "login": Form(
        "login", ANON, lambda w: {}, lambda w: ["username", "password"], lambda w: {"username": "matrix-owner"}
    ),
    "action update": Form(
        "improvement:action_update",
        OWNER,
        lambda w: {"pk": w.action.pk},
        lambda w: prefixed(w, "status", "progress", "commentary", "evidence_link", "version", "return_to"),
        lambda w: dict(zip(prefixed(w, "version", "status"), [str(w.action.version), "in_progress"], strict=True)),
    ),
    "priority assessment": Form(
        "improvement:priority_assess",
        LEAD,
        lambda w: {"pk": w.priority.pk},
        lambda w: ["rag", "commentary"],
        lambda w: {"rag": "amber"},
    ),
    "colour override": Form(
        "improvement:action_override",
        LEAD,
        lambda w: {"pk": w.action.pk},
        lambda w: ["rag_override", "rag_override_reason", "version"],
        lambda w: {"version": str(w.action.version)},
    ),
    "return to owner": Form(
        "improvement:action_return",
        LEAD,
        lambda w: {"pk": w.awaiting.pk},
        lambda w: ["reason", "version"],
        lambda w: {"version": str(w.awaiting.version)},
    ),
    "entry grid": Form(
        "performance:entry",
        ADMIN,
        lambda w: {},
        lambda w: [f"value_{w.indicator.pk}", f"note_{w.indicator.pk}"],
        lambda w: {},
    ),
    "report form": Form(
        "improvement:report_create",
        ADMIN,
        lambda w: {},
        lambda w: [
            "committee",
            "meeting_date",
            "title",
            "baseline_date",
            "current_date",
            "plans",
            "indicators",
            "purpose",
            "background",
            "recommendations",
            "challenges",
            "suppress_below",
        ],
        lambda w: {"committee": str(w.report.committee_id), "plans": str(w.plan.pk), "title": "Report"},
    ),
    "report edit": Form(
        "improvement:report_update",
        ADMIN,
        lambda w: {"pk": w.draft.pk},
        lambda w: ["committee", "meeting_date", "title", "baseline_date", "current_date", "purpose", "suppress_below"],
        lambda w: {"committee": str(w.draft.committee_id)},
    ),
    "next report": Form(
        "improvement:report_start_next",
        ADMIN,
        lambda w: {"pk": w.report.pk},
        lambda w: ["meeting_date", "current_date"],
        lambda w: {},
    ),
    "link action": Form(
        "improvement:recommendation_link_action",
        LEAD,
        lambda w: {"pk": w.unlinked_recommendation.pk},
        lambda w: ["action"],
        lambda w: {"action": str(w.action.pk)},
    ),
    "link recommendation": Form(
        "improvement:action_link_recommendation",
        LEAD,
        lambda w: {"pk": w.action.pk},
        lambda w: ["recommendation"],
        lambda w: {},
    ),
    "relate recommendations": Form(
        "improvement:recommendation_relate",
        ADMIN,
        lambda w: {"pk": w.recommendation.pk},
        lambda w: ["other"],
        lambda w: {},
    ),
}


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@pytest.mark.parametrize("name", FORMS)
@given(data=st.data())
def test_form_never_errors_and_never_half_writes(world, name, data):
    form = FORMS[name]
    fields = form.fields(world)
    valid = form.valid(world)
    chosen = data.draw(st.lists(st.sampled_from(fields), unique=True), label="fields sent")
    post = {}
    for field in chosen:
        if field in valid and data.draw(st.booleans(), label=f"valid {field}"):
            post[field] = valid[field]
        else:
            post[field] = data.draw(VALUE, label=field)
    runner = Runner(world, form.role)
    response, changed = runner.send("post", reverse(form.url, kwargs=form.kwargs(world)), post)
    assert not runner.problems, runner.problems
    if response.status_code != 302:
        assert not changed, f"{response.status_code} answer, yet {changed} changed"
