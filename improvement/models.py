"""The improvement app's models, one module per sub-package: `improvement.plans.models` (plans, priorities,
actions, updates, colour intervals, assessments, reminders), `improvement.reports.models` (committees and their
reports) and `improvement.governance.models` (budget lines, assurance ratings, risks). Django finds an app's models
here, and migrations name `evidence_upload_to` and `default_sections` by this module's path.
"""

from improvement.governance.models import AssuranceRating, BudgetLine, Risk
from improvement.plans.models import (
    Action,
    ActionInterval,
    ActionQuerySet,
    Plan,
    PlanColoursToken,
    PlanQuerySet,
    Priority,
    PriorityAssessment,
    ProgressUpdate,
    ReminderLog,
    evidence_upload_to,
)
from improvement.reports.models import (
    SECTION_CHOICES,
    SECTION_KEYS,
    Committee,
    CommitteeReport,
    CommitteeReportQuerySet,
    ReportLocked,
    default_sections,
)

__all__ = [
    "SECTION_CHOICES",
    "SECTION_KEYS",
    "Action",
    "ActionInterval",
    "ActionQuerySet",
    "AssuranceRating",
    "BudgetLine",
    "Committee",
    "CommitteeReport",
    "CommitteeReportQuerySet",
    "Plan",
    "PlanColoursToken",
    "PlanQuerySet",
    "Priority",
    "PriorityAssessment",
    "ProgressUpdate",
    "ReminderLog",
    "ReportLocked",
    "Risk",
    "default_sections",
    "evidence_upload_to",
]
