"""Reads that span many rows: computed in the database or in one pass over a fixed number of queries, never a
query per row. By concern:

- `history`: the recorded history of actions and the replay of a past state from it (`HistoryReplay`), an
  action's timeline as at a date (`updates_as_at`).
- `states`: each action's state and colour as at a date (`action_states_as_at`), read from the stored colour
  intervals for a past date; counts by colour on several dates (`colour_counts_on_dates`).
- `rows`: actions paired with their state for list pages (`action_rows`, `ActionRow`), and the action list
  filtered, sorted, counted and paged in the database by the state as at a date (`with_state_as_at`).
- `rollups`: plan and priority roll-ups as at a date (`plan_summaries`), plans most at risk first
  (`rank_plans`), the leads' judgements (`latest_assessments`, `assessment_history`).
- `tallies`: each plan's share of the dashboard's counts as at a date (`plan_tallies`) and the shares added up
  (`add_up`), which the dashboard caches per plan under the plan's colours token.
- `changes`: any model's change history as who changed what (`change_history`).

The names are re-exported here, so callers import them from `improvement.plans.selectors`.
"""

from improvement.plans.selectors.changes import FieldChange, HistoryEntry, change_history
from improvement.plans.selectors.history import (
    HISTORY_STATE_FIELDS,
    HistoryReplay,
    end_of_day,
    is_live,
    latest_before_each,
    updates_as_at,
)
from improvement.plans.selectors.rollups import (
    AssessmentEntry,
    PlanRanking,
    PlanSummary,
    assessment_history,
    latest_assessments,
    plan_summaries,
    priority_colour_counts,
    rank_plans,
)
from improvement.plans.selectors.rows import (
    ActionPage,
    ActionRow,
    action_rows,
    sort_keys,
    state_of,
    state_q,
    with_state_as_at,
)
from improvement.plans.selectors.states import (
    PLAN_START,
    ActionAsAt,
    action_states_as_at,
    action_states_on_dates,
    colour_counts_on_dates,
    replayed_states_on_dates,
)
from improvement.plans.selectors.tallies import Tally, add_up, plan_tallies

__all__ = [
    "HISTORY_STATE_FIELDS",
    "PLAN_START",
    "ActionAsAt",
    "ActionPage",
    "ActionRow",
    "AssessmentEntry",
    "FieldChange",
    "HistoryEntry",
    "HistoryReplay",
    "PlanRanking",
    "PlanSummary",
    "Tally",
    "action_rows",
    "action_states_as_at",
    "action_states_on_dates",
    "add_up",
    "assessment_history",
    "change_history",
    "colour_counts_on_dates",
    "end_of_day",
    "is_live",
    "latest_assessments",
    "latest_before_each",
    "plan_summaries",
    "plan_tallies",
    "priority_colour_counts",
    "rank_plans",
    "replayed_states_on_dates",
    "sort_keys",
    "state_of",
    "state_q",
    "updates_as_at",
    "with_state_as_at",
]
