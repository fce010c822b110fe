"""Every URL the project serves, for every role: who may read it, who may change anything through it.

The URLs come from the resolver, so a page added later is walked too, and a URL name missing from EXPECTED fails
the test: a new page needs a rule. For each URL and role:

- anonymous, and a deactivated user (whose session no longer signs them in): sent to sign in (the admin site: to
  its own sign-in), except the public URLs;
- a signed-in user with no role: the no-role page (403) on every URL but the public ones, and nothing changes;
- GET answers with the status in the table (200, 403 for a page beyond the role, 405 for POST-only URLs);
- POST, PUT and DELETE from a committee member: 403 (or 405), and nothing in the database changes;
- POST from anyone else: only the roles listed as writers change the database (with valid data, they must);
  everyone else changes nothing, whatever the answer.

Each request runs in a savepoint that is rolled back, so every request meets the same data.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from improvement.governance import services as governance
from improvement.models import Action, ProgressUpdate
from improvement.reports import services as report_services
from performance.models import ColumnMapping, Indicator
from performance.rules import month_end, period_end_after
from tests import factories

ANON, COMMITTEE, OWNER, LEAD, OTHER, ADMIN = "anonymous", "committee", "owner", "lead", "other manager", "admin"
NO_ROLE, DEACTIVATED = "no role", "deactivated"
SIGNED_IN = (COMMITTEE, OWNER, LEAD, OTHER, ADMIN)  # the roles; NO_ROLE is signed in but holds none
NOT_SIGNED_IN = (ANON, DEACTIVATED)
ROLES = (*NOT_SIGNED_IN, NO_ROLE, *SIGNED_IN)

READ = dict.fromkeys(SIGNED_IN, 200)
MOVED = dict.fromkeys(SIGNED_IN, 302)  # an old address that redirects to the page now showing the same thing
ADMIN_ONLY = {COMMITTEE: 403, OWNER: 403, LEAD: 403, OTHER: 403, ADMIN: 200}
POST_ONLY = dict.fromkeys(SIGNED_IN, 405)
ADMIN_POST_ONLY = {**ADMIN_ONLY, ADMIN: 405}  # the door refuses other roles before the view's @require_POST
WRITERS_ONLY = {COMMITTEE: 403, OWNER: 200, LEAD: 200, OTHER: 200, ADMIN: 200}
LEAD_ONLY = {COMMITTEE: 403, OWNER: 403, LEAD: 200, OTHER: 403, ADMIN: 200}

# Tables whose rows change on reads and say nothing about the data: sign-in sessions and the cache.
NOT_DATA = {"django_session", "cache_table"}


@dataclass
class Rule:
    get: dict[str, int]
    kwargs: Callable[[World], dict] = lambda w: {}
    writers: frozenset[str] = frozenset()  # roles whose POST of `data` must change the database
    data: Callable[[World], dict] = lambda w: {}
    public: bool = False


def action_kwargs(w):
    return {"pk": w.action.pk}


def update_data(w):
    fields = {
        "status": Action.Status.IN_PROGRESS,
        "progress": 60,
        "commentary": "More done",
        "version": w.action.version,
    }
    return {f"action-{w.action.pk}-{name}": value for name, value in fields.items()}


def report_data(w):
    return {
        "committee": w.report.committee_id,
        "meeting_date": "2026-12-10",
        "title": "Progress report",
        "baseline_date": "2026-06-01",
        "current_date": "2026-11-01",
        "plans": [w.plan.pk],
        "purpose": "To update the board.",
        "classification": "open",
        "sections": ["purpose", "progress"],
    }


def budget_data(w):
    return {
        "financial_year": "2026/27",
        "source": "bid",
        "description": "Front line capacity",
        "requested": "1700000",
        "spent": "0",
        "figures_date": "2026-07-01",
    }


def risk_data(w):
    return {
        "reference": "R9",
        "description": "Placements",
        "likelihood": "3",
        "impact": "3",
        "assessed_on": "2026-07-01",
        "review_date": "2026-10-01",
        "status": "open",
    }


EXPECTED: dict[str, Rule] = {
    "home": Rule(READ),
    "login": Rule({**dict.fromkeys(SIGNED_IN, 302)}, public=True),
    "logout": Rule(POST_ONLY, public=True),
    "healthz": Rule(READ, public=True),
    "inspections:inspection_list": Rule(READ),
    "inspections:inspection_detail": Rule(READ, lambda w: {"pk": w.inspection.pk}),
    "inspections:judgements_edit": Rule(
        ADMIN_ONLY,
        lambda w: {"pk": w.inspection.pk},
        writers=frozenset({ADMIN}),
        data=lambda w: {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "0",
            "form-0-service_area": "Safeguarding",
            "form-0-area_name": "Leadership",
            "form-0-grade": "inadequate",
            "form-0-order": "1",
        },
    ),
    # The upload only previews; this posts a checked preview, which saves.
    "inspections:report_import": Rule(
        ADMIN_ONLY,
        writers=frozenset({ADMIN}),
        data=lambda w: {
            **{f"{p}-{n}": "0" for p in "jrf" for n in ("TOTAL_FORMS", "INITIAL_FORMS")},
            "h-council": "Anytown",
            "h-kind": "ofsted_ilacs",
            "h-framework": "ilacs",
            "h-start_date": "2024-01-08",
            "h-end_date": "2024-01-19",
            "h-overall_grade": "good",
        },
    ),
    "inspections:recommendation_detail": Rule(MOVED, lambda w: {"pk": w.recommendation.pk}),
    "performance:indicator_list": Rule(READ),
    "performance:indicator_detail": Rule(READ, lambda w: {"code": w.indicator.code}),
    "performance:entry": Rule(
        ADMIN_ONLY, writers=frozenset({ADMIN}), data=lambda w: {f"value_{w.indicator.pk}": "42", "note": ""}
    ),
    # An upload only previews; nothing is written until the commit.
    "performance:import": Rule(
        ADMIN_ONLY,
        data=lambda w: {
            "file": SimpleUploadedFile(
                "figures.csv", f"indicator,period_end,value\n{w.indicator.code},2026-10-31,7\n".encode()
            )
        },
    ),
    "performance:import_commit": Rule(ADMIN_POST_ONLY, data=lambda w: {"token": "not-a-real-token"}),
    "performance:import_mapping": Rule(
        ADMIN_POST_ONLY,
        writers=frozenset({ADMIN}),
        data=lambda w: {"column": "Matrix measure", "indicator": w.annual_indicator.code},
    ),
    "performance:change_table": Rule(READ),
    "performance:comparison": Rule(READ),
    "improvement:plan_list": Rule(READ),
    "improvement:rag_rules": Rule(READ),
    "improvement:plan_detail": Rule(READ, lambda w: {"pk": w.plan.pk}),
    "improvement:priority_detail": Rule(READ, lambda w: {"pk": w.priority.pk}),
    "improvement:priority_assess": Rule(
        POST_ONLY,
        lambda w: {"pk": w.priority.pk},
        writers=frozenset({LEAD, ADMIN}),
        data=lambda w: {"rag": "amber", "commentary": "Slower than planned"},
    ),
    "improvement:action_list": Rule(READ),
    "improvement:my_actions": Rule(WRITERS_ONLY),
    "improvement:action_detail": Rule(READ, action_kwargs),
    "improvement:action_update": Rule(
        POST_ONLY, action_kwargs, writers=frozenset({OWNER, LEAD, ADMIN}), data=update_data
    ),
    "improvement:action_verify": Rule(
        POST_ONLY,
        lambda w: {"pk": w.awaiting.pk},
        writers=frozenset({LEAD, ADMIN}),
        data=lambda w: {"version": w.awaiting.version},
    ),
    "improvement:action_return": Rule(
        POST_ONLY,
        lambda w: {"pk": w.awaiting.pk},
        writers=frozenset({LEAD, ADMIN}),
        data=lambda w: {"version": w.awaiting.version, "reason": "The evidence does not show it is done."},
    ),
    "improvement:action_override": Rule(
        POST_ONLY,
        action_kwargs,
        writers=frozenset({LEAD, ADMIN}),
        data=lambda w: {"rag_override": "red", "rag_override_reason": "Board escalation", "version": w.action.version},
    ),
    "improvement:evidence_download": Rule(READ, lambda w: {"pk": w.update.pk}),
    "improvement:recommendation_list": Rule(READ),
    "improvement:recommendation_detail": Rule(READ, lambda w: {"pk": w.recommendation.pk}),
    "improvement:recommendation_link_action": Rule(
        POST_ONLY,
        lambda w: {"pk": w.unlinked_recommendation.pk},
        writers=frozenset({LEAD, ADMIN}),
        data=lambda w: {"action": w.action.pk},
    ),
    "improvement:recommendation_unlink_action": Rule(
        POST_ONLY,
        lambda w: {"pk": w.recommendation.pk, "action_pk": w.action.pk},
        writers=frozenset({LEAD, ADMIN}),
    ),
    "improvement:recommendation_relate": Rule(
        ADMIN_POST_ONLY,
        lambda w: {"pk": w.recommendation.pk},
        writers=frozenset({ADMIN}),
        data=lambda w: {"other": w.unlinked_recommendation.pk},
    ),
    "improvement:recommendation_unrelate": Rule(
        ADMIN_POST_ONLY,
        lambda w: {"pk": w.recommendation.pk, "other_pk": w.related_recommendation.pk},
        writers=frozenset({ADMIN}),
    ),
    "improvement:action_recommendations": Rule(LEAD_ONLY, action_kwargs),
    "improvement:action_link_recommendation": Rule(
        POST_ONLY,
        action_kwargs,
        writers=frozenset({LEAD, ADMIN}),
        data=lambda w: {"recommendation": w.unlinked_recommendation.pk},
    ),
    "improvement:action_unlink_recommendation": Rule(
        POST_ONLY,
        lambda w: {"pk": w.action.pk, "rec_pk": w.recommendation.pk},
        writers=frozenset({LEAD, ADMIN}),
    ),
    "improvement:report_list": Rule(READ),
    "improvement:report_create": Rule(ADMIN_ONLY, writers=frozenset({ADMIN}), data=report_data),
    "improvement:report_detail": Rule(READ, lambda w: {"pk": w.report.pk}),
    "improvement:report_update": Rule(
        ADMIN_ONLY, lambda w: {"pk": w.draft.pk}, writers=frozenset({ADMIN}), data=report_data
    ),
    # GET asks for confirmation (issue 12); only a POST with the box ticked issues.
    "improvement:report_issue": Rule(
        ADMIN_ONLY, lambda w: {"pk": w.draft.pk}, writers=frozenset({ADMIN}), data=lambda w: {"confirm": "on"}
    ),
    "improvement:report_withdraw": Rule(
        ADMIN_ONLY, lambda w: {"pk": w.report.pk}, writers=frozenset({ADMIN}), data=lambda w: {"reason": "Wrong."}
    ),
    "improvement:report_supersede": Rule(
        ADMIN_ONLY, lambda w: {"pk": w.report.pk}, writers=frozenset({ADMIN}), data=lambda w: {"reason": "Wrong."}
    ),
    "improvement:report_start_next": Rule(
        ADMIN_POST_ONLY,
        lambda w: {"pk": w.report.pk},
        writers=frozenset({ADMIN}),
        # Figures as at today: a report's figures may not be dated after today (issue 12).
        data=lambda w: {"meeting_date": "2027-01-20", "current_date": timezone.localdate().isoformat()},
    ),
    "improvement:report_compare": Rule(READ, lambda w: {"pk": w.report.pk}),
    "improvement:report_pdf": Rule(READ, lambda w: {"pk": w.report.pk}),
    "improvement:plan_governance": Rule(READ, lambda w: {"pk": w.plan.pk}),
    "improvement:budget_line_create": Rule(
        ADMIN_ONLY, lambda w: {"pk": w.plan.pk}, writers=frozenset({ADMIN}), data=budget_data
    ),
    "improvement:budget_line_update": Rule(
        ADMIN_ONLY,
        lambda w: {"pk": w.plan.pk, "line_pk": w.budget_line.pk},
        writers=frozenset({ADMIN}),
        data=budget_data,
    ),
    "improvement:assurance_rating_create": Rule(
        ADMIN_ONLY,
        lambda w: {"pk": w.plan.pk},
        writers=frozenset({ADMIN}),
        data=lambda w: {"rated_on": "2026-07-01", "scale": "rag", "level": "amber", "assessor": "T", "commentary": "c"},
    ),
    "improvement:risk_create": Rule(
        ADMIN_ONLY, lambda w: {"pk": w.plan.pk}, writers=frozenset({ADMIN}), data=risk_data
    ),
    "improvement:risk_update": Rule(
        ADMIN_ONLY, lambda w: {"pk": w.plan.pk, "risk_pk": w.risk.pk}, writers=frozenset({ADMIN}), data=risk_data
    ),
}

# Pages that must not exist for some roles even though the URL is readable: drafts are for admins only.
EXTRA_GETS = [
    ("improvement:report_detail", lambda w: {"pk": w.draft.pk}, {**dict.fromkeys(SIGNED_IN, 404), ADMIN: 200}),
    ("improvement:report_compare", lambda w: {"pk": w.draft.pk}, {**dict.fromkeys(SIGNED_IN, 404), ADMIN: 200}),
]


# ---------------------------------------------------------------------------------------------------------------
# The walk


@dataclass
class Route:
    name: str  # namespaced name; an unnamed pattern is known by its route
    route: str
    pattern: URLPattern
    params: list[str] = field(default_factory=list)

    @property
    def is_admin_site(self) -> bool:
        return self.name.startswith("admin:") or self.route.startswith("admin/")


def walk(patterns=None, prefix="", namespace=None) -> list[Route]:
    routes = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            ns = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            routes += walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        else:
            route = prefix + str(pattern.pattern)
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name or route
            routes.append(Route(name, route, pattern, list(pattern.pattern.regex.groupindex)))
    return routes


def admin_url(route: Route, world: World) -> str:
    """An admin URL filled with a real object of the model its name names (any unknown path for the catch-all)."""
    params, positional = route.params, route.pattern.pattern.regex.groups - len(route.params)
    if "url" in params:
        return "/admin/no-such-page/"
    if not params and not positional:
        return url_for(route, {})
    if params == ["app_label"]:
        return url_for(route, {"app_label": "improvement"})
    if set(params) == {"content_type_id", "object_id"}:  # view_on_site
        return url_for(
            route, {"content_type_id": ContentType.objects.get_for_model(Action).pk, "object_id": world.action.pk}
        )
    for model in admin.site._registry:
        meta = model._meta
        if route.name.startswith(f"admin:{meta.app_label}_{meta.model_name}_") or (
            route.route.startswith(f"admin/{meta.app_label}/{meta.model_name}/")
        ):
            obj = world.instance_of(model)
            if positional:  # simple_history's page of one past version: (object id, history id)
                return reverse(route.name, args=[obj.pk, obj.history.latest().history_id])
            return url_for(route, dict.fromkeys(params, str(obj.pk)))
    raise AssertionError(f"No path parameters known for admin URL {route.name} ({route.route})")


def url_for(route: Route, kwargs: dict) -> str:
    if route.name == route.route:  # unnamed: build from the route itself
        path = route.route
        for key, value in kwargs.items():
            path = path.replace(f"<path:{key}>", str(value)).replace(f"<int:{key}>", str(value))
        return "/" + path
    return reverse(route.name, kwargs=kwargs)


# ---------------------------------------------------------------------------------------------------------------
# The data


class World:
    def __init__(self):
        self.committee = factories.CommitteeMemberFactory(username="matrix-committee")
        self.owner = factories.ManagerFactory(username="matrix-owner")
        self.lead = factories.ManagerFactory(username="matrix-lead")
        self.other = factories.ManagerFactory(username="matrix-other")
        self.admin = factories.AdminFactory(username="matrix-admin")
        self.no_role = factories.UserFactory(username="matrix-no-role")
        self.deactivated = factories.ManagerFactory(username="matrix-deactivated", is_active=False)
        self.users = {
            NO_ROLE: self.no_role,
            DEACTIVATED: self.deactivated,
            COMMITTEE: self.committee,
            OWNER: self.owner,
            LEAD: self.lead,
            OTHER: self.other,
            ADMIN: self.admin,
        }

        self.inspection = factories.InspectionFactory()
        factories.JudgementFactory(inspection=self.inspection)
        factories.FindingFactory(inspection=self.inspection)
        self.recommendation = factories.RecommendationFactory(inspection=self.inspection)
        self.unlinked_recommendation = factories.RecommendationFactory(inspection=factories.InspectionFactory())
        self.related_recommendation = factories.RecommendationFactory(inspection=factories.InspectionFactory())
        self.recommendation.related.add(self.related_recommendation)

        self.authority = factories.AuthorityFactory()
        self.indicator = factories.IndicatorFactory(code="matrix_indicator", is_key=True)
        self.target = factories.TargetFactory(indicator=self.indicator, value=10)
        self.annual_indicator = factories.IndicatorFactory(
            code="matrix_annual", frequency=Indicator.Frequency.ANNUAL, year_end_month=3
        )
        self.column_mapping = ColumnMapping.objects.create(column="Matrix column", indicator=self.annual_indicator)
        last_month = month_end(period_end_after(timezone.localdate().replace(day=1), -1))
        self.observation = factories.ObservationFactory(
            indicator=self.indicator, authority=self.authority, period_end=last_month, value=12
        )

        self.plan = factories.PlanFactory(owner=self.admin)
        self.plan.inspections.add(self.inspection)
        self.priority = factories.PriorityFactory(plan=self.plan, lead=self.lead)
        self.action = factories.ActionFactory(priority=self.priority, owner=self.owner)
        self.action.recommendations.add(self.recommendation)
        self.action.indicators.add(self.indicator)
        self.awaiting = factories.ActionFactory(
            priority=self.priority, owner=self.owner, status=Action.Status.AWAITING_VERIFICATION, progress=100
        )
        self.update = ProgressUpdate.objects.create(
            action=self.action,
            author=self.owner,
            status=self.action.status,
            progress=self.action.progress,
            commentary="Evidence attached",
            evidence_file=ContentFile(b"%PDF-1.4 evidence", name="evidence.pdf"),
            evidence_name="evidence.pdf",
        )
        self.assessment = factories.PriorityAssessmentFactory(priority=self.priority, assessed_by=self.lead)
        day = datetime.date(2026, 6, 1)
        self.budget_line = governance.budget_line_save(
            user=self.admin, plan=self.plan, financial_year="2026/27", source="bid", description="Front line",
            requested=Decimal(1000), approved=None, spent=Decimal(0), forecast=None, figures_date=day,
        )  # fmt: skip
        self.rating = governance.assurance_rating_record(
            user=self.admin, plan=self.plan, rated_on=day, scale="rag", level="red", assessor="Team", commentary="c"
        )
        self.risk = governance.risk_save(
            user=self.admin, plan=self.plan, reference="R1", description="Recruitment", owner=self.lead,
            likelihood=4, impact=4, assessed_on=day, review_date=day, mitigating_actions=[self.action],
        )  # fmt: skip

        board = self.plan.board
        self.draft = factories.CommitteeReportFactory(committee=board, author=self.admin, title="Draft report")
        self.draft.plans.add(self.plan)
        self.draft.indicators.add(self.indicator)
        issued = factories.CommitteeReportFactory(
            committee=board,
            author=self.admin,
            title="Issued report",
            meeting_date=datetime.date(2026, 9, 25),
            baseline_date=datetime.date(2026, 6, 1),
            current_date=datetime.date(2026, 9, 1),
        )
        issued.plans.add(self.plan)
        issued.indicators.add(self.indicator)
        self.report = report_services.report_issue(report=issued, user=self.admin)

    def instance_of(self, model):
        """An object of `model` to fill an admin change page with."""
        for value in vars(self).values():
            if isinstance(value, model):
                return value
        obj = model._default_manager.order_by("pk").first()
        assert obj is not None, f"The matrix data has no {model._meta.label} for its admin pages"
        return obj


def fingerprint() -> dict[str, str]:
    """A digest of every row of every table that holds data."""
    digests = {}
    with connection.cursor() as cursor:
        for table in sorted(set(connection.introspection.table_names()) - NOT_DATA):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = sorted(repr(r) for r in cursor.fetchall())
            digests[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return digests


def changed_tables(before: dict, after: dict) -> list[str]:
    return [t for t in before if before[t] != after.get(t)]


class Runner:
    """Sends requests as one role, each in a savepoint rolled back afterwards, and collects what went wrong."""

    def __init__(self, world: World, role: str):
        self.world, self.role = world, role
        self.client = Client(raise_request_exception=False)
        self.problems: list[str] = []
        self._sign_in()

    def _sign_in(self):
        if self.role != ANON:
            self.client.force_login(self.world.users[self.role])

    def send(self, method: str, url: str, data=None):
        with transaction.atomic():
            before = fingerprint() if method != "get" else None
            send = self.client.post if method == "post" else getattr(self.client, method)
            response = send(url, data or {}) if method == "post" else send(url)
            changed = changed_tables(before, fingerprint()) if before is not None else []
            transaction.set_rollback(True)
        if "_auth_user_id" not in self.client.session:
            self._sign_in()  # after POST /accounts/logout/
        if response.status_code >= 500:
            self.problems.append(f"{method.upper()} {url}: server error {response.status_code}")
        return response, changed

    def fail(self, message: str):
        self.problems.append(f"[{self.role}] {message}")


def routes_with_rules() -> list[Route]:
    return [r for r in walk() if not r.is_admin_site]


def check_site_route(runner: Runner, route: Route):
    rule = EXPECTED[route.name]
    w, role = runner.world, runner.role
    url = url_for(route, rule.kwargs(w))

    response, _ = runner.send("get", url)
    if role == NO_ROLE and not rule.public:
        if response.status_code != 403 or b"no role yet" not in response.content:
            runner.fail(f"GET {url}: no-role user got {response.status_code}, not the no-role page")
    elif role in NOT_SIGNED_IN:
        if rule.public:
            if route.name != "logout" and response.status_code != 200:
                runner.fail(f"GET {url}: public page answered {response.status_code}")
        elif response.status_code != 302 or not response["Location"].startswith(reverse("login")):
            runner.fail(f"GET {url}: anonymous got {response.status_code}, not a redirect to sign in")
    elif role == NO_ROLE:
        if response.status_code != {"login": 302, "logout": 405, "healthz": 200}[route.name]:
            runner.fail(f"GET {url}: no-role user got {response.status_code} from a public URL")
    elif response.status_code != rule.get[role]:
        runner.fail(f"GET {url}: {response.status_code}, expected {rule.get[role]}")

    for method in ("post", "put", "delete"):
        data = rule.data(w) if method == "post" else None
        response, changed = runner.send(method, url, data)
        status = response.status_code
        if role == NO_ROLE and not rule.public:
            if status != 403 or changed:
                runner.fail(f"{method.upper()} {url}: no-role user got {status}, changed {changed}")
        elif role in NOT_SIGNED_IN:
            if not rule.public and not (status == 302 and response["Location"].startswith(reverse("login"))):
                runner.fail(f"{method.upper()} {url}: anonymous got {status}, not a redirect to sign in")
            if changed and route.name != "logout":
                runner.fail(f"{method.upper()} {url}: anonymous changed {changed}")
        elif role == COMMITTEE and route.name not in ("login", "logout"):
            if status not in (403, 405):
                runner.fail(f"{method.upper()} {url}: committee member got {status}, expected 403 or 405")
            if changed:
                runner.fail(f"{method.upper()} {url}: committee member changed {changed}")
        elif method == "post" and role in rule.writers:
            if not changed:
                runner.fail(f"POST {url}: a permitted {role} changed nothing (status {status})")
        elif changed:
            runner.fail(f"{method.upper()} {url}: {role} may not change anything here but changed {changed}")


def check_admin_route(runner: Runner, route: Route):
    url = admin_url(route, runner.world)
    role = runner.role
    response, _ = runner.send("get", url)
    status = response.status_code
    # Signing in and out of the admin site are open doors by design; they show no data.
    door = route.name in ("admin:login", "admin:logout")
    if role == ADMIN:
        allowed = {200}
        if "url" in route.params:
            allowed = {404}  # the catch-all: an unknown admin path
        elif route.name in (route.route, "admin:view_on_site", "admin:login"):
            allowed = {302}  # old-style object URLs, "view on site", and sign-in when already signed in
        elif route.name == "admin:logout":
            allowed = {405}  # POST only
        if status not in allowed and not (route.name == "admin:autocomplete" and status == 403):
            runner.fail(f"GET {url}: admin got {status}")
    elif door:
        if status not in (200, 302):
            runner.fail(f"GET {url}: admin sign-in page answered {status}")
    elif not (status == 302 and response["Location"].startswith((reverse("admin:login"), reverse("login")))):
        runner.fail(f"GET {url}: {role} got {status}, not a sign-in page")
    if role == ADMIN:
        return
    for method in ("post", "delete"):
        response, changed = runner.send(method, url, {})
        if changed:
            runner.fail(f"{method.upper()} {url}: {role} changed {changed} through the admin site")
        if role == COMMITTEE and response.status_code not in (403, 405):
            runner.fail(f"{method.upper()} {url}: committee member got {response.status_code}, expected 403")


# ---------------------------------------------------------------------------------------------------------------
# The tests


def test_every_url_has_a_rule():
    names = {r.name for r in routes_with_rules()}
    unknown = sorted(names - EXPECTED.keys())
    assert not unknown, f"URLs without an access rule in {__name__}.EXPECTED: {unknown}"
    gone = sorted(EXPECTED.keys() - names)
    assert not gone, f"Rules for URLs that no longer exist: {gone}"


def test_an_unknown_url_name_fails_the_matrix():
    route = Route("improvement:brand_new_page", "brand-new/", pattern=None)
    with pytest.raises(KeyError):
        check_site_route(Runner.__new__(Runner), route)


def test_the_walk_finds_pages_of_every_app_and_the_admin():
    routes = walk()
    names = {r.name for r in routes}
    assert {"home", "login", "improvement:action_update", "performance:entry", "inspections:inspection_list"} <= names
    assert sum(r.is_admin_site for r in routes) > 50


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(world, role):
    runner = Runner(world, role)
    for route in routes_with_rules():
        check_site_route(runner, route)
    for name, kwargs, expected in EXTRA_GETS:
        if role not in SIGNED_IN:
            continue
        url = reverse(name, kwargs=kwargs(world))
        status = runner.send("get", url)[0].status_code
        if status != expected[role]:
            runner.fail(f"GET {url}: {status}, expected {expected[role]}")
    assert not runner.problems, "\n".join(runner.problems)


@pytest.mark.parametrize("role", ROLES)
def test_admin_site_is_for_admins_only(world, role):
    runner = Runner(world, role)
    for route in walk():
        if route.is_admin_site:
            check_admin_route(runner, route)
    assert not runner.problems, "\n".join(runner.problems)


def test_every_url_has_a_door_and_a_url_without_one_is_refused():
    from django.core.exceptions import PermissionDenied

    from core import access

    names = {r.name for r in routes_with_rules()}
    assert names == set(access.DOORS), "core.access.DOORS and the URLs differ"
    with pytest.raises(PermissionDenied):
        access.check(factories.AdminFactory.build(), "GET", "improvement:brand_new_page", ["improvement"])


@pytest.mark.django_db
def test_no_role_user_sees_no_navigation_and_no_data(client):
    user = factories.UserFactory(username="leaver")
    factories.ActionFactory(description="Audit every unallocated case weekly", owner=factories.ManagerFactory())
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Your account has no role yet" in page
    assert "Audit every unallocated case" not in page
    assert 'aria-label="Main"' not in page


@pytest.mark.django_db
def test_deactivated_user_is_signed_out_everywhere(client):
    user = factories.CommitteeMemberFactory(is_active=False)
    client.force_login(user)
    response = client.get(reverse("improvement:report_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
