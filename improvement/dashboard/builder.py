"""Everything the dashboard (the site's home page) shows, as at a date, in a fixed number of queries.

Composes the selectors other parts own: plan roll-ups and action states as at a date (improvement.plans.selectors),
recommendation coverage (improvement.tracker.coverage) and indicator statuses (performance.selectors).
"""

from __future__ import annotations

import datetime
import threading
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urlencode

from cachetools import LRUCache
from django.urls import NoReverseMatch, reverse

from core.charts import stacked_bars_svg
from core.presentation import add_months, sparkline_svg, value_text
from core.rag import RAG_ORDER, rag_label
from improvement.governance.selectors import current_assurance
from improvement.models import Action, CommitteeReport, Plan, PlanColoursToken
from improvement.plans import rules
from improvement.plans.selectors import (
    ActionAsAt,
    PlanSummary,
    Tally,
    add_up,
    end_of_day,
    is_live,
    plan_summaries,
    plan_tallies,
    rank_plans,
)
from improvement.reports.snapshot import progress_plans
from improvement.reports.why import action_why, long_date, rollup_why
from improvement.tracker.coverage import (
    ACTIVE_PLANS_SCOPE,
    action_counts_by_plan,
    answered_by_active_plans,
    coverage_of_counts,
)
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
# Each plan's tally as at a date with the colours token it was counted under (`_tallies`), kept in this process's
# memory, not a shared cache: read back without unpickling or a round trip, so reading a hundred plans' tallies
# costs well under a millisecond (the database cache took 8 ms at factor 10). At most KEPT_TALLIES (date, plan)
# pairs, the least recently used dropped first; every plan is kept per date (closed and draft ones too, for the
# coverage counts). A plan of 200 actions takes some 40 KB, so 40 MB at most per worker: a hundred plans on ten
# dates. A tally is shared by the pages that read it, never changed once kept.
KEPT_TALLIES = 1_000
_KEPT: LRUCache[tuple[str, bool, int], tuple[int, Tally]] = LRUCache(maxsize=KEPT_TALLIES)
_KEPT_LOCK = threading.Lock()
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


def _tallies(
    tokens: dict[int, int | None],
    as_at: datetime.date,
    days: list[datetime.date],
    soon_until: datetime.date,
    *,
    keep: bool,
) -> dict[int, Tally]:
    """Each plan's tally as at the date (`_count`), read back from this process's memory where the plan's colours
    token is still the one it was counted under: after a write only the plans whose token it renewed are counted
    again, in five queries over their actions. A tally is kept only if its plan's token, read again after the
    counting (one query), has not changed meanwhile: so the data it was counted from is exactly the data under that
    token, and a database restored to an earlier token has that token's data too. Keyed by whether the date is
    still today (figures then come from the live actions, for a past date from their intervals). `tokens`: every
    plan's (id -> token, None for a plan that has none yet, counted every time); `keep` False keeps nothing."""
    if not keep:
        return _count(list(tokens), as_at, days, soon_until)
    live, day = is_live(as_at), as_at.isoformat()
    found: dict[int, Tally] = {}
    with _KEPT_LOCK:
        for pk, token in tokens.items():
            kept = _KEPT.get((day, live, pk))
            if token is not None and kept is not None and kept[0] == token:
                found[pk] = kept[1]
    missing = [pk for pk in tokens if pk not in found]
    if missing:
        counted = _count(missing, as_at, days, soon_until)
        still = dict(PlanColoursToken.objects.filter(plan_id__in=missing).values_list("plan_id", "token"))
        with _KEPT_LOCK:
            for pk in missing:
                token = tokens[pk]
                if token is not None and still.get(pk) == token:
                    _KEPT[(day, live, pk)] = (token, counted[pk])
        found.update(counted)
    return found


def _count(plan_ids: list[int], as_at: datetime.date, days: list[datetime.date], soon_until: datetime.date) -> dict:
    """The plans' tallies (`plan_tallies`: colour counts on the dates, deadline counts and first rows), each with
    its actions' counts per recommendation under "recommendations" (`action_counts_by_plan`)."""
    tallies = plan_tallies(plan_ids, as_at, days=days, soon_until=soon_until, limit=LIST_LIMIT)
    for pk, counts in action_counts_by_plan(plan_ids, as_at).items():
        tallies[pk]["recommendations"] = counts
    return tallies


def _deadline_panels(total: Tally, as_at: datetime.date, soon_until: datetime.date, base: str) -> dict:
    """Overdue and due-soon counts and the first few of each (from the plans' tallies added up); only the few
    listed are loaded in full."""
    overdue, soon = total["overdue_rows"], total["soon_rows"]
    shown = {a.pk: a for a in Action.objects.with_related().filter(pk__in=[r["action_id"] for r in overdue + soon])}
    from_history = not is_live(as_at)

    def lines(rows: list[dict]) -> list[ActionLine]:
        # An action deleted since its plan was counted is not listed (its plan is counted again on the next page).
        found = [(shown[row["action_id"]], row) for row in rows if row["action_id"] in shown]
        return [
            _line(
                action,
                ActionAsAt(as_at=as_at, from_history=from_history, plan_start=action.priority.plan.start_date, **row),
            )
            for action, row in found
        ]

    return {
        "overdue": lines(overdue),
        "overdue_count": total["overdue"],
        "overdue_url": action_list_url(base=base, scope=ACTIVE_PLANS_SCOPE, overdue=1, open=1, as_at=as_at),
        "soon": lines(soon),
        "soon_count": total["soon"],
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


def _colour_chart(total: Tally, days: list[datetime.date], as_at: datetime.date) -> dict:
    """Actions by colour at each month end over the last year (the last point is `as_at`), drawn on the server as
    SVG: the page needs no chart library."""
    counts = {colour: [total["days"][day.isoformat()][colour] for day in days] for colour in RAG_ORDER}
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
    `version`: the data version (`core.versions.data_version`) the caller read before anything else; None (nothing
    counted since the data was emptied) keeps no plan's tally (`_tallies`)."""
    # Every plan, for the coverage counts (actions of any plan answer a recommendation); the active ones shown.
    plans = list(Plan.objects.order_by().values_list("pk", "start_date", "name", "colours_token__token"))
    active = set(Plan.objects.active_on(as_at).values_list("pk", flat=True))
    days = _month_ends(as_at, CHART_MONTHS)
    soon_until = as_at + datetime.timedelta(days=rules.DUE_SOON_DAYS)
    tallies = _tallies({pk: token for pk, _, _, token in plans}, as_at, days, soon_until, keep=version is not None)
    shown_plans = [(pk, start, name, tallies[pk]) for pk, start, name, _ in plans if pk in active]
    total = add_up([tally for *_, tally in shown_plans], days, limit=LIST_LIMIT)
    on_the_day = as_at.isoformat()
    ranking = rank_plans(
        [(pk, start, name, tally["days"][on_the_day]) for pk, start, name, tally in shown_plans], as_at
    )
    shown = [pk for pk, _ in ranking.ranked[:PLAN_LIMIT]]
    by_pk = Plan.objects.select_related("board", "owner").in_bulk(shown)
    base = reverse("improvement:action_list")
    summaries = plan_summaries([by_pk[pk] for pk in shown], as_at)
    coverage = coverage_of_counts(
        (tally["recommendations"] for tally in tallies.values()),
        as_at,
        recommendations=answered_by_active_plans(as_at=as_at),
    )
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
        **_deadline_panels(total, as_at, soon_until, base),
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
        "colour_chart": _colour_chart(total, days, as_at),
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
