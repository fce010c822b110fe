"""Single inspection framework reports, 2013-2018: numbered judgement table on page 1 (with adoption and care
leavers as sub-judgements), an overall judgement sentence, often a review of the LSCB in the same report, and
numbered recommendations for the local authority and for the LSCB."""

from __future__ import annotations

import re

from inspections.ofsted_pdf.header import read_dates, read_lead_inspector
from inspections.ofsted_pdf.report import LOCAL_AUTHORITY, LSCB, OfstedReport, ReadFinding, ReadJudgement, read_list
from inspections.ofsted_pdf.text import GRADE_PATTERN, Line, grade_tokens, grade_value, squash

TITLE = re.compile(r"(re-?)?inspection of services for children in need of help and protection", re.IGNORECASE)
ROW = re.compile(r"(?<![\d.])([123](?:\.[12])?)\.?\s+(?=[A-Z])")
AREAS = {
    "1": ("Children who need help and protection", "Help and protection"),
    "2": ("Children looked after and achieving permanence", "Children looked after"),
    "2.1": ("Adoption performance", "Children looked after"),
    "2.2": ("Experiences and progress of care leavers", "Care leavers"),
    "3": ("Leadership, management and governance", "Leadership"),
}
OVERALL = re.compile(
    r"(?:children.s services in .{2,80}?|the overall judgement is(?: that children.s services)?)\s+"
    r"(?:are|is|requires?)?\s*(requires? improvement|inadequate|good|outstanding|improvement)\b",
    re.IGNORECASE,
)
LSCB_JUDGEMENT = re.compile(
    r"(?:the effectiveness of )?the local safeguarding children board(?: \(lscb\))?\s+(?:is\s+)?"
    r"(requires improvement|inadequate|good|outstanding)\b",
    re.IGNORECASE,
)
LSCB_PART = re.compile(
    r"^(section 2:? the effectiveness.*|the local safeguarding children board( \(lscb\))?"
    r"(\s+(is|requires).*)?)$",
    re.IGNORECASE,
)
RECOMMENDATION_HEADINGS = re.compile(
    r"^(recommendations|what does the (local authority|lscb) need to improve\?|priority and immediate action)$",
    re.IGNORECASE,
)
STRENGTHS = re.compile(r"^the local authority.s strengths$", re.IGNORECASE)


def is_sif(first_page: str) -> bool:
    return bool(TITLE.search(squash(first_page)))


def read(pages: list[str], lines: list[Line]) -> OfstedReport:
    report = OfstedReport(framework="sif", kind="ofsted_sif")
    first = [squash(line) for line in pages[0].splitlines() if squash(line) and not squash(line).isdigit()]
    index = next((i for i, line in enumerate(first) if re.match(r"(re-?)?inspection of", line, re.I)), 0)
    report.council = " ".join(first[:index])
    report.pages["council"] = 1
    if not report.council:
        report.warnings.append("The council's name was not found on page 1; enter it.")
    read_dates(report, first)
    read_lead_inspector(report, lines)
    _read_judgements(report, " ".join(first))
    lscb_start = _lscb_start(lines)
    _read_lscb_judgement(report, " ".join(first), lines, lscb_start)
    _read_recommendations(report, lines, lscb_start)
    _read_strengths(report, lines, lscb_start)
    return report


def _read_judgements(report: OfstedReport, text: str) -> None:
    overall = OVERALL.search(text)
    if overall:
        report.overall_grade = grade_value(
            overall.group(1).replace("improvement", "requires improvement")
            if overall.group(1).lower() == "improvement"
            else overall.group(1)
        )
        report.judgements.append(ReadJudgement("Overall effectiveness", report.overall_grade, True, "Overall", 1))
        report.pages["overall_grade"] = 1
        table = text[overall.end() :]
    else:
        report.warnings.append("Page 1: the overall judgement was not found; enter it.")
        table = text
    stop = re.search(r"the effectiveness of the local safeguarding|\b1\s+(ofsted|a full description)", table, re.I)
    table = table[: stop.start()] if stop else table
    rows = list(ROW.finditer(table))
    rows = [row for row in rows if row.group(1) in AREAS]
    numbers = [row.group(1) for row in rows]
    if numbers != sorted(set(numbers), key=list(AREAS).index):
        report.warnings.append(f"Page 1: the judgement rows read as {', '.join(numbers)}; check every judgement.")
    start = rows[0].start() if rows else len(table)
    grades, _ = grade_tokens(table[start:])
    if len(rows) != len(grades) or len(rows) != len(AREAS):
        report.warnings.append(
            f"Page 1: the judgement table shows {len(rows)} judgements and {len(grades)} grades "
            f"(a SIF report has {len(AREAS)}); check every judgement."
        )
    for row, grade in zip(rows, grades, strict=False):
        area, service_area = AREAS[row.group(1)]
        report.judgements.append(ReadJudgement(area, grade, False, service_area, 1))


def _lscb_start(lines: list[Line]) -> int | None:
    """Index of the line that opens the review of the LSCB, after the contents page."""
    for index, line in enumerate(lines):
        if line.page > 2 and LSCB_PART.match(line.text) and not re.search(r"\s\d+$", line.text):
            return index
    return None


def _read_lscb_judgement(report: OfstedReport, first: str, lines: list[Line], lscb_start: int | None) -> None:
    match = LSCB_JUDGEMENT.search(first)
    page = 1
    if not match and lscb_start is not None:
        window = lines[lscb_start : lscb_start + 4]
        match = LSCB_JUDGEMENT.search(" ".join(line.text for line in window))
        page = lines[lscb_start].page
    if match:
        report.judgements.append(
            ReadJudgement(
                "Effectiveness of the Local Safeguarding Children Board",
                grade_value(match.group(1)),
                True,
                "LSCB",
                page,
            )
        )
    elif lscb_start is not None or re.search(r"review of the effectiveness", first, re.I):
        report.warnings.append("The report reviews the LSCB but its judgement was not found; enter it.")


def _read_recommendations(report: OfstedReport, lines: list[Line], lscb_start: int | None) -> None:
    index = 0
    found = {LOCAL_AUTHORITY: False, LSCB: False}
    while index < len(lines):
        line = lines[index]
        if line.page > 2 and RECOMMENDATION_HEADINGS.match(line.text):
            addressee = LSCB if lscb_start is not None and index > lscb_start else LOCAL_AUTHORITY
            start = index - 1 if line.text.lower().startswith("priority") else index
            items, index, warnings = read_list(lines, start, addressee=addressee)
            report.recommendations.extend(items)
            report.warnings.extend(warnings)
            found[addressee] = found[addressee] or bool(items)
            continue
        index += 1
    if not found[LOCAL_AUTHORITY]:
        report.warnings.append("No recommendations to the local authority were found; enter them.")
    if lscb_start is not None and not found[LSCB]:
        report.warnings.append("The report reviews the LSCB but no LSCB recommendations were found; check.")


def _read_strengths(report: OfstedReport, lines: list[Line], lscb_start: int | None) -> None:
    for index, line in enumerate(lines):
        if line.page > 2 and STRENGTHS.match(line.text):
            items, _, _ = read_list(lines, index, addressee=LOCAL_AUTHORITY, numbered=True)
            report.findings.extend(ReadFinding("strength", item.text, item.page) for item in items)
            return


__all__ = ["GRADE_PATTERN", "is_sif", "read"]
