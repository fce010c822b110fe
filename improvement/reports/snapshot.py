"""The committee report snapshot's schema: the JSON-able structure `builder.build_report` returns, stored on an issued
`CommitteeReport.snapshot` and read back by the report page, its PDF, the comparison of reports and the dashboard.

The types describe the structure *after* its round trip through JSON (dates are ISO text, mapping keys are text),
which is what a draft renders and what an issued report stores. Keys that snapshots issued by earlier versions lack
are `NotRequired`; a stored key is never renamed or given a new meaning (issued papers are never migrated), so a new
key is added as `NotRequired` and read with a default.
"""

# No `from __future__ import annotations`: TypedDict reads NotRequired from evaluated annotations only (Python 3.11),
# and the tests check stored snapshots against `__required_keys__`.
from typing import Any, NotRequired, TypedDict


class Rules(TypedDict):
    due_soon_days: int
    not_started_grace_days: int
    progress_slip_points: int
    red_share_percent: int


class PreviousReport(TypedDict):
    id: int
    title: str
    meeting_date_text: str
    current_text: str


class SectionEntry(TypedDict):
    key: str
    number: int
    title: str


# Section 3: the inspections -------------------------------------------------------------------------------------


class JudgementRow(TypedDict):
    service_area: str
    area_name: str
    grade: str
    self_assessment_grade: str
    is_key: bool
    differs: bool


class InspectionSummary(TypedDict):
    id: int
    title: str
    kind: str
    body: str
    framework: str
    dates_text: str
    published_text: str
    overall_grade: str
    summary: str
    recommendation_count: int
    priority_action_count: int
    has_self_assessment: bool
    judgements: list[JudgementRow]


# Section 4: progress on the plan ---------------------------------------------------------------------------------


class ColourCount(TypedDict):
    rag: str
    label: str
    count: int


class Assessment(TypedDict):
    date_text: str
    rag: str
    commentary: str
    by: str


class StatusCell(TypedDict):
    rag: str
    count: int


class StatusRow(TypedDict):
    status: str
    cells: list[StatusCell]
    total: int


class PriorityRow(TypedDict):
    id: int
    number: int
    title: str
    lead: str
    rag: str | None
    word: str
    counts: list[ColourCount]
    total: int
    why: str
    previous_rag: str | None
    previous_word: str
    movement: str
    assessment: Assessment | None


class PlanRow(TypedDict):
    id: int
    name: str
    kind: str
    board: str
    rag: str | None
    word: str
    counts: list[ColourCount]
    total: int
    why: str
    previous_rag: str | None
    previous_word: str
    movement: str
    priorities: list[PriorityRow]
    status_table: list[StatusRow]


class Commentary(TypedDict):
    date_text: str
    text: str


class ActionRow(TypedDict):
    """A red or overdue action (the exceptions)."""

    id: int
    reference: str
    description: str
    priority: str
    owner: str
    due_text: str
    status: str
    progress: int
    rag: str | None
    computed_rag: str | None
    days_overdue: int
    why: str
    commentary: NotRequired[Commentary | None]


class CompletedRow(TypedDict):
    id: int
    reference: str
    description: str
    priority: str
    owner: str
    completed_text: str
    completed_date: str


class ProgressSection(TypedDict):
    plans: list[PlanRow]
    then_label: str
    then_text: str
    exceptions: list[ActionRow]
    completed: list[CompletedRow]
    completed_since_text: str
    # Action id (as text) -> its colour at the report's date; None where it had none.
    action_colours: dict[str, str | None]


# Section 5: impact -----------------------------------------------------------------------------------------------


class ChangeRow(TypedDict):
    code: str
    name: str
    unit: str
    old_text: str
    new_text: str
    old_date_text: str
    new_date_text: str
    change_text: str
    direction: str
    judgement: str


class IndicatorRow(TypedDict):
    code: str
    name: str
    polarity: str
    period_text: str
    value_text: str
    target_text: str
    tolerance_text: str
    target_from_text: str
    rag: str | None
    direction: str
    why: str


class ImpactSection(TypedDict):
    rows: list[ChangeRow]
    indicators: list[IndicatorRow]
    # `core.charts.chart_context`: the Plotly figure's JSON with its id and description.
    charts: list[dict[str, Any]]
    change_heading: str
    # Absent where the report has no indicators (or no home council).
    baseline_short: NotRequired[str]
    current_short: NotRequired[str]
    mixed_directions: NotRequired[bool]


# Financial, assurance and risk sections (improvement.governance.report) ----------------------------------------


class BudgetSection(TypedDict):
    # Each line, year and the total carry the `governance.selectors.AMOUNTS` as money text, beside their own text.
    lines: list[dict[str, str]]
    years: list[dict[str, str]]
    total: dict[str, str]


class AssuranceRow(TypedDict):
    plan: str
    area: str
    date_text: str
    level: str
    rag: str
    rag_label: str
    assessor: str
    commentary: str


class RiskRow(TypedDict):
    reference: str
    description: str
    owner: str
    likelihood: int
    impact: int
    score: int
    rag: str
    why: str
    mitigation: str
    actions: list[str]
    scored_text: str
    review_text: str


class GovernanceSection(TypedDict):
    as_at_text: str
    budget: BudgetSection
    assurance: list[AssuranceRow]
    risks: list[RiskRow]


# The whole snapshot ----------------------------------------------------------------------------------------------


class ReportSnapshot(TypedDict):
    version: int
    title: str
    committee: str
    committee_kind: str
    meeting_date: str
    meeting_date_text: str
    baseline_date: str
    baseline_text: str
    current_date: str
    current_text: str
    author: str
    built_at: str
    suppress_below: int
    suppression_note: str
    previous: PreviousReport | None
    # NARRATIVE_FIELDS -> the author's text; the first snapshots held fewer fields.
    narrative: dict[str, str]
    sections: list[SectionEntry]
    inspections: list[InspectionSummary]
    progress: ProgressSection
    impact: ImpactSection
    rules: Rules
    # Added with the committee paper layout (front page) and the governance sections.
    council: NotRequired[str]
    agenda_item: NotRequired[str]
    report_of: NotRequired[str]
    classification: NotRequired[str]
    exempt_reason: NotRequired[str]
    appendices: NotRequired[list[str]]
    governance: NotRequired[GovernanceSection]


def progress_plans(snapshot: ReportSnapshot | None) -> list[PlanRow]:
    """The progress section's plan rows; none for a report without a snapshot."""
    return snapshot["progress"]["plans"] if snapshot else []


def commentary_of(row: ActionRow) -> Commentary:
    """An exception's latest commentary; blank where its owner wrote none."""
    return row.get("commentary") or {"date_text": "", "text": ""}


def action_rows(snapshot: ReportSnapshot) -> list[ActionRow | CompletedRow]:
    """The actions the progress section lists by name: the exceptions, then those completed since."""
    progress = snapshot["progress"]
    return [*progress["exceptions"], *progress["completed"]]
