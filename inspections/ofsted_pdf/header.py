"""Header fields both families print on the first page: dates, lead inspector."""

from __future__ import annotations

import re

from inspections.ofsted_pdf.report import OfstedReport
from inspections.ofsted_pdf.text import Line, parse_date, parse_date_range, squash

INSPECTION_DATES = re.compile(r"inspection dates?\s*:\s*(.+?)(?=lead inspector|report published|$)", re.I | re.S)
PUBLISHED = re.compile(r"report published\s*:\s*(.+)", re.IGNORECASE)
LEAD = re.compile(r"^lead inspector\s*:?\s*(.*)$", re.IGNORECASE)
INSPECTOR_TITLE = re.compile(r",?\s*(?:(?:his|her) majesty.s inspector|hmi)\s*$", re.IGNORECASE)


def read_dates(report: OfstedReport, first_page: list[str]) -> None:
    joined = " ".join(first_page)
    match = INSPECTION_DATES.search(joined)
    span = parse_date_range(match.group(1)[:120]) if match else None
    if span:
        report.start_date, report.end_date = span
        report.pages["dates"] = 1
    else:
        report.warnings.append("The inspection dates were not found on page 1; enter the start and end dates.")
    for line in first_page:
        published = PUBLISHED.search(line)
        if published:
            report.published_date = parse_date(published.group(1))
            report.pages["published_date"] = 1
            if report.published_date is None:
                report.warnings.append(f"Page 1: the publication date “{published.group(1)}” was not understood.")
            break
    else:
        report.warnings.append("The report does not print its publication date; enter it (due dates follow it).")


def read_lead_inspector(report: OfstedReport, lines: list[Line]) -> None:
    for line in lines:
        match = LEAD.match(line.text)
        if match:
            name = squash(INSPECTOR_TITLE.sub("", match.group(1)))
            if name and len(name) < 60:
                report.lead_inspector = name
                report.pages["lead_inspector"] = line.page
                return
    report.warnings.append("The lead inspector's name was not found; enter it.")
