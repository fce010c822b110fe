"""The plan pages' tables as rows for CSV and XLSX (core.exports), computed columns (colour, counts) included.
The action tables are django-tables2 tables and export themselves (improvement.plans.tables)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from core.exports import Table
from core.presentation import person_name
from core.rag import rag_label
from improvement.models import Priority, PriorityAssessment
from improvement.plans.rules import Rollup
from improvement.plans.selectors import PlanSummary


def plans_table(summaries: Iterable[PlanSummary]) -> Table:
    headers = ["Plan", "Kind", "Status", "Board", "RAG", "Red", "Amber", "Green", "Complete"]
    rows = [
        [
            s.plan.name,
            s.plan.get_kind_display(),
            s.plan.get_status_display(),
            str(s.plan.board or ""),
            s.rollup.word,
            *(s.rollup.counts.values()),
        ]
        for s in summaries
    ]
    return Table("Plans", headers, rows)


def priorities_table(rows: Sequence[tuple[Priority, Rollup]], assessments: dict[int, PriorityAssessment]) -> Table:
    """A plan's priorities with their colours, counts and the lead's latest assessment."""
    headers = ["Number", "Priority", "Lead", "RAG", "Red", "Amber", "Green", "Complete", "Lead's assessment"]
    data = [
        [
            priority.number,
            priority.title,
            person_name(priority.lead),
            rag_label(rollup.rag),
            *(rollup.counts.values()),
            rag_label(assessments[priority.pk].rag) if priority.pk in assessments else "",
        ]
        for priority, rollup in rows
    ]
    return Table("Priorities", headers, data)
