"""Read a published Ofsted inspection report of a council's children's services (PDF) into plain data.

`read_report(data)` recognises the family (SIF 2013-2018, ILACS 2018 onwards) and returns an `OfstedReport`
whose `warnings` name everything not read with confidence. A file that is not such a report raises
`ReportRefused` with one sentence saying why.
"""

from __future__ import annotations

from inspections.ofsted_pdf import ilacs, sif
from inspections.ofsted_pdf.report import OfstedReport, ReadFinding, ReadJudgement, ReadRecommendation
from inspections.ofsted_pdf.text import ReportRefused, page_lines, read_pages

__all__ = ["OfstedReport", "ReadFinding", "ReadJudgement", "ReadRecommendation", "ReportRefused", "read_report"]


def read_report(data: bytes) -> OfstedReport:
    pages = read_pages(data)
    first = pages[0]
    if "ofsted" not in " ".join(pages).lower():
        raise ReportRefused("The PDF is not an Ofsted report (it never names Ofsted).")
    if ilacs.is_ilacs(first):
        read = ilacs.read
    elif sif.is_sif(first):
        read = sif.read
    else:
        raise ReportRefused(
            "The PDF is not an Ofsted inspection report of a council's children's services (SIF or ILACS); "
            "its first page has neither title."
        )
    report = read(pages, page_lines(pages))
    if not report.judgements and not report.recommendations:
        raise ReportRefused("No judgements or recommendations could be read from the PDF; enter them by hand.")
    return report
