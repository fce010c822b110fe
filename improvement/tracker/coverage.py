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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias, TypeVar, overload

from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.numbers import Change, NumberLike, change
from improvement.models import Action, ActionInterval, Plan
from improvement.plans.intervals import containing
from improvement.plans.rules import CLOSED_STATUSES, Assessment
from improvement.plans.selectors import ActionAsAt, action_states_as_at, is_live
from inspections.models import Inspection, Recommendation
from performance import rules
from performance.models import Authority, Indicator, Observation

RecommendationSet: TypeAlias = "models.QuerySet[Recommendation]"
_Keyed = TypeVar("_Keyed", Action, Indicator)


class Coverage(models.TextChoices):
    NOT_COVERED = "not_covered", "Not covered"
    IN_PROGRESS = "in_progress", "In progress"
    ACTIONS_COMPLETE = "actions_complete", "Actions complete"
    IMPACT_NOT_YET_EVIDENCED = "impact_not_yet_evidenced", "Complete, impact not yet evidenced"
    COMPLETE_AND_IMPROVED = "complete_and_improved", "Complete and improved"


class SeriesLookup:
    """The council's figures for some indicators, answering "the latest figure on or before D" for the dates given
    without another query. `performance.selectors.change_rows` takes one old date for all indicators, and each
    recommendation's inspection has its own, so calling it per inspection would cost a query per inspection. One
    query reads only the figures that are the latest on or before one of the dates, not whole series: per
    indicator and date, the latest figure's date and value, each an indexed lookup (a window over every figure
    sorted 70,000 rows for a large council). Figures withheld (c/x/z/u) are skipped: the trend compares the latest
    figures there are."""

    def __init__(self, indicator_ids: Iterable[int], days: Iterable[datetime.date]):
        self._series: dict[int, list[tuple[datetime.date, NumberLike | None]]] = defaultdict(list)
        ids = list(indicator_ids)
        cutoffs = sorted({day + datetime.timedelta(days=1) for day in days})
        if not ids or not cutoffs:
            return
        figures = Observation.objects.filter(
            indicator_id=OuterRef("pk"), authority__kind=Authority.Kind.COUNCIL, value__isnull=False
        ).order_by("-period_end", "-id")
        latest = {}
        for n, cutoff in enumerate(cutoffs):
            before = figures.filter(period_end__lt=cutoff)
            latest[f"day{n}"] = Subquery(before.values("period_end")[:1])
            latest[f"value{n}"] = Subquery(before.values("value")[:1])
        rows = Indicator.objects.filter(pk__in=ids).order_by().annotate(**latest).values_list("pk", *latest)
        for indicator_id, *found in rows:
            points = {(found[2 * n], found[2 * n + 1]) for n in range(len(cutoffs)) if found[2 * n] is not None}
            self._series[indicator_id] = sorted(points)

    def on_or_before(self, indicator_id: int, day: datetime.date) -> tuple[datetime.date, NumberLike | None] | None:
        """(period end, value) of the latest figure on or before `day`, if it is one of the dates read."""
        series = self._series.get(indicator_id, [])
        index = bisect.bisect_right(series, day, key=lambda point: point[0])
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
    baseline: NumberLike | None
    latest_date: datetime.date | None
    latest: NumberLike | None
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
    # Each action's state as at the date asked about, by action id: what counts and what colour it shows.
    states: dict[int, ActionAsAt] = field(default_factory=dict)

    @property
    def colours(self) -> dict[int, str | None]:
        return {pk: state.rag for pk, state in self.states.items()}

    @property
    def recommendation(self) -> Recommendation:
        return self.recommendations[0]

    @property
    def state_label(self) -> str:
        return str(Coverage(self.state).label)

    @property
    def counted_actions(self) -> list[Action]:
        return [a for a in self.actions if self.states[a.pk].status != Action.Status.WITHDRAWN]

    @property
    def actions_with_colours(self) -> list[tuple[Action, str | None]]:
        return [(a, self.states[a.pk].rag) for a in self.actions]

    @property
    def actions_with_assessments(self) -> list[tuple[Action, Assessment]]:
        """Each linked action with its colour and the colour's reasons as at the line's date."""
        return [(a, self.states[a.pk].assessment) for a in self.actions]

    @property
    def due_date(self) -> datetime.date | None:
        """The earliest due date of the line's recommendations: the one a board must meet first."""
        dates = [r.due_date for r in self.recommendations if r.due_date]
        return min(dates) if dates else None


def coverage_state(actions: Iterable[Action | ActionAsAt], trends: Iterable[IndicatorTrend]) -> str:
    """The state of a line from its actions (or their states as at a date) and its indicators' trends."""
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


def _as_list(recommendations: RecommendationSet | Iterable[Recommendation]) -> list[Recommendation]:
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
    recommendations: RecommendationSet | Iterable[Recommendation], as_at: datetime.date, *, group_related: bool = False
) -> list[RecommendationCoverage]:
    """Coverage of each recommendation (or each group of related ones) as at a date, in the order given, from the
    actions as they stood then (a past date reads their recorded history).

    Queries: the recommendations (when a queryset is given), their actions, the actions' indicators, the
    indicators' figures, with `group_related` the related links, and for a past date two of history: seven at
    most, whatever the numbers.
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
    loaded: dict[int, Action] = {}
    for action in linked:
        actions_by_rec[action.recommendation_pk].append(action)
        loaded.setdefault(action.pk, action)
    states = action_states_as_at(list(loaded.values()), as_at)

    indicators_by_action: dict[int, list[Indicator]] = defaultdict(list)
    indicator_links = (
        Action.indicators.through.objects.filter(action_id__in=loaded)
        .select_related("indicator")
        .order_by("indicator__order", "indicator__code")
    )
    for link in indicator_links:
        if states[link.action_id].status != Action.Status.WITHDRAWN:
            indicators_by_action[link.action_id].append(link.indicator)

    series = SeriesLookup(
        {i.pk for found in indicators_by_action.values() for i in found}, [as_at, *(baseline_date(r) for r in recs)]
    )
    lines = []
    for group in groups:
        actions = _unique(a for rec in group for a in actions_by_rec[rec.pk])
        since = min(baseline_date(rec) for rec in group)
        group_indicators = _unique(i for a in actions for i in indicators_by_action[a.pk])
        trends = [_trend(indicator, since, as_at, series) for indicator in group_indicators]
        group_states = {a.pk: states[a.pk] for a in actions}
        lines.append(
            RecommendationCoverage(
                recommendations=group,
                actions=actions,
                trends=trends,
                state=coverage_state(group_states.values(), trends),
                states=group_states,
            )
        )
    return lines


def _unique(items: Iterable[_Keyed]) -> list[_Keyed]:
    seen: set[int] = set()
    out: list[_Keyed] = []
    for item in items:
        if item.pk not in seen:
            seen.add(item.pk)
            out.append(item)
    return out


def _trend(indicator: Indicator, since: datetime.date, as_at: datetime.date, series: SeriesLookup) -> IndicatorTrend:
    base = series.on_or_before(indicator.pk, since)
    latest = series.on_or_before(indicator.pk, as_at)
    direction = None
    if base is not None and latest is not None and latest[0] > base[0]:
        direction = rules.direction(indicator.polarity, latest[1], base[1])
    return IndicatorTrend(
        indicator=indicator,
        since=since,
        baseline_date=base[0] if base else None,
        baseline=base[1] if base else None,
        latest_date=latest[0] if latest else None,
        latest=latest[1] if latest else None,
        direction=direction,
    )


def find_recommendations(query: str, *, limit: int = 20) -> RecommendationSet:
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


ACTIVE_PLANS_SCOPE = "active_plans"


def answered_by_active_plans(
    recommendations: RecommendationSet | None = None, *, as_at: datetime.date | None = None
) -> RecommendationSet:
    """The recommendations of the inspections that plans active on `as_at` (None: today) respond to
    (`Plan.inspections`): what a board watching those plans asks about, not every recommendation of every past
    review. `?scope=active_plans` on the tracker and the dashboard's coverage panel both use this."""
    recommendations = Recommendation.objects.all() if recommendations is None else recommendations
    # `.all()` first: the stubs type the manager `as_manager()` makes without its queryset's methods.
    active = Plan.objects.all().active_on(as_at or timezone.localdate())
    return recommendations.filter(inspection__in=Inspection.objects.filter(plans__in=active))


# Per recommendation id: how many of its linked actions count (are not withdrawn) and how many are open, on a date.
ActionCounts: TypeAlias = dict[int, tuple[int, int]]


def coverage_states(as_at: datetime.date, *, recommendations: RecommendationSet | None = None) -> dict[int, Coverage]:
    """The coverage state on the date of each recommendation (a queryset; None: all) that has a counted action,
    by id: the states of `recommendation_coverage`, decided mostly in the database. A recommendation not listed is
    not covered.

    Three queries at most whatever the numbers: per recommendation with a linked action, how many of its actions
    count and how many are open on the date (a GROUP BY over the actions, or for a past date over their stored
    intervals containing it); for the recommendations whose counted actions are all complete, the indicators those
    actions name with their baseline dates; and those indicators' figures. Only the fully complete recommendations
    are looked at one by one (their trends), not every recommendation or action."""
    recommendations = Recommendation.objects.all() if recommendations is None else recommendations
    on_the_day, via = _actions_on(as_at)
    linked = on_the_day.filter(**{f"{via}recommendations__in": recommendations.order_by().values("pk")})
    counts = {pk: (counted, still_open) for pk, counted, still_open in _counted_and_open(linked, via)}
    return states_of_counts(counts, as_at)


def action_counts_by_plan(plan_ids: Iterable[int], as_at: datetime.date) -> dict[int, ActionCounts]:
    """For each of these plans, its actions' `ActionCounts` on the date (every plan present): what
    `coverage_states` counts over all actions, split by plan, so that the dashboard can keep each plan's share under
    the plan's colours token and add the shares up (`coverage_of_counts`). One query."""
    ids = sorted(set(plan_ids))
    on_the_day, via = _actions_on(as_at)
    linked = on_the_day.filter(**{f"{via}priority__plan_id__in": ids, f"{via}recommendations__isnull": False})
    by_plan: dict[int, ActionCounts] = {pk: {} for pk in ids}
    for plan_id, pk, counted, still_open in _counted_and_open(linked, via, f"{via}priority__plan_id"):
        by_plan[plan_id][pk] = (counted, still_open)
    return by_plan


def _counted_and_open(linked: models.QuerySet[Any], via: str, *group: str) -> models.QuerySet[Any]:
    """(*group, recommendation id, counted, open) rows of these actions or intervals, grouped by recommendation."""
    rows: models.QuerySet[Any] = (
        linked.values_list(*group, f"{via}recommendations")
        .annotate(
            counted=Count("id", filter=~Q(status=Action.Status.WITHDRAWN)),
            open=Count("id", filter=~Q(status__in=CLOSED_STATUSES)),
        )
        .order_by()
    )
    return rows


def states_of_counts(counts: ActionCounts, as_at: datetime.date) -> dict[int, Coverage]:
    """The coverage state of each recommendation with a counted action, from its `ActionCounts` on the date: in
    progress while one is open, else by the trends of its actions' indicators (`_complete_states`, two queries)."""
    states: dict[int, Coverage] = {}
    complete: list[int] = []
    for pk, (counted, still_open) in counts.items():
        if still_open:
            states[pk] = Coverage.IN_PROGRESS
        elif counted:
            complete.append(pk)
    states.update(_complete_states(complete, as_at))
    return states


def coverage_summary(as_at: datetime.date, *, recommendations: RecommendationSet | None = None) -> dict[Coverage, int]:
    """How many recommendations (a queryset; None: all) are in each coverage state, every state present, in the
    order of `Coverage`: `coverage_states` counted, and how many recommendations there are (four queries at most)."""
    recommendations = Recommendation.objects.all() if recommendations is None else recommendations
    return _tally(coverage_states(as_at, recommendations=recommendations), recommendations.count())


def coverage_of_counts(
    counts: Iterable[ActionCounts], as_at: datetime.date, *, recommendations: RecommendationSet
) -> dict[Coverage, int]:
    """`coverage_summary` of these recommendations from action counts given in shares (each plan's, from
    `action_counts_by_plan`, which must cover every plan with actions) added up: the recommendations' ids (one
    query) and the complete ones' trends (two)."""
    chosen = set(recommendations.order_by().values_list("pk", flat=True))
    total: ActionCounts = {}
    for share in counts:
        for pk, (counted, still_open) in share.items():
            if pk in chosen:
                before = total.get(pk, (0, 0))
                total[pk] = (before[0] + counted, before[1] + still_open)
    return _tally(states_of_counts(total, as_at), len(chosen))


def _tally(states: dict[int, Coverage], total: int) -> dict[Coverage, int]:
    tally = Counter(states.values())
    tally[Coverage.NOT_COVERED] = total - len(states)
    return {state: tally.get(state, 0) for state in Coverage}


class CoverageLines(Sequence[RecommendationCoverage]):
    """The tracker's lines over a queryset of recommendations, each computed only when asked for: a page of the
    list computes its own lines (`recommendation_coverage`, a fixed number of queries) however many recommendations
    match, and going through them all (an export) computes every line in one pass."""

    def __init__(self, recommendations: RecommendationSet, as_at: datetime.date):
        self.recommendations, self.as_at = recommendations, as_at
        self._count: int | None = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = self.recommendations.count()
        return self._count

    @overload
    def __getitem__(self, index: int) -> RecommendationCoverage: ...

    @overload
    def __getitem__(self, index: slice) -> list[RecommendationCoverage]: ...

    def __getitem__(self, index: int | slice) -> RecommendationCoverage | list[RecommendationCoverage]:
        if isinstance(index, slice):
            return recommendation_coverage(list(self.recommendations[index]), self.as_at)
        found = recommendation_coverage(list(self.recommendations[index : index + 1]), self.as_at)
        if index < 0 or not found:
            raise IndexError(index)
        return found[0]

    def __iter__(self) -> Iterator[RecommendationCoverage]:
        return iter(recommendation_coverage(self.recommendations, self.as_at))


def tracker_lines(
    recommendations: RecommendationSet, as_at: datetime.date, *, state: str | None = None, group_related: bool = False
) -> tuple[Sequence[RecommendationCoverage], dict[Coverage, int]]:
    """The tracker's lines as at a date, only those in `state` when one is given, and how many lines there are in
    each state before that filter.

    One line per recommendation: the states are decided and filtered in the database (`coverage_states`) and only
    the lines shown are computed (`CoverageLines`). Related recommendations shown as one line: a group's state
    follows from all its members' actions, so every line is computed and then filtered."""
    if group_related:
        lines = recommendation_coverage(recommendations, as_at, group_related=True)
        counts = {wanted: sum(line.state == wanted for line in lines) for wanted in Coverage}
        return ([line for line in lines if line.state == state] if state else lines), counts
    states = coverage_states(as_at, recommendations=recommendations)
    counts = _tally(states, recommendations.count())
    if state == Coverage.NOT_COVERED:
        recommendations = recommendations.exclude(pk__in=list(states))
    elif state:
        recommendations = recommendations.filter(pk__in=[pk for pk, found in states.items() if found == state])
    return CoverageLines(recommendations, as_at), counts


def _actions_on(as_at: datetime.date) -> tuple[models.QuerySet[Any], str]:
    """The actions' states on the date, and the path from them to an action's relations: today the actions
    themselves, a past date their stored intervals containing it (one row per action either way)."""
    if is_live(as_at):
        return Action.objects.all(), ""
    return containing(ActionInterval.objects.all(), as_at), "action__"


def _complete_states(recommendation_ids: list[int], as_at: datetime.date) -> dict[int, Coverage]:
    """The states of recommendations whose counted actions were all complete on the date: by the trends of the
    indicators with a good direction that those actions name. Two queries."""
    on_the_day, via = _actions_on(as_at)
    good_direction = [Indicator.Polarity.HIGHER_IS_BETTER, Indicator.Polarity.LOWER_IS_BETTER]
    links = (
        on_the_day.filter(
            **{
                "status": Action.Status.COMPLETE,
                f"{via}recommendations__in": recommendation_ids,
                f"{via}indicators__polarity__in": good_direction,
            }
        )
        .annotate(
            since=Coalesce(
                f"{via}recommendations__inspection__published_date", f"{via}recommendations__inspection__end_date"
            )
        )
        .values_list(f"{via}recommendations", "since", f"{via}indicators", f"{via}indicators__polarity")
        .order_by()
        .distinct()
    )
    measured: dict[int, set[tuple[int, datetime.date]]] = defaultdict(set)
    polarity_of: dict[int, str] = {}
    for pk, since, indicator_id, polarity in links:
        measured[pk].add((indicator_id, since))
        polarity_of[indicator_id] = polarity
    states = {pk: Coverage.ACTIONS_COMPLETE for pk in recommendation_ids if pk not in measured}
    if not measured:
        return states
    pairs = {pair for found in measured.values() for pair in found}
    series = SeriesLookup(polarity_of, [as_at, *{since for _, since in pairs}])
    # Only the fields the trend rule reads: the figures come from SeriesLookup.
    improved = {
        (i, since): _trend(Indicator(pk=i, polarity=polarity_of[i]), since, as_at, series).improved
        for i, since in pairs
    }
    for pk, found in measured.items():
        good = all(improved[pair] for pair in found)
        states[pk] = Coverage.COMPLETE_AND_IMPROVED if good else Coverage.IMPACT_NOT_YET_EVIDENCED
    return states
