"""Plans, their priorities and actions, each action's progress updates and stored colour intervals, the leads'
priority assessments and the reminder log (re-exported by `improvement.models`, the app's models module).

May use `inspections` (recommendations an action answers) and `performance` (indicators that measure success).
"""

from improvement.plans.models.actions import (
    Action,
    ActionInterval,
    ActionQuerySet,
    PlanColoursToken,
    ProgressUpdate,
    evidence_upload_to,
)
from improvement.plans.models.plans import Plan, PlanQuerySet, Priority, PriorityAssessment, ReminderLog

__all__ = [
    "Action",
    "ActionInterval",
    "ActionQuerySet",
    "Plan",
    "PlanColoursToken",
    "PlanQuerySet",
    "Priority",
    "PriorityAssessment",
    "ProgressUpdate",
    "ReminderLog",
    "evidence_upload_to",
]
