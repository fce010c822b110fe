"""Coverage: has each recommendation been answered by actions, and is it making a difference?

A recommendation's coverage follows from the counted actions linked to it (withdrawn ones count nowhere) and from
the indicators those actions name as their success measures:

- not covered: no counted action is linked;
- in progress: some linked action is not complete;
- actions complete: every linked action is complete and none names an indicator with a good direction;
- complete, impact not yet evidenced: every linked action is complete, and some linked indicator with a good
  direction is not better now than it was at the inspection (or has no figure to show it);
- complete and improved: every linked action is complete and every linked indicator with a good direction is
  better now than at the inspection.

"At the inspection" is the latest figure on or before the inspection's published date (its end date when it has
none); "now" is the latest figure on or before the date asked about. Context indicators have no good direction,
so they show their trend but decide nothing.

Everything here runs in a fixed number of queries however many recommendations, actions and indicators exist.
"""

from __future__ import annotations

import bisect
import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import F

from core.numbers import Change, change
from improvement.models import Action
from improvement.selectors import action_colour
from inspections.models import Recommendation
from performance import rules
from performance.models import Authority, Indicator, Observation


class Coverage(models.TextChoices):
    NOT_COVERED = "not_covered", "Not covered"
    IN_PROGRESS = "in_progress", "In progress"
    ACTIONS_COMPLETE = "actions_complete", "Actions complete"
    IMPACT_NOT_YET_EVIDENCED = "impact_not_yet_evidenced", "Complete, impact not yet evidenced"
    COMPLETE_AND_IMPROVED = "complete_and_improved", "Complete and improved"


class SeriesLookup:
    """The council's figures for some indicators up to a date, read in one query, answering "the latest figure on
    or before D" for any D without another query. `performance.selectors.change_rows` takes one old date for all
    indicators, and each recommendation's inspection has its own, so calling it per inspection would cost a query
    per inspection. Figures withheld (c/x/z/u) are skipped: the trend compares the latest figures there are."""

    def __init__(self, indicators: Iterable[Indicator], *, until: datetime.date):
        self._series: dict[int, list[Observation]] = defaultdict(list)
        ids = [i.pk for i in indicators]
        if not ids:
            return
        rows = Observation.objects.filter(
            indicator_id__in=ids,
            authority__kind=Authority.Kind.COUNCIL,
            period_end__lte=until,
            value__isnull=False,
        ).order_by("indicator_id", "period_end")
        for row in rows.only("indicator_id", "period_end", "value"):
            self._series[row.indicator_id].append(row)

    def on_or_before(self, indicator_id: int, day: datetime.date) -> Observation | None:
        series = self._series.get(indicator_id, [])
        index = bisect.bisect_right(series, day, key=lambda o: o.period_end)
        return series[index - 1] if index else None


def baseline_date(recommendation: Recommendation) -> datetime.date:
    """The date "since the inspection" counts from: publication, or the end of fieldwork before publication."""
    inspection = recommendation.inspection
    return inspection.published_date or inspection.end_date


@dataclass(frozen=True)
class IndicatorTrend:
    """One indicator's figure at the inspection and now, and whether that is better by its polarity."""

    indicator: Indicator
    since: datetime.date
    baseline_date: datetime.date | None
    baseline: object
    latest_date: datetime.date | None
    latest: object
    direction: str | None  # "better", "worse", "same"; "up"/"down" for context indicators; None without figures

    @property
    def change(self) -> Change | None:
        return change(self.baseline, self.latest)

    @property
    def counts_for_impact(self) -> bool:
        return not self.indicator.is_context

    @property
    def improved(self) -> bool:
        return self.direction == "better"


@dataclass
class RecommendationCoverage:
    """A tracker line: one recommendation, or a group of related ones from several reviews."""

    recommendations: list[Recommendation]
    actions: list[Action] = field(default_factory=list)
    trends: list[IndicatorTrend] = field(default_factory=list)
    state: str = Coverage.NOT_COVERED
    colours: dict[int, str | None] = field(default_factory=dict)

    @property
    def recommendation(self) -> Recommendation:
        return self.recommendations[0]

    @property
    def state_label(self) -> str:
        return Coverage(self.state).label

    @property
    def counted_actions(self) -> list[Action]:
        return [a for a in self.actions if a.status != Action.Status.WITHDRAWN]

    @property
    def actions_with_colours(self) -> list[tuple[Action, str | None]]:
        return [(a, self.colours.get(a.pk)) for a in self.actions]

    @property
    def due_date(self) -> datetime.date | None:
        """The earliest due date of the line's recommendations: the one a board must meet first."""
        dates = [r.due_date for r in self.recommendations if r.due_date]
        return min(dates) if dates else None


def coverage_state(actions: Iterable[Action], trends: Iterable[IndicatorTrend]) -> str:
    counted = [a for a in actions if a.status != Action.Status.WITHDRAWN]
    if not counted:
        return Coverage.NOT_COVERED
    if any(a.status != Action.Status.COMPLETE for a in counted):
        return Coverage.IN_PROGRESS
    measured = [t for t in trends if t.counts_for_impact]
    if not measured:
        return Coverage.ACTIONS_COMPLETE
    if all(t.improved for t in measured):
        return Coverage.COMPLETE_AND_IMPROVED
    return Coverage.IMPACT_NOT_YET_EVIDENCED


def _as_list(recommendations) -> list[Recommendation]:
    if isinstance(recommendations, models.QuerySet):
        return list(recommendations.select_related("inspection"))
    return list(recommendations)


def _related_groups(recommendations: list[Recommendation]) -> list[list[Recommendation]]:
    """Connected groups of related recommendations among those given, in the order given. One query."""
    by_pk = {r.pk: r for r in recommendations}
    pairs = Recommendation.related.through.objects.filter(
        from_recommendation_id__in=by_pk, to_recommendation_id__in=by_pk
    ).values_list("from_recommendation_id", "to_recommendation_id")
    neighbours: dict[int, set[int]] = defaultdict(set)
    for a, b in pairs:
        neighbours[a].add(b)
        neighbours[b].add(a)
    seen: set[int] = set()
    groups = []
    for rec in recommendations:
        if rec.pk in seen:
            continue
        group, stack = [], [rec.pk]
        seen.add(rec.pk)
        while stack:
            pk = stack.pop()
            group.append(pk)
            for other in neighbours[pk] - seen:
                seen.add(other)
                stack.append(other)
        order = {r.pk: i for i, r in enumerate(recommendations)}
        groups.append([by_pk[pk] for pk in sorted(group, key=order.__getitem__)])
    return groups


def recommendation_coverage(
    recommendations, as_at: datetime.date, *, group_related: bool = False
) -> list[RecommendationCoverage]:
    """Coverage of each recommendation (or each group of related ones) as at a date, in the order given.

    Queries: the recommendations (when a queryset is given), their actions, the actions' indicators, the
    indicators' figures, and with `group_related` the related links: five at most, whatever the numbers.
    """
    recs = _as_list(recommendations)
    groups = _related_groups(recs) if group_related else [[r] for r in recs]
    if not recs:
        return []

    actions_by_rec: dict[int, list[Action]] = defaultdict(list)
    linked = (
        Action.objects.filter(recommendations__in=[r.pk for r in recs])
        .annotate(recommendation_pk=F("recommendations__id"))
        .select_related("priority__plan")
        .order_by("priority__plan__start_date", "priority__number", "reference", "id")
    )
    action_ids = set()
    for action in linked:
        actions_by_rec[action.recommendation_pk].append(action)
        action_ids.add(action.pk)

    indicators_by_action: dict[int, list[Indicator]] = defaultdict(list)
    indicator_links = (
        Action.indicators.through.objects.filter(action_id__in=action_ids)
        .exclude(action__status=Action.Status.WITHDRAWN)
        .select_related("indicator")
        .order_by("indicator__order", "indicator__code")
    )
    indicators: dict[int, Indicator] = {}
    for link in indicator_links:
        indicators_by_action[link.action_id].append(link.indicator)
        indicators[link.indicator_id] = link.indicator

    series = SeriesLookup(indicators.values(), until=as_at)

    lines = []
    for group in groups:
        actions = _unique(a for rec in group for a in actions_by_rec[rec.pk])
        since = min(baseline_date(rec) for rec in group)
        group_indicators = _unique(i for a in actions for i in indicators_by_action[a.pk])
        trends = [_trend(indicator, since, as_at, series) for indicator in group_indicators]
        colours = {a.pk: action_colour(_state_row(a), as_at) for a in actions}
        lines.append(
            RecommendationCoverage(
                recommendations=group,
                actions=actions,
                trends=trends,
                state=coverage_state(actions, trends),
                colours=colours,
            )
        )
    return lines


def _unique(items):
    seen, out = set(), []
    for item in items:
        if item.pk not in seen:
            seen.add(item.pk)
            out.append(item)
    return out


def _state_row(action: Action) -> dict:
    return {
        "status": action.status,
        "progress": action.progress,
        "start_date": action.start_date,
        "due_date": action.due_date,
        "rag_override": action.rag_override,
    }


def _trend(indicator: Indicator, since: datetime.date, as_at: datetime.date, series: SeriesLookup) -> IndicatorTrend:
    base = series.on_or_before(indicator.pk, since)
    latest = series.on_or_before(indicator.pk, as_at)
    direction = None
    if base is not None and latest is not None and latest.period_end > base.period_end:
        direction = rules.direction(indicator.polarity, latest.value, base.value)
    return IndicatorTrend(
        indicator=indicator,
        since=since,
        baseline_date=base.period_end if base else None,
        baseline=base.value if base else None,
        latest_date=latest.period_end if latest else None,
        latest=latest.value if latest else None,
        direction=direction,
    )


def find_recommendations(query: str, *, limit: int = 20):
    """Recommendations matching a number ("3" or "R3") or words in their text or their inspection's title."""
    query = query.strip()
    number = query[1:] if query[:1] in ("R", "r") and query[1:].isdigit() else query
    match = models.Q(text__icontains=query) | models.Q(inspection__title__icontains=query)
    if number.isdigit():
        match |= models.Q(number=int(number))
    return (
        Recommendation.objects.filter(match)
        .select_related("inspection")
        .order_by("-inspection__start_date", "inspection_id", "addressee", "number", "id")[:limit]
    )


def coverage_summary(as_at: datetime.date) -> dict[Coverage, int]:
    """How many recommendations are in each coverage state, every state present, in the order of `Coverage`."""
    tally = Counter(line.state for line in recommendation_coverage(Recommendation.objects.all(), as_at))
    return {state: tally.get(state, 0) for state in Coverage}
