"""Query parameters every list page shares, checked in one place before any view reads them.

Rows per page come from a fixed set (an unbounded page size is a denial of service: a million rows of actions
takes seconds to draw), page numbers are whole numbers, and any parameter that reads as a date must lie within
DATE_RANGE (year 1 is a valid date to Python but overflows date arithmetic). `as_at` is not checked here: its one
reader, `core.asat`, bounds it and says what it shows instead. A request that
breaks one of these gets a 400 page saying what to change, with a link to the page without the bad parameters,
never an error page or a silent guess.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import formats

PAGE_SIZES = (25, 50, 100, 200)
LARGEST_PAGE_NUMBER = 100_000
DATE_RANGE = (datetime.date(1990, 1, 1), datetime.date(2099, 12, 31))


def _as_date(value: str) -> datetime.date | None:
    for pattern in formats.get_format("DATE_INPUT_FORMATS"):
        try:
            return datetime.datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    return None


def _problem(key: str, value: str) -> str | None:
    if key == "per_page":
        if value.strip() not in {str(size) for size in PAGE_SIZES}:
            sizes = ", ".join(str(size) for size in PAGE_SIZES[:-1]) + f" or {PAGE_SIZES[-1]}"
            return f"Rows per page (per_page) must be {sizes}."
        return None
    if key == "as_at":
        return None
    if key == "page":
        # ASCII digits only: str.isdigit() also accepts "²" and other digits int() refuses.
        if value == "last" or (value.isascii() and value.isdigit() and 1 <= int(value) <= LARGEST_PAGE_NUMBER):
            return None
        return f"The page number (page) must be a whole number from 1 to {LARGEST_PAGE_NUMBER:,}."
    day = _as_date(value)
    if day is not None and not DATE_RANGE[0] <= day <= DATE_RANGE[1]:
        return (
            f"The date {value.strip()} ({key}) must be between {DATE_RANGE[0]:%-d %B %Y} and {DATE_RANGE[1]:%-d %B %Y}."
        )
    return None


def problems(query: QueryDict) -> dict[str, str]:
    """The parameters that break a shared rule, each with what to change."""
    found = {}
    for key, values in query.lists():
        for value in values:
            message = _problem(key, value)
            if message:
                found[key] = message
                break
    return found


class QueryParameterMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        found = problems(request.GET)
        if not found:
            return self.get_response(request)
        kept = request.GET.copy()
        for key in found:
            kept.pop(key)
        without = request.path + (f"?{kept.urlencode()}" if kept else "")
        return render(request, "errors/400.html", {"messages_found": found.values(), "without": without}, status=400)
