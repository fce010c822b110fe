"""Reading `?as_at=YYYY-MM-DD`: the date a plan, priority or action page shows things as they stood on."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.utils import timezone

from improvement.plans.forms import AsAtForm


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


def read_as_at(request) -> AsAt:
    """The requested date, or today with a message saying what was wrong (never an error page)."""
    today = timezone.localdate()
    form = AsAtForm(request.GET or None)
    value = None
    if form.is_bound and not form.is_valid():
        messages.error(request, f"{' '.join(form.errors['as_at'])} Showing today instead.")
    elif form.is_bound:
        value = form.cleaned_data.get("as_at")
        if value and value > today:
            messages.error(request, "The “as at” date cannot be in the future. Showing today instead.")
            value = None
        elif value == today:
            value = None
    return AsAt(date=value, day=value or today, form=AsAtForm(initial={"as_at": value}))
