"""Builds everything a committee report shows as one JSON-serialisable structure.

The same structure renders a draft (built live on every view) and an issued report (read back from its frozen
`snapshot`), so issuing is only storing it. It therefore holds what is *shown*: display text for every figure
(after small-number suppression), colours, the "why is this red" sentences, chart data, and the targets,
tolerances and delivery thresholds in force, never references that would be looked up again later.

The layout follows the seed committee papers: numbered sections for purpose, background, the inspection and its
judgements, progress on the plan, impact (the change table and charts), recommendations to the committee, and
challenges and next steps.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter, defaultdict

import plotly.graph_objects as go
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from core.charts import RAG_COLOURS, SERIES_COLOURS, base_layout, chart_context, dated_points, period_label
from core.numbers import format_number
from core.presentation import colour_change, person_name
from core.rag import RAG, RAG_ORDER, rag_label
from improvement.governance.report import governance_content
from improvement.models import (
    SECTION_CHOICES,
    SECTION_KEYS,
    Action,
    CommitteeReport,
    Plan,
    Priority,
    ProgressUpdate,
)
from improvement.plans import rules
from improvement.plans.selectors import ActionAsAt, action_states_as_at, end_of_day, latest_assessments
from improvement.reports.selectors import previous_issued_report
from improvement.reports.suppression import Suppressor
from improvement.reports.why import action_why, indicator_why, long_date, rollup_why
from inspections.models import Judgement
from performance import rules as performance_rules
from performance import selectors as performance_selectors
from performance.models import Indicator, Observation

SNAPSHOT_VERSION = 1
CHART_MONTHS_BEFORE_BASELINE = 6
UNIT_SUFFIX = {Indicator.Unit.PERCENT: "%"}


def short_date(day: datetime.date) -> str:
    """'19/05/15', as the seed papers head their change tables."""
    return f"{day:%d/%m/%y}"


def _person(user) -> str:
    return person_name(user)


def _counts(rollup: rules.Rollup) -> list[dict]:
    return [{"rag": colour, "label": rag_label(colour), "count": rollup.counts[colour]} for colour in RAG_ORDER]


def build_report(report: CommitteeReport) -> dict:
    """The report's whole content from live data as at its current date (a fixed number of queries)."""
    previous = previous_issued_report(report)
    previous_content = previous.snapshot if previous else None
    suppressor = Suppressor(report.suppress_below)
    progress = _progress(report, previous, previous_content)
    impact = _impact(report, suppressor)
    inspections = _inspections(report)
    narrative = {name: getattr(report, name) for name in NARRATIVE}
    governance = governance_content(report)
    sections = _sections(report, narrative, inspections, progress, impact, governance)
    content = {
        "version": SNAPSHOT_VERSION,
        "title": report.title,
        "committee": report.committee.name,
        "committee_kind": report.committee.get_kind_display(),
        "council": _council_name(),
        "agenda_item": report.agenda_item,
        "report_of": report.report_of,
        "classification": report.get_classification_display(),
        "exempt_reason": report.exempt_reason if report.classification == report.Classification.EXEMPT else "",
        "appendices": [line.strip() for line in report.appendices.splitlines() if line.strip()],
        "meeting_date": report.meeting_date,
        "meeting_date_text": long_date(report.meeting_date),
        "baseline_date": report.baseline_date,
        "baseline_text": long_date(report.baseline_date),
        "current_date": report.current_date,
        "current_text": long_date(report.current_date),
        "author": _person(report.author),
        "built_at": timezone.now(),
        "suppress_below": report.suppress_below,
        "suppression_note": suppressor.note,
        "previous": (
            {
                "id": previous.pk,
                "title": previous.title,
                "meeting_date_text": long_date(previous.meeting_date),
                "current_text": long_date(previous.current_date),
            }
            if previous
            else None
        ),
        "narrative": narrative,
        "sections": sections,
        "inspections": inspections,
        "progress": progress,
        "impact": impact,
        "governance": governance,
        "rules": {
            "due_soon_days": rules.DUE_SOON_DAYS,
            "not_started_grace_days": rules.NOT_STARTED_GRACE_DAYS,
            "progress_slip_points": rules.PROGRESS_SLIP_POINTS,
            "red_share_percent": int(rules.RED_SHARE_FOR_RED_ROLLUP * 100),
        },
    }
    # One round trip through JSON makes the live draft exactly what would be stored (dates as ISO text, no
    # Decimals), so a draft and its issued copy render identically.
    return json.loads(json.dumps(content, cls=DjangoJSONEncoder))


NARRATIVE = (
    "purpose",
    "background",
    "recommendations",
    "challenges",
    "impact",
    "financial_implications",
    "assurance",
    "risk_implications",
    "legal_implications",
    "equality_implications",
    "appendices",
)


def _council_name() -> str:
    home = performance_selectors.home_authority()
    return home.name if home else ""


def _sections(report, narrative, inspections, progress, impact, governance) -> list[dict]:
    """The sections the author chose, numbered as the seed papers number them; one with nothing to show (no
    text written and no data) is left out rather than shown blank."""
    present = {
        "purpose": bool(narrative["purpose"]),
        "recommendations": bool(narrative["recommendations"]),
        "background": bool(narrative["background"]),
        "inspections": bool(inspections),
        "progress": bool(progress["plans"]),
        "impact": bool(impact["rows"] or narrative["impact"]),
        "financial": bool(governance["budget"]["lines"] or narrative["financial_implications"]),
        "assurance": bool(governance["assurance"] or narrative["assurance"]),
        "risks": bool(governance["risks"] or narrative["risk_implications"]),
        "legal": bool(narrative["legal_implications"] or narrative["equality_implications"]),
        "challenges": bool(narrative["challenges"]),
        "appendices": bool(narrative["appendices"]),
    }
    chosen = set(report.sections if report.sections is not None else SECTION_KEYS)
    shown = [(key, title) for key, title in SECTION_CHOICES if key in chosen and present[key]]
    return [{"key": key, "number": n, "title": title} for n, (key, title) in enumerate(shown, start=1)]


# 3. Inspection summary ------------------------------------------------------------------------------------------


def _inspections(report: CommitteeReport) -> list[dict]:
    inspections = (
        report.inspections.order_by("start_date", "id")
        .annotate(
            recommendation_count=Count("recommendations", distinct=True),
            priority_action_count=Count(
                "recommendations", filter=Q(recommendations__is_priority_action=True), distinct=True
            ),
        )
        .prefetch_related(Prefetch("judgements", queryset=Judgement.objects.order_by("order", "id")))
    )
    result = []
    for inspection in inspections:
        judgements = list(inspection.judgements.all())
        result.append(
            {
                "id": inspection.pk,
                "title": inspection.title,
                "kind": inspection.get_kind_display(),
                "body": inspection.body,
                "framework": inspection.get_framework_display(),
                "dates_text": f"{long_date(inspection.start_date)} to {long_date(inspection.end_date)}",
                "published_text": long_date(inspection.published_date),
                "overall_grade": inspection.get_overall_grade_display(),
                "summary": inspection.summary,
                "recommendation_count": inspection.recommendation_count,
                "priority_action_count": inspection.priority_action_count,
                "has_self_assessment": any(j.self_assessment_grade for j in judgements),
                "judgements": [
                    {
                        "service_area": j.service_area,
                        "area_name": j.area_name,
                        "grade": j.get_grade_display(),
                        "self_assessment_grade": j.get_self_assessment_grade_display(),
                        "is_key": j.is_key,
                        "differs": j.differs_from_self_assessment,
                    }
                    for j in judgements
                ],
            }
        )
    return result


# 4. Progress on the plan ----------------------------------------------------------------------------------------


def _progress(report: CommitteeReport, previous: CommitteeReport | None, previous_content: dict | None) -> dict:
    as_at = report.current_date
    plans = list(report.plans.select_related("board", "owner").order_by("start_date", "name", "id"))
    plan_ids = [p.pk for p in plans]
    priorities = list(Priority.objects.filter(plan_id__in=plan_ids).select_related("lead").order_by("number", "id"))
    actions = list(
        Action.objects.filter(priority__plan_id__in=plan_ids)
        .select_related("owner", "priority__plan")
        .order_by("priority__number", "reference", "id")
    )
    now_states = action_states_as_at(actions, as_at)
    # Colours at the previous report come from its frozen snapshot: what that committee was actually shown.
    # Without one, the baseline date is the comparison point, computed from the recorded history.
    previous_colours = _previous_colours(previous_content)
    then_text = (
        f"the previous report ({long_date(previous.meeting_date)})"
        if previous
        else f"the baseline ({long_date(report.baseline_date)})"
    )
    then_day = previous.current_date if previous else report.baseline_date
    then_states = None if previous_content else action_states_as_at(actions, report.baseline_date)

    by_priority_now: dict[int, list] = defaultdict(list)
    by_priority_then: dict[int, list] = defaultdict(list)
    for action in actions:
        by_priority_now[action.priority_id].append(now_states[action.pk].rag)
        if then_states is not None:
            by_priority_then[action.priority_id].append(then_states[action.pk].rag)

    assessments = _assessments(priorities, as_at)
    priorities_by_plan: dict[int, list[Priority]] = defaultdict(list)
    for priority in priorities:
        priorities_by_plan[priority.plan_id].append(priority)
    actions_by_plan: dict[int, list[Action]] = defaultdict(list)
    for action in actions:
        actions_by_plan[action.priority.plan_id].append(action)

    plan_rows = []
    for plan in plans:
        plan_priorities = priorities_by_plan[plan.pk]
        priority_rows = []
        for priority in plan_priorities:
            rollup = rules.rollup(by_priority_now[priority.pk], begins=plan.start_date, as_at=as_at)
            if previous_content is not None:
                then = previous_colours["priorities"].get(str(priority.pk))
            else:
                then = rules.rollup(by_priority_then[priority.pk], begins=plan.start_date, as_at=then_day).rag
            priority_rows.append(
                {
                    "id": priority.pk,
                    "number": priority.number,
                    "title": priority.title,
                    "lead": _person(priority.lead),
                    "rag": rollup.rag,
                    "word": rollup.word,
                    "counts": _counts(rollup),
                    "total": rollup.total,
                    "why": rollup_why(rollup, "priority"),
                    "previous_rag": then,
                    "previous_word": _then_word(then, plan, then_day),
                    "movement": colour_change(then, rollup.rag),
                    "assessment": assessments.get(priority.pk),
                }
            )
        plan_colours = [now_states[a.pk].rag for a in actions_by_plan[plan.pk]]
        plan_rollup = rules.rollup(plan_colours, begins=plan.start_date, as_at=as_at)
        if previous_content is not None:
            plan_then = previous_colours["plans"].get(str(plan.pk))
        else:
            then_colours = [c for p in plan_priorities for c in by_priority_then[p.pk]]
            plan_then = rules.rollup(then_colours, begins=plan.start_date, as_at=then_day).rag
        plan_rows.append(
            {
                "id": plan.pk,
                "name": plan.name,
                "kind": plan.get_kind_display(),
                "board": plan.board.name if plan.board else "",
                "rag": plan_rollup.rag,
                "word": plan_rollup.word,
                "counts": _counts(plan_rollup),
                "total": plan_rollup.total,
                "why": rollup_why(plan_rollup, "plan"),
                "previous_rag": plan_then,
                "previous_word": _then_word(plan_then, plan, then_day),
                "movement": colour_change(plan_then, plan_rollup.rag),
                "priorities": priority_rows,
                "status_table": _status_table(actions_by_plan[plan.pk], now_states),
            }
        )

    exceptions = _exceptions(actions, now_states, as_at)
    since = previous.current_date if previous else report.baseline_date
    completed = _completed_since(actions, now_states, since, as_at)
    return {
        "plans": plan_rows,
        "then_label": f"At {then_text}",
        "then_text": then_text,
        "exceptions": exceptions,
        "completed": completed,
        "completed_since_text": long_date(since),
        "action_colours": {str(a.pk): now_states[a.pk].rag for a in actions},
    }


def _then_word(then: str | None, plan: Plan, then_day: datetime.date) -> str:
    """The earlier colour's word; a plan that had not begun then was not rated, not "no rating"."""
    if then is None and then_day < plan.start_date:
        return rules.NOT_YET_STARTED
    return rag_label(then)


def _previous_colours(content: dict | None) -> dict:
    found: dict[str, dict] = {"plans": {}, "priorities": {}}
    if not content:
        return found
    for plan in content.get("progress", {}).get("plans", []):
        found["plans"][str(plan["id"])] = plan["rag"]
        for priority in plan["priorities"]:
            found["priorities"][str(priority["id"])] = priority["rag"]
    return found


def _assessments(priorities, as_at: datetime.date) -> dict[int, dict]:
    """Each priority lead's latest assessment on or before the report's date."""
    return {
        priority_id: {
            "date_text": long_date(a.date),
            "rag": a.rag,
            "commentary": a.commentary,
            "by": _person(a.assessed_by),
        }
        for priority_id, a in latest_assessments(priorities, as_at).items()
    }


def _status_table(actions, states) -> list[dict]:
    """Actions by status (as at the report's date) and colour: rows are statuses, columns colours."""
    tally: Counter = Counter((states[a.pk].status, states[a.pk].rag) for a in actions)
    rows = []
    for status, label in Action.Status.choices:
        cells = [{"rag": colour, "count": tally[(status, colour)]} for colour in RAG_ORDER]
        total = sum(c["count"] for c in cells) + tally[(status, None)]
        if total:
            rows.append({"status": label, "cells": cells, "total": total})
    return rows


def _latest_commentary(action_ids: list[int], as_at: datetime.date) -> dict[int, dict]:
    """The latest commentary each action's owner wrote on or before the report's date. One query."""
    latest: dict[int, dict] = {}
    rows = (
        ProgressUpdate.objects.filter(action_id__in=action_ids, created_at__lt=end_of_day(as_at))
        .exclude(commentary="")
        .order_by("action_id", "-created_at", "-id")
        .values("action_id", "created_at", "commentary")
    )
    for row in rows:
        if row["action_id"] not in latest:
            latest[row["action_id"]] = {
                "date_text": long_date(timezone.localdate(row["created_at"])),
                "text": row["commentary"],
            }
    return latest


def _action_row(action: Action, state: ActionAsAt) -> dict:
    return {
        "id": action.pk,
        "reference": action.reference,
        "description": action.description,
        "priority": str(action.priority),
        "owner": _person(action.owner),
        "due_text": long_date(state.due_date),
        "status": state.status_label,
        "progress": state.progress,
        "rag": state.rag,
        "computed_rag": state.computed_rag,
        "days_overdue": state.days_overdue,
        "why": action_why(state.assessment),
    }


def _exceptions(actions, states, as_at) -> list[dict]:
    """Red and overdue actions, most overdue first, with owner and the latest commentary."""
    rows = [_action_row(a, states[a.pk]) for a in actions if states[a.pk].rag == RAG.RED or states[a.pk].is_overdue]
    commentary = _latest_commentary([r["id"] for r in rows], as_at)
    for row in rows:
        row["commentary"] = commentary.get(row["id"])
    rows.sort(key=lambda r: (-r["days_overdue"], r["priority"], r["reference"]))
    return rows


def _completed_since(actions, states, since: datetime.date, as_at: datetime.date) -> list[dict]:
    rows = []
    for action in actions:
        state = states[action.pk]
        done = action.completed_date
        if state.status == Action.Status.COMPLETE and done and since < done <= as_at:
            rows.append(
                {
                    "id": action.pk,
                    "reference": action.reference,
                    "description": action.description,
                    "priority": str(action.priority),
                    "owner": _person(action.owner),
                    "completed_text": long_date(done),
                    "completed_date": done,
                }
            )
    rows.sort(key=lambda r: (r["completed_date"], r["reference"]))
    return rows


# 5. Impact ------------------------------------------------------------------------------------------------------


def _impact(report: CommitteeReport, suppressor: Suppressor) -> dict:
    indicators = list(report.indicators.order_by("order", "code"))
    authority = performance_selectors.home_authority()
    if authority is None or not indicators:
        return {"rows": [], "indicators": [], "charts": [], "change_heading": "Change"}
    baseline, current = report.baseline_date, report.current_date
    changes = performance_selectors.change_rows(indicators, authority=authority, old_date=baseline, new_date=current)
    statuses = performance_selectors.indicator_statuses(indicators, authority=authority, as_at=current)
    rows = [_change_row(row, suppressor) for row in changes]
    directions = {r["direction"] for r in rows if r["direction"]}
    change_heading = {"reduction": "Reduction", "increase": "Increase"}.get(
        next(iter(directions)) if len(directions) == 1 else "", "Change"
    )
    comparators = performance_selectors.comparator_authorities(authority)
    chart_series = _chart_series(indicators, [authority, *comparators], baseline, current)
    return {
        "baseline_short": short_date(baseline),
        "current_short": short_date(current),
        "change_heading": change_heading,
        "mixed_directions": change_heading == "Change",
        "rows": rows,
        "indicators": [_status_row(status, suppressor) for status in statuses],
        "charts": [
            chart
            for status in statuses
            if (chart := _indicator_chart(status, authority, comparators, chart_series, baseline, current, suppressor))
        ],
    }


def _change_row(row, suppressor: Suppressor) -> dict:
    indicator = row.indicator
    old = row.old.value if row.old else None
    new = row.new.value if row.new else None
    old_text, old_hidden = suppressor.show(indicator, old, row.old.missing_reason if row.old else "")
    new_text, new_hidden = suppressor.show(indicator, new, row.new.missing_reason if row.new else "")
    hidden = old_hidden or new_hidden
    change = row.change
    if change is None:
        change_text = ""
    elif hidden:
        # The difference between a shown figure and a suppressed one would give the suppressed one away.
        change_text = "not shown"
    else:
        change_text = change.describe()
    return {
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.get_unit_display(),
        "old_text": old_text,
        "new_text": new_text,
        "old_date_text": long_date(row.old.period_end) if row.old else "",
        "new_date_text": long_date(row.new.period_end) if row.new else "",
        "change_text": change_text,
        "direction": change.direction if change and not hidden else "",
        "judgement": (row.judgement or "") if not hidden else "",
    }


def _status_row(status, suppressor: Suppressor) -> dict:
    indicator = status.indicator
    suffix = UNIT_SUFFIX.get(indicator.unit, "")
    value_text, hidden = suppressor.show(indicator, status.value, status.missing_reason)
    target = status.target
    why = indicator_why(
        status.assessment.reasons,
        value_text=value_text + ("" if hidden or not value_text else suffix),
        target=status.target_value,
        tolerance=status.tolerance,
        unit=indicator.unit,
        gap_hidden=hidden,
    )
    return {
        "code": indicator.code,
        "name": indicator.name,
        "polarity": indicator.get_polarity_display(),
        "period_text": long_date(status.period_end) if status.period_end else "no figure",
        "value_text": value_text + ("" if hidden or not value_text else suffix),
        "target_text": format_number(target.value) + suffix if target else "",
        "tolerance_text": format_number(target.tolerance) + suffix if target else "",
        "target_from_text": long_date(target.effective_from) if target else "",
        "rag": status.rag,
        "direction": status.direction or "",
        "why": why,
    }


def _chart_series(indicators, authorities, baseline, current) -> dict[tuple[int, int], list]:
    """All authorities' figures for all the report's indicators over the chart window, in one query."""
    start = performance_rules.add_months(baseline, -CHART_MONTHS_BEFORE_BASELINE)
    found: dict[tuple[int, int], list] = defaultdict(list)
    rows = (
        Observation.objects.filter(
            indicator__in=indicators,
            authority__in=authorities,
            period_end__gte=start,
            period_end__lte=current,
        )
        .order_by("period_end")
        .values_list("indicator_id", "authority_id", "period_end", "value", "missing_reason")
    )
    for indicator_id, authority_id, period_end, value, reason in rows:
        found[(indicator_id, authority_id)].append((period_end, value, reason))
    return found


def _indicator_chart(status, authority, comparators, found, baseline, current, suppressor) -> dict | None:
    """The council's figures against the target in force and the comparators, with small counts left out."""
    indicator = status.indicator
    traces, drawn = [], []
    for index, who in enumerate([authority, *comparators]):
        points = found.get((indicator.pk, who.pk), [])
        if not points:
            continue
        days, ys, texts = [], [], []
        for period_end, value, reason in points:
            text, hidden = suppressor.show(indicator, value, reason)
            days.append(period_end)
            drawn.append(period_end)
            ys.append(None if hidden or value is None else float(value))
            texts.append(text)
        traces.append(
            go.Scatter(
                **dated_points(days),
                y=ys,
                text=texts,
                hovertemplate="%{text}",
                name=who.name,
                mode="lines+markers",
                connectgaps=False,
                line={"color": SERIES_COLOURS[index % len(SERIES_COLOURS)], "width": 3 if who == authority else 2},
            )
        )
    if not traces:
        return None
    if status.target is not None:
        traces.append(
            go.Scatter(
                **dated_points([baseline, current]),
                y=[float(status.target.value)] * 2,
                name=f"Target ({format_number(status.target.value)})",
                mode="lines",
                line={"color": RAG_COLOURS["green"], "dash": "dash"},
            )
        )
    figure = go.Figure(data=traces, layout=base_layout(title={"text": indicator.name, "font": {"size": 14}}))
    # The caption names the range actually drawn (the chart starts months before the baseline for context).
    drawn = sorted(drawn)
    description = (
        f"{indicator.name}: figures from {period_label(drawn[0])} to {period_label(drawn[-1])} "
        f"(baseline {long_date(baseline)}, figures as at {long_date(current)})"
    )
    if status.target is not None:
        description += f" against a target of {format_number(status.target.value)}"
    if len(traces) > 1 + (status.target is not None):
        description += " and comparators"
    description += "; the same figures are in the tables above."
    return chart_context(figure, chart_id=f"chart-{indicator.code}", description=description, height=300)
