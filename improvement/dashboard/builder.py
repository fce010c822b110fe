"""Everything the dashboard (the site's home page) shows, as at a date, in a fixed number of queries.

Composes the selectors other parts own: plan roll-ups and action states as at a date (improvement.plans.selectors),
recommendation coverage (improvement.tracker.coverage) and indicator statuses (performance.selectors).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse

from core.charts import stacked_bars_svg
from core.presentation import add_months, sparkline_svg, value_text
from core.rag import RAG_ORDER, rag_label
from improvement.governance.selectors import current_assurance
from improvement.models import Action, ActionInterval, CommitteeReport, Plan
from improvement.plans import rules
from improvement.plans.selectors import (
    HISTORY_STATE_FIELDS,
    ActionAsAt,
    PlanSummary,
    colour_counts_on_dates,
    end_of_day,
    is_live,
    plan_rows,
    plan_summaries,
    rank_plans,
)
from improvement.reports.snapshot import progress_plans
from improvement.reports.why import action_why, long_date, rollup_why
from improvement.tracker.coverage import ACTIVE_PLANS_SCOPE, answered_by_active_plans, coverage_summary
from performance import rules as performance_rules
from performance.models import Indicator
from performance.presentation import indicator_why
from performance.selectors import home_authority, indicator_statuses

LIST_LIMIT = 10
# The plans shown in full, most at risk first: a regional alliance or the DfE's intervention team watches a hundred
# plans, and the page must cost the same for them as for one council. The rest are totalled and on the plan list.
PLAN_LIMIT = 10
# Likewise the key indicators: a board's dozen, not every council's.
KEY_INDICATOR_LIMIT = 15
# Bump when the delivery rules or the cached tallies' shape change, so no old tally is shown.
CACHE_VERSION = 5
CACHE_SECONDS = 60 * 60 * 24 * 31
CHART_MONTHS = 12
LABELS = {colour: rag_label(colour) for colour in (*RAG_ORDER, None)}


def action_list_url(*, base: str = "", **params) -> str:
    """The action list filtered to exactly what a dashboard number counts. `base`: the list's path, when the
    caller has reversed it once for many links."""
    query = {
        k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in params.items() if v not in (None, "")
    }
    return (base or reverse("improvement:action_list")) + ("?" + urlencode(query) if query else "")


@dataclass
class CountLink:
    rag: str
    label: str
    count: int
    url: str


class PriorityLink(NamedTuple):
    """A priority as the dashboard shows it: number and colour, linking to its page (which has the counts, the
    lead's assessment and the actions). A council runs a hundred plans of ten priorities: a full table of each
    would bury the plans, so the dashboard lists them compactly."""

    number: int
    rag: str  # the badge's CSS class suffix: red, amber, green, blue or none
    word: str
    url: str
    why: str  # the colour's reason in words ("" when green, complete or not rated)


@dataclass
class PlanLine:
    plan: Plan
    rag: str | None
    counts: list[CountLink]
    total: int
    total_url: str
    why: str
    then_rag: str | None = None
    then_report: dict | None = None
    priorities: list[PriorityLink] = field(default_factory=list)


def _count_links(rollup: rules.Rollup, url: str) -> list[CountLink]:
    """One link per colour: `url` (the action list already filtered to the plan or priority) narrowed by colour."""
    return [CountLink(colour, LABELS[colour], rollup.counts[colour], f"{url}&rag={colour}") for colour in RAG_ORDER]


def _last_issued(plan_ids: list[int], as_at: datetime.date) -> dict[int, dict]:
    """For each plan, its colour in the latest report that included it issued on or before `as_at` and not
    withdrawn: what the board had been told by that date. Two queries."""
    links = (
        CommitteeReport.plans.through.objects.filter(
            plan_id__in=plan_ids,
            committeereport__status=CommitteeReport.Status.ISSUED,
            committeereport__issued_at__lt=end_of_day(as_at),
            committeereport__withdrawn_at__isnull=True,
        )
        .order_by("plan_id", "-committeereport__issued_at", "-committeereport_id")
        .values_list("plan_id", "committeereport_id")
    )
    latest: dict[int, int] = {}
    for plan_id, report_id in links:
        latest.setdefault(plan_id, report_id)
    found: dict[int, dict] = {}
    if not latest:
        return found
    reports = CommitteeReport.objects.filter(pk__in=set(latest.values())).select_related("committee")
    by_id = {r.pk: r for r in reports}
    for plan_id, report_id in latest.items():
        report = by_id[report_id]
        for plan in progress_plans(report.snapshot):
            if plan["id"] == plan_id:
                found[plan_id] = {"rag": plan["rag"], "report": report}
    return found


def _path_maker(name: str):
    """`pk -> path` for a URL taking one integer pk, reversed once rather than once per link."""
    marker = 918273645
    before, after = reverse(name, args=[marker]).split(str(marker))
    return lambda pk: f"{before}{pk}{after}"


def _plan_lines(summaries: list[PlanSummary], as_at: datetime.date, base: str) -> list[PlanLine]:
    priority_path = _path_maker("improvement:priority_detail")
    query = "" if is_live(as_at) else f"?as_at={as_at.isoformat()}"
    then = _last_issued([s.plan.pk for s in summaries], as_at)
    lines = []
    for summary in summaries:
        plan = summary.plan
        previous = then.get(plan.pk)
        total_url = action_list_url(base=base, plan=plan.pk, as_at=as_at)
        lines.append(
            PlanLine(
                plan=plan,
                rag=summary.rollup.rag,
                counts=_count_links(summary.rollup, total_url),
                total=summary.rollup.total,
                total_url=total_url,
                why=rollup_why(summary.rollup, "plan"),
                then_rag=previous["rag"] if previous else None,
                then_report=previous,
                priorities=[
                    PriorityLink(
                        priority.number,
                        rollup.rag or "none",
                        LABELS[rollup.rag],
                        priority_path(priority.pk) + query,
                        rollup_why(rollup, "priority"),
                    )
                    for priority, rollup in summary.priorities
                ],
            )
        )
    return lines


@dataclass
class ActionLine:
    action: Action
    state: object
    why: str


def _cached(name: str, as_at: datetime.date, version: str | None, compute):
    """`compute()` (plain values only), cached for the date under the data version (`core.versions`), in the
    cache every app server shares: recomputed after any write, never shown stale."""
    if version is None:
        return compute()
    key = f"dashboard-{name}:{CACHE_VERSION}:{as_at.isoformat()}"
    entry = cache.get(key)
    if entry and entry["version"] == version:
        return entry["value"]
    value = compute()
    cache.set(key, {"version": version, "value": value}, CACHE_SECONDS)
    return value


def _deadline_rows(as_at: datetime.date, soon_until: datetime.date) -> dict:
    """Overdue and due-soon counts over every action in the plans active on the date, as at the date, counted in
    the database from the intervals containing it, and the first few of each. Three queries."""
    current = ActionInterval.objects.filter(
        action__priority__plan__in=Plan.objects.active_on(as_at).values("pk"),
        valid_from__lte=as_at,
        valid_until__gt=as_at,
    ).exclude(status__in=[Action.Status.COMPLETE, Action.Status.WITHDRAWN])
    is_overdue, is_soon = Q(due_date__lt=as_at), Q(due_date__gte=as_at, due_date__lte=soon_until)
    counts = current.aggregate(overdue=Count("id", filter=is_overdue), soon=Count("id", filter=is_soon))
    fields = ("action_id", *HISTORY_STATE_FIELDS)
    # Most overdue first is earliest due first.
    return {
        **counts,
        "overdue_rows": list(current.filter(is_overdue).order_by("due_date", "action_id").values(*fields)[:LIST_LIMIT]),
        "soon_rows": list(current.filter(is_soon).order_by("due_date", "action_id").values(*fields)[:LIST_LIMIT]),
    }


def _deadline_panels(as_at: datetime.date, base: str, version: str | None) -> dict:
    """Overdue and due-soon counts and the first few of each (`_deadline_rows`, cached under the data version);
    only the few listed are loaded in full, fresh."""
    soon_until = as_at + datetime.timedelta(days=rules.DUE_SOON_DAYS)
    found = _cached("deadlines", as_at, version, lambda: _deadline_rows(as_at, soon_until))
    counts, overdue, soon = found, found["overdue_rows"], found["soon_rows"]
    shown = {a.pk: a for a in Action.objects.with_related().filter(pk__in=[r["action_id"] for r in overdue + soon])}
    from_history = not is_live(as_at)

    def line(row: dict) -> ActionLine:
        action = shown[row["action_id"]]
        state = ActionAsAt(as_at=as_at, from_history=from_history, plan_start=action.priority.plan.start_date, **row)
        return _line(action, state)

    return {
        "overdue": [line(r) for r in overdue],
        "overdue_count": counts["overdue"],
        "overdue_url": action_list_url(base=base, scope=ACTIVE_PLANS_SCOPE, overdue=1, open=1, as_at=as_at),
        "soon": [line(r) for r in soon],
        "soon_count": counts["soon"],
        "soon_until": soon_until,
        "soon_url": action_list_url(
            base=base, scope=ACTIVE_PLANS_SCOPE, open=1, due_from=as_at, due_before=soon_until, as_at=as_at
        ),
    }


def _line(action: Action, state: ActionAsAt) -> ActionLine:
    return ActionLine(action, state, action_why(state.assessment))


def _month_ends(as_at: datetime.date, months: int) -> list[datetime.date]:
    ends = [performance_rules.month_end(add_months(as_at, -n)) for n in range(months - 1, 0, -1)]
    return [*ends, as_at]


def _past_tallies(
    actions, days: list[datetime.date], as_at: datetime.date, version: str | None
) -> dict[datetime.date, dict[str, int]]:
    """Counts by colour at past month ends, counted over the stored intervals (one GROUP BY). Cached for the page's
    date (which plans were active then decides the actions counted) under the data version (`core.versions`):
    after any write they are counted again."""
    if version is None:
        return colour_counts_on_dates(actions, days)
    key = f"dashboard-colours:{CACHE_VERSION}:{as_at.isoformat()}:{days[0].isoformat()}:{days[-1].isoformat()}"
    # Only plain values are cached (no class of this code base is pickled), so that an entry written by an older
    # release never fails to load after classes move.
    entry = cache.get(key)
    if entry and entry.get("version") == version and all(day in entry["tallies"] for day in days):
        return {day: entry["tallies"][day] for day in days}
    tallies = colour_counts_on_dates(actions, days)
    cache.set(key, {"version": version, "tallies": tallies}, CACHE_SECONDS)
    return tallies


def _colour_chart(actions, today_counts: dict[str, int], as_at: datetime.date, version: str | None) -> dict:
    """Actions by colour at each month end over the last year (the last point is `as_at`, `today_counts`), drawn
    on the server as SVG: the page needs no chart library."""
    days = _month_ends(as_at, CHART_MONTHS)
    tallies = _past_tallies(actions, days[:-1], as_at, version)
    tallies[as_at] = today_counts
    counts = {colour: [tallies[day].get(colour, 0) for day in days] for colour in RAG_ORDER}
    description = (
        f"Actions in active plans by colour at each month end from {long_date(days[0])} to {long_date(days[-1])}. "
        f"At {long_date(as_at)}: " + ", ".join(f"{counts[c][-1]} {rag_label(c).lower()}" for c in RAG_ORDER) + "."
    )
    rows = [{"day": d, "counts": [counts[c][i] for c in RAG_ORDER]} for i, d in enumerate(days)]
    return {"chart": stacked_bars_svg(days, counts, description=description), "rows": rows}


@dataclass
class IndicatorLine:
    status: object
    sparkline: str
    why: str
    url: str


def _indicator_url(indicator: Indicator) -> str:
    try:
        return indicator.get_absolute_url()
    except NoReverseMatch:  # the indicator pages are not installed in this deployment
        return ""


def _key_indicators(as_at: datetime.date) -> list[IndicatorLine]:
    authority = home_authority()
    if authority is None:
        return []
    # The first KEY_INDICATOR_LIMIT in the catalogue's order; the page says how many there are and links to all.
    indicators = Indicator.objects.filter(is_key=True, is_active=True).order_by("order", "name", "id")
    lines = []
    for status in indicator_statuses(indicators[:KEY_INDICATOR_LIMIT], authority=authority, as_at=as_at):
        why = indicator_why(
            status.assessment.reasons,
            value_text=performance_value(status),
            target=status.target_value,
            tolerance=status.tolerance,
            unit=status.indicator.unit,
        )
        spark = sparkline_svg(status.sparkline_values, status.indicator.name, status.indicator.unit)
        lines.append(IndicatorLine(status, spark, why, _indicator_url(status.indicator)))
    return lines


def performance_value(status) -> str:
    return value_text(status.value, status.indicator.unit)


def dashboard(as_at: datetime.date, version: str | None) -> dict:
    """Everything as it stood on `as_at`: the plans active then, what was reported by then, the targets then.
    `version`: the data version (`core.versions.data_version`) the caller read before anything else, under which
    the parts that cost most are cached; None caches nothing."""
    active = Plan.objects.active_on(as_at)
    ranking = rank_plans(_cached("plans", as_at, version, lambda: plan_rows(active, as_at)), as_at)
    shown = [pk for pk, _ in ranking.ranked[:PLAN_LIMIT]]
    by_pk = Plan.objects.select_related("board", "owner").in_bulk(shown)
    base = reverse("improvement:action_list")
    summaries = plan_summaries([by_pk[pk] for pk in shown], as_at)
    actions = Action.objects.filter(priority__plan__in=active.values("pk"))
    coverage = coverage_summary(as_at, recommendations=answered_by_active_plans(as_at=as_at))
    coverage_url = _coverage_url(as_at)
    return {
        "as_at": as_at,
        "plans": _plan_lines(summaries, as_at, base),
        "plan_count": len(ranking.ranked),
        "plan_colours": [
            {"rag": colour, "label": LABELS[colour], "count": n}
            for colour in (*RAG_ORDER, None)
            if (n := ranking.colour_totals.get(colour, 0))
        ],
        "plan_list_url": reverse("improvement:plan_list") + ("" if is_live(as_at) else f"?as_at={as_at.isoformat()}"),
        # The independent assurance rating in force on the date, per plan (one query).
        "assurance": current_assurance([s.plan.pk for s in summaries], as_at),
        **_deadline_panels(as_at, base, version),
        "coverage": [
            {
                "state": state,
                "label": state.label,
                "count": count,
                "url": coverage_url and f"{coverage_url}&coverage={state.value}",
            }
            for state, count in coverage.items()
        ],
        "indicators": _key_indicators(as_at),
        "key_indicator_count": Indicator.objects.filter(is_key=True, is_active=True).count(),
        "indicator_list_url": _indicator_list_url(),
        "colour_chart": _colour_chart(actions, ranking.action_totals, as_at, version),
        "due_soon_days": rules.DUE_SOON_DAYS,
    }


def _indicator_list_url() -> str:
    try:
        return reverse("performance:indicator_list")
    except NoReverseMatch:  # the indicator pages are not installed in this deployment
        return ""


def _coverage_url(as_at: datetime.date) -> str:
    """The tracker narrowed to what the coverage panel counts, as at the page's date; a state is added per link."""
    try:
        base = reverse("improvement:recommendation_list")
    except NoReverseMatch:  # the recommendation tracker is not installed in this deployment
        return ""
    return base + "?" + urlencode({"scope": ACTIVE_PLANS_SCOPE, "as_at": as_at.isoformat()})
