"""What a report reader returns, and the list reading both families share."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from inspections.ofsted_pdf.text import FOOTNOTE_START, NUMBERED, Line, bullet_text, join_lines, squash

LOCAL_AUTHORITY = "local_authority"
LSCB = "lscb"


@dataclass
class ReadJudgement:
    area: str
    grade: str
    key: bool
    service_area: str
    page: int


@dataclass
class ReadRecommendation:
    number: str | None
    text: str
    addressee: str
    page: int
    timescale: str = "none"
    priority: bool = False


@dataclass
class ReadFinding:
    kind: str
    text: str
    page: int


@dataclass
class OfstedReport:
    council: str = ""
    kind: str = ""
    framework: str = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    published_date: datetime.date | None = None
    lead_inspector: str = ""
    overall_grade: str = ""
    judgements: list[ReadJudgement] = field(default_factory=list)
    recommendations: list[ReadRecommendation] = field(default_factory=list)
    findings: list[ReadFinding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # The page each header field was read from, for the preview.
    pages: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict:
        """The shape `import_ofsted_report --json` prints (issue 15); grades as the model labels them."""
        return {
            "council": self.council,
            "kind": self.kind,
            "framework": self.framework,
            "start_date": _iso(self.start_date),
            "end_date": _iso(self.end_date),
            "published_date": _iso(self.published_date),
            "lead_inspector": self.lead_inspector,
            "overall_grade": grade_label(self.overall_grade),
            "judgements": [{"area": j.area, "grade": grade_label(j.grade), "key": j.key} for j in self.judgements],
            "recommendations": [
                {"number": r.number, "text": r.text, "addressee": r.addressee} for r in self.recommendations
            ],
            "warnings": list(self.warnings),
        }


def grade_label(grade: str) -> str:
    return grade.replace("_", " ")


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


# Headings that close a list of recommendations, in either family.
END_HEADINGS = re.compile(
    r"^(summary for children|the local authority.s strengths|information about|inspection findings|summary of"
    r"|the experiences and progress|inspection judgements|section \d|the local safeguarding children board"
    r"|executive summary|contents|progress since|what the (lscb |local authority )?inspection judgements"
    r"|the effectiveness of|what does the (lscb|local authority) need|recommendations$|the lscb.s strengths"
    r"|the impact of leaders|overall effectiveness|what needs to improve|inspection judgement"
    r"|key (strengths|findings))",
    re.IGNORECASE,
)
SENTENCE_BREAK = re.compile(r"[.;]\s+[A-Z]")
NOTHING = re.compile(r"^there (are|were) no\b", re.IGNORECASE)
SUBHEADINGS = {
    "priority and immediate action": ("immediately", True),
    "areas for priority action": ("immediately", True),
    "areas for improvement": ("none", False),
}


def read_list(lines: list[Line], start: int, *, addressee: str, numbered: bool | None = None):
    """Items of the list that starts after the heading at `lines[start]`: numbered ("12. ...", numbers in
    sequence) or bulleted (any glyph). Sub-headings (priority and immediate action, areas for improvement) set
    the timescale of the items under them. Returns (items, index of the line that ended the list, warnings)."""
    items: list[ReadRecommendation] = []
    parts: list[list[str]] = []
    warnings: list[str] = []
    timescale, priority = "none", False
    expected: int | None = None
    skip_page: int | None = None
    index = start + 1
    while index < len(lines):
        line = lines[index]
        text = line.text
        key = squash(text).rstrip(":").lower()
        if skip_page == line.page:
            index += 1
            continue
        if key in SUBHEADINGS:
            timescale, priority = SUBHEADINGS[key]
            if parts and parts[-1][-1].lower().rstrip().endswith(key):
                # The heading also printed at the end of the item before it (seen on the page, so in the text).
                parts[-1][-1] = parts[-1][-1].rstrip()[: -len(key)]
            index += 1
            continue
        if END_HEADINGS.match(text) and not (items and _continues(parts[-1], text)):
            break
        number = NUMBERED.match(text)
        bullet = bullet_text(text)
        if number and numbered is not False and (expected is None or int(number.group(1)) == expected):
            numbered = True
            expected = int(number.group(1)) + 1
            items.append(ReadRecommendation(number.group(1), "", addressee, line.page, timescale, priority))
            parts.append([number.group(2)])
        elif number and numbered:
            warnings.append(
                f"Page {line.page}: recommendation {number.group(1)} is out of sequence "
                f"(expected {expected}); the list was read up to there. Check the recommendations."
            )
            break
        elif number and numbered is False:
            break  # a numbered paragraph after a bulleted list: the report body has begun
        elif bullet is not None and numbered is not True:
            numbered = False
            items.append(ReadRecommendation(None, "", addressee, line.page, timescale, priority))
            parts.append([bullet])
        elif bullet is not None and items:
            parts[-1].append(bullet)  # a sub-list inside a numbered recommendation belongs to it
        elif FOOTNOTE_START.match(text):
            skip_page = line.page  # footnotes run to the foot of the page
        elif items and _is_theme_heading(parts[-1], text, _text_at(lines, index + 1)):
            pass  # a theme heading between items ("Governance"), not part of either
        elif items:
            parts[-1].append(text)
        index += 1
    for item, item_parts in zip(items, parts, strict=True):
        item.text = join_lines(item_parts)
    # "There are no priority actions." is printed as an item under its heading but asks for nothing.
    items = [item for item in items if not NOTHING.match(item.text)]
    if len(items) == 1 and len(SENTENCE_BREAK.findall(items[0].text)) >= 2:
        warnings.append(
            f"Page {items[0].page}: the list was read as one item of several sentences; its bullets may not have "
            "been recognised. Check whether it is several recommendations."
        )
    return items, index, warnings


def _text_at(lines: list[Line], index: int) -> str:
    return lines[index].text if index < len(lines) else ""


def _is_theme_heading(previous: list[str], text: str, following: str) -> bool:
    """A short unpunctuated line after a finished item and right before the next item groups the items."""
    finished = previous[-1].rstrip().endswith((".", ";")) if previous else False
    starts_item = bool(NUMBERED.match(following) or bullet_text(following) is not None)
    heading_like = len(text) <= 90 and text[:1].isupper() and not text.rstrip().endswith((".", ";", ",", ":"))
    return finished and starts_item and heading_like


def _continues(previous: list[str], text: str) -> bool:
    """A line that looks like a heading but continues an item cut mid-sentence (no full stop yet)."""
    last = previous[-1].rstrip() if previous else ""
    return bool(last) and not last.endswith((".", ":", "?")) and text[:1].islower()
