"""ILACS reports, 2018 onwards: a judgement table of four (five from 2023, care leavers apart) judgements on
page 1 and a bulleted "What needs to improve" list."""

from __future__ import annotations

import re

from inspections.ofsted_pdf.header import read_dates, read_lead_inspector
from inspections.ofsted_pdf.report import LOCAL_AUTHORITY, OfstedReport, ReadJudgement, read_list
from inspections.ofsted_pdf.text import Line, grade_tokens, squash

TITLE = re.compile(r"inspection of (.+?) local authority children.s services", re.IGNORECASE)
OLD_TITLE = re.compile(r"inspection of children.s social care services", re.IGNORECASE)
ROW_START = re.compile(r"(the impact of leaders|the experiences and progress of|overall effectiveness)", re.I)
WHAT_NEEDS = re.compile(r"^what needs to improve\??$", re.IGNORECASE)
# A short inspection is one week on site, a standard one two (ILACS framework); the report does not name it.
SHORT_MAX_DAYS = 7


def is_ilacs(first_page: str) -> bool:
    # The title alone decides: a report whose judgement table is not found is still read, with a warning.
    return bool(TITLE.search(squash(first_page)) or OLD_TITLE.search(squash(first_page)))


def read(pages: list[str], lines: list[Line]) -> OfstedReport:
    report = OfstedReport(framework="ilacs", kind="ofsted_ilacs")
    first = [squash(line) for line in pages[0].splitlines() if squash(line) and not squash(line).isdigit()]
    _read_council(report, first)
    read_dates(report, first)
    if report.start_date and report.end_date and (report.end_date - report.start_date).days < SHORT_MAX_DAYS:
        report.kind = "ofsted_ilacs_short"
    read_lead_inspector(report, lines)
    _read_judgements(report, first)
    _read_improvements(report, lines)
    return report


def _read_council(report: OfstedReport, first: list[str]) -> None:
    head = " ".join(first[:6])
    match = TITLE.search(head)
    if match:
        council = re.sub(r"^the\s+", "", squash(match.group(1)), flags=re.IGNORECASE)
    else:
        index = next((i for i, line in enumerate(first) if OLD_TITLE.search(line)), 0)
        council = " ".join(first[:index])
    report.council = squash(council)
    report.pages["council"] = 1
    if not report.council:
        report.warnings.append("The council's name was not found on page 1; enter it.")


def _read_judgements(report: OfstedReport, first: list[str]) -> None:
    text = " ".join(first)
    start = re.search(r"\bJudgement\s+Grade\b", text)
    if not start:
        report.warnings.append("The judgement table was not found on page 1; enter the judgements.")
        return
    table = text[start.end() :]
    end = re.search(
        r"overall effectiveness(\s+(requires? improvement( to be good)?|inadequate|good|outstanding))?",
        table,
        re.IGNORECASE,
    )
    if end:
        table = table[: end.end()]
    labels = [m.start() for m in ROW_START.finditer(table)]
    grades, _ = grade_tokens(table)
    areas = []
    for i, position in enumerate(labels):
        segment = table[position : labels[i + 1] if i + 1 < len(labels) else len(table)]
        areas.append(grade_tokens(segment)[1])
    if not areas or len(areas) != len(grades):
        report.warnings.append(
            f"Page 1: the judgement table shows {len(areas)} judgements and {len(grades)} grades; "
            "check every judgement."
        )
    for area, grade in zip(areas, grades, strict=False):
        overall = area.lower().startswith("overall effectiveness")
        area = "Overall effectiveness" if overall else area
        report.judgements.append(ReadJudgement(area, grade, overall, _service_area(area), 1))
        if overall:
            report.overall_grade = grade
            report.pages["overall_grade"] = 1
    if areas and len(areas) not in (4, 5):
        report.warnings.append(f"Page 1: an ILACS table has 4 or 5 judgements, this one {len(areas)}; check them.")
    if not report.overall_grade:
        report.warnings.append("The overall effectiveness grade was not found; enter it.")


def _service_area(area: str) -> str:
    lowered = area.lower()
    if lowered.startswith("overall"):
        return "Overall"
    if "leaders" in lowered:
        return "Leadership"
    if "help and protection" in lowered:
        return "Help and protection"
    if "children in care" in lowered:
        return "Children in care"
    if "care leavers" in lowered:
        return "Care leavers"
    return "Other"


def _read_improvements(report: OfstedReport, lines: list[Line]) -> None:
    start = next((i for i, line in enumerate(lines) if WHAT_NEEDS.match(line.text)), None)
    if start is None:
        report.warnings.append("No “What needs to improve” list was found; enter the recommendations.")
        return
    items, _, warnings = read_list(lines, start, addressee=LOCAL_AUTHORITY)
    report.recommendations.extend(items)
    report.warnings.extend(warnings)
    if not items:
        report.warnings.append(f"Page {lines[start].page}: the “What needs to improve” list is empty or unreadable.")
