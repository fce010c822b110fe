"""Text helpers shared by the report families: pages and lines from the PDF, dates, grades and lists."""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import pypdf
from pypdf.errors import PdfReadError

# Bounded work for untrusted input: a published report is 10-60 pages and under 2 MB.
MAX_BYTES = 20 * 1024 * 1024
MAX_PAGES = 200
MIN_TEXT_CHARS = 500


class ReportRefused(Exception):
    """The file cannot be read as an Ofsted children's services report; the message says why."""


@dataclass(frozen=True)
class Line:
    page: int
    text: str


def read_pages(data: bytes) -> list[str]:
    """The text of each page, in content order. Refuses what is not a readable, text-bearing PDF."""
    if len(data) > MAX_BYTES:
        raise ReportRefused(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB; an Ofsted report is smaller.")
    if b"%PDF-" not in data[:1024]:
        raise ReportRefused("The file is not a PDF; upload the report as published by Ofsted (a .pdf file).")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ReportRefused(
                "The PDF is encrypted (password protected); upload the report as published by Ofsted, "
                "without a password."
            )
        if len(reader.pages) > MAX_PAGES:
            raise ReportRefused(f"The PDF has more than {MAX_PAGES} pages; it is not an Ofsted inspection report.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReportRefused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise ReportRefused(f"The PDF cannot be read ({exc.__class__.__name__}); it may be damaged.") from exc
    if sum(len(text.strip()) for text in pages) < MIN_TEXT_CHARS:
        raise ReportRefused(
            "The PDF has no text layer (it looks like a scan); upload the report as published by Ofsted, "
            "not a scanned copy."
        )
    return [normalise(text) for text in pages]


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return text.replace("\u00a0", " ").replace("\u2010", "-").replace("\u2011", "-")


def page_lines(pages: list[str]) -> list[Line]:
    """Every non-blank line with its page number (from 1), running headers, footers and page numbers removed.

    A line at the top or foot of many pages (digits aside) is page furniture, whatever the report's layout.
    """
    per_page = [[squash(line) for line in text.splitlines() if line.strip()] for text in pages]
    counts: Counter[str] = Counter()
    for lines in per_page:
        counts.update({_furniture_key(line) for line in _edges(lines)})
    threshold = max(3, len(pages) // 6)
    furniture = {key for key, n in counts.items() if n >= threshold and key}
    result = []
    for number, lines in enumerate(per_page, 1):
        edges = set(_edges(lines))
        for line in lines:
            if line.isdigit() or (line in edges and _furniture_key(line) in furniture):
                continue
            result.append(Line(number, line))
    return result


def _edges(lines: list[str]) -> list[str]:
    return lines[:EDGE_LINES] + lines[-EDGE_LINES:]


EDGE_LINES = 4


def _furniture_key(line: str) -> str:
    return re.sub(r"\d+", "", line).strip().lower()


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# Grades as printed. "Requires improvement to be good" (and its wrapped halves) reads as requires improvement.
GRADE_PATTERN = re.compile(
    r"\b(requires? improvement(?:\s+to\s+be\s+good)?|inadequate|good|outstanding|adequate)\b", re.IGNORECASE
)
TO_BE_GOOD = re.compile(r"\bto\s+be\s+good\b", re.IGNORECASE)


def grade_value(text: str) -> str:
    word = squash(text).lower()
    if word.startswith("require"):
        return "requires_improvement"
    return word


def grade_tokens(text: str) -> tuple[list[str], str]:
    """The grades in a stretch of table text in reading order, and the text without them (the labels)."""
    text = TO_BE_GOOD.sub(" ", text) if re.search(r"requires? improvement", text, re.IGNORECASE) else text
    grades = [grade_value(m.group(1)) for m in GRADE_PATTERN.finditer(text)]
    return grades, squash(GRADE_PATTERN.sub(" ", text))


MONTHS = {
    name.lower(): number
    for number, name in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        1,
    )
}
_DATE_TOKEN = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})|(\d{4})|(\d{1,2})(?:st|nd|rd|th)?\b|([A-Za-z]+)")


def parse_date(text: str) -> datetime.date | None:
    """One date written as '3 February 2015' or '10/08/2015'; None when it is not one."""
    dates = parse_date_range(text)
    return dates[0] if dates and dates[0] == dates[1] else None


def parse_date_range(text: str) -> tuple[datetime.date, datetime.date] | None:
    """First and last day of a span such as '28 November to 9 December 2022', '2 to 6 October 2023',
    '1/06/2015 - 25/06/2015' or '19 November-11 December 2013 and 28 - 30 January 2014' (any dash)."""
    days: list[int] = []
    months: list[tuple[int, int]] = []  # (position, month)
    years: list[tuple[int, int]] = []
    day_positions: list[int] = []
    position = 0
    for match in _DATE_TOKEN.finditer(text):
        if match.group(1):
            for value, bucket in ((int(match.group(1)), "d"), (int(match.group(2)), "m"), (int(match.group(3)), "y")):
                position += 1
                if bucket == "d":
                    days.append(value)
                    day_positions.append(position)
                elif bucket == "m":
                    months.append((position, value))
                else:
                    years.append((position, value))
        elif match.group(4):
            position += 1
            years.append((position, int(match.group(4))))
        elif match.group(5):
            position += 1
            days.append(int(match.group(5)))
            day_positions.append(position)
        elif match.group(6) and match.group(6).lower() in MONTHS:
            position += 1
            months.append((position, MONTHS[match.group(6).lower()]))
    if not days or not months or not years:
        return None
    start_month = next((m for p, m in months if p > day_positions[0]), months[0][1])
    start_year = next((y for p, y in years if p > day_positions[0]), years[0][1])
    end_month, end_year = months[-1][1], years[-1][1]
    try:
        start = datetime.date(start_year, start_month, days[0])
        end = datetime.date(end_year, end_month, days[-1])
    except ValueError:
        return None
    if start > end and start_year == end_year:
        start = start.replace(year=start_year - 1)
    return start, end


def _is_bullet(char: str) -> bool:
    return unicodedata.category(char) in {"So", "Sm", "Co", "Pd"} or char in "•●▪■◼◾·*"


def bullet_text(line: str) -> str | None:
    """The text after a bullet glyph (any symbol a report draws bullets with), or None if not a bullet line."""
    if line and _is_bullet(line[0]):
        return line[1:].strip()
    return None


NUMBERED = re.compile(r"^(\d{1,3})\.\s*(\S.*)$")
FOOTNOTE_START = re.compile(r"^\d{1,2}\s+[A-Z][a-z]")
# A footnote mark printed as a superscript reads as digits glued to the end of a word ("board1", "area2.").
FOOTNOTE_MARK = re.compile(r"(?<=[a-z]{3})\d{1,2}(?=[\s.,;:)]|$)")


def join_lines(parts: list[str]) -> str:
    """Lines of one item joined: a word broken at a hyphen stays hyphenated, footnote marks go."""
    text = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if not text:
            text = part
        elif text.endswith("-") and not text.endswith(" -"):
            text += part
        else:
            text += " " + part
    return squash(FOOTNOTE_MARK.sub("", text))
