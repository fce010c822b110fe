"""One way to put a plotly chart on a page: build a Figure in Python, hand `chart_context(...)` to the template
include `includes/chart.html`. The figure travels as a JSON data island and static/js/charts.js draws it, so no
inline script is needed (the Content-Security-Policy forbids it). Every chart needs a text alternative: a
caption, and a table on the page with the same figures.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable

import plotly.graph_objects as go

RAG_COLOURS = {"red": "#b10e1e", "amber": "#ffbf47", "green": "#00703c", "blue": "#1d70b8"}
SERIES_COLOURS = ["#0b3c5d", "#d4351c", "#4c2c92", "#505a5f", "#f47738", "#28a197"]


# A figure dated on a month's last day describes that month (DESIGN.md "Dates have meanings"). On a plain date
# axis 31 October sits on the "Nov" tick; so every dated point is placed at its month's first day and drawn in
# the middle of the month (a period-aware axis), under its own month's label. The exact date travels as
# customdata for the hover text and for the tests that read the figure back.
PERIOD_AXIS = {
    "type": "date",
    "ticklabelmode": "period",
    "tickformat": "%b %Y",
    "hoverformat": "%B %Y",
    "gridcolor": "#e5e5e5",
}


def is_month_end(day: datetime.date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def period_label(day: datetime.date) -> str:
    """How a figure's date is named beside its chart: a month's figure by its month, a snapshot by its day."""
    return f"{day:%b %Y}" if is_month_end(day) else f"{day.day} {day:%b %Y}"


def dated_points(days: Iterable[datetime.date]) -> dict:
    """The x values and period settings of a trace whose points are dated `days` (see PERIOD_AXIS)."""
    days = list(days)
    return {
        "x": [day.replace(day=1).isoformat() for day in days],
        "customdata": [day.isoformat() for day in days],
        "xperiod": "M1",
        "xperiodalignment": "middle",
    }


def base_layout(**overrides) -> dict:
    layout = {
        "font": {"family": "Arial, Helvetica, sans-serif", "size": 13, "color": "#0b0c0c"},
        "margin": {"l": 60, "r": 20, "t": 30, "b": 50},
        "legend": {"orientation": "h", "y": -0.2},
        "hovermode": "x unified",
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
        "xaxis": dict(PERIOD_AXIS),
        "yaxis": {"gridcolor": "#e5e5e5", "separatethousands": True},
    }
    layout.update(overrides)
    return layout


def chart_context(figure: go.Figure, *, chart_id: str, description: str, height: int = 340) -> dict:
    """Context for `{% include "includes/chart.html" with chart=... %}`."""
    spec = figure.to_plotly_json()
    spec["layout"].setdefault("height", height)
    return {"id": chart_id, "spec": spec, "description": description, "height": height}
