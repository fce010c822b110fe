"""The one reader of `?as_at=YYYY-MM-DD` for the whole site, and the one policy for "today".

Every page that can show things as they stood on a past date reads the date here (`read_as_at`), and every page
that shows things as they are now asks `today()`: the site's local date (settings.TIME_ZONE), never the server's.
Selectors never read the clock for a page; they are given the date.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest
from django.utils import timezone

# Nothing this product tracks predates it by decades; a year-1 date is a typing slip, not a question.
EARLIEST = datetime.date(2000, 1, 1)


def today() -> datetime.date:
    """The site's "today" (its time zone's date)."""
    return timezone.localdate()


class AsAtForm(forms.Form):
    as_at = forms.DateField(
        label="Show as at",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the date as YYYY-MM-DD, for example 2015-09-01."},
    )


@dataclass(frozen=True)
class AsAt:
    """`date` is None for "now"; `day` is the day colours are computed for either way."""

    date: datetime.date | None
    day: datetime.date
    form: AsAtForm

    @property
    def query(self) -> str:
        """Appended to links so that pages reached from an as-at page stay on the same date."""
        return f"?as_at={self.date:%Y-%m-%d}" if self.date else ""

    @property
    def is_past(self) -> bool:
        return self.date is not None


def parse_as_at(raw: Mapping[str, Any]) -> tuple[datetime.date | None, str]:
    """(the date asked for, or None for today; what was wrong with it, or "")."""
    form = AsAtForm(raw or None)
    if not form.is_bound:
        return None, ""
    if not form.is_valid():
        return None, f"{' '.join(map(str, form.errors['as_at']))} Showing today instead."
    value = form.cleaned_data.get("as_at")
    if value and value > today():
        return None, "The “as at” date cannot be in the future. Showing today instead."
    if value and value < EARLIEST:
        return None, f"The “as at” date cannot be before {EARLIEST:%-d %B %Y}. Showing today instead."
    return (None if value == today() else value), ""


def read_as_at(request: HttpRequest) -> AsAt:
    """The requested date, or today with a message saying what was wrong (never an error page)."""
    value, problem = parse_as_at(request.GET)
    if problem:
        messages.error(request, problem)
    return AsAt(date=value, day=value or today(), form=AsAtForm(initial={"as_at": value}))


def as_at_day(data: Mapping[str, Any]) -> datetime.date:
    """The day `read_as_at` settles on for the query parameters `data`, without its messages: for filters that
    must use the page's date (a future, too early or unreadable date is today, as the page shows)."""
    value, _problem = parse_as_at(data)
    return value or today()
