"""The report's tables as rows for CSV/XLSX download (core.exports), read from the same structure the page shows,
so a download of an issued report gives its frozen figures, computed columns (colour, change, why) included."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from core.exports import Table
from core.presentation import person_name
from core.rag import rag_label
from improvement.models import CommitteeReport
from improvement.reports.snapshot import ReportSnapshot, commentary_of

Rows = tuple[list[str], list[list[Any]]]


def _judgements(content: ReportSnapshot) -> Rows:
    headers = ["Inspection", "Service area", "Judgement area", "Grade", "Self-assessment", "Key judgement"]
    rows = [
        [
            i["title"],
            j["service_area"],
            j["area_name"],
            j["grade"],
            j["self_assessment_grade"],
            "Yes" if j["is_key"] else "",
        ]
        for i in content["inspections"]
        for j in i["judgements"]
    ]
    return headers, rows


def _priorities(content: ReportSnapshot) -> Rows:
    progress = content["progress"]
    headers = ["Plan", "Priority", "Lead", "Colour", "Red", "Amber", "Green", "Complete", progress["then_label"], "Why"]
    rows: list[list[Any]] = []
    for plan in progress["plans"]:
        rows.append(
            [
                plan["name"],
                "Whole plan",
                "",
                rag_label(plan["rag"]),
                *[c["count"] for c in plan["counts"]],
                rag_label(plan["previous_rag"]),
                plan["why"],
            ]
        )
        for p in plan["priorities"]:
            rows.append(
                [
                    plan["name"],
                    f"{p['number']}. {p['title']}",
                    p["lead"],
                    rag_label(p["rag"]),
                    *[c["count"] for c in p["counts"]],
                    rag_label(p["previous_rag"]),
                    p["why"],
                ]
            )
    return headers, rows


def _exceptions(content: ReportSnapshot) -> Rows:
    headers = [
        "Reference",
        "Action",
        "Priority",
        "Owner",
        "Due",
        "Status",
        "Progress %",
        "Colour",
        "Why",
        "Latest commentary",
        "Commentary date",
    ]
    rows = [
        [
            r["reference"],
            r["description"],
            r["priority"],
            r["owner"],
            r["due_text"],
            r["status"],
            r["progress"],
            rag_label(r["rag"]),
            r["why"],
            commentary_of(r)["text"],
            commentary_of(r)["date_text"],
        ]
        for r in content["progress"]["exceptions"]
    ]
    return headers, rows


def _completed(content: ReportSnapshot) -> Rows:
    headers = ["Reference", "Action", "Priority", "Owner", "Completed"]
    rows = [
        [r["reference"], r["description"], r["priority"], r["owner"], r["completed_text"]]
        for r in content["progress"]["completed"]
    ]
    return headers, rows


def _change(content: ReportSnapshot) -> Rows:
    impact = content["impact"]
    headers = [
        "Indicator",
        impact.get("baseline_short", "Baseline"),
        impact.get("current_short", "Current"),
        impact["change_heading"],
        "Direction",
        "Better or worse",
    ]
    rows = [
        [r["name"], r["old_text"], r["new_text"], r["change_text"], r["direction"], r["judgement"]]
        for r in impact["rows"]
    ]
    return headers, rows


def _indicators(content: ReportSnapshot) -> Rows:
    headers = ["Indicator", "Period", "Value", "Target", "Tolerance", "Colour", "Direction of travel", "Why"]
    rows = [
        [
            r["name"],
            r["period_text"],
            r["value_text"],
            r["target_text"],
            r["tolerance_text"],
            rag_label(r["rag"]) if r["rag"] else "",
            r["direction"],
            r["why"],
        ]
        for r in content["impact"]["indicators"]
    ]
    return headers, rows


TABLES: dict[str, tuple[str, Callable[[ReportSnapshot], Rows]]] = {
    "judgements": ("Inspection judgements", _judgements),
    "priorities": ("Priorities by colour", _priorities),
    "exceptions": ("Red and overdue actions", _exceptions),
    "completed": ("Actions completed", _completed),
    "change": ("Change between the two dates", _change),
    "indicators": ("Indicators against target", _indicators),
}


def report_table(content: ReportSnapshot, name: str) -> Table | None:
    """One of the report's tables, for download; None for a name that is not one."""
    if name not in TABLES:
        return None
    title, build = TABLES[name]
    headers, rows = build(content)
    return Table(title, headers, rows)


def reports_table(reports: Iterable[CommitteeReport]) -> Table:
    """The report list as shown."""
    headers = ["Committee", "Meeting", "Title", "Status", "Issued", "Issued by"]
    rows = [
        [
            r.committee.name,
            r.meeting_date.isoformat(),
            r.title,
            r.status_text,
            r.issued_at.date().isoformat() if r.issued_at else "",
            person_name(r.issued_by),
        ]
        for r in reports
    ]
    return Table("Committee reports", headers, rows)
