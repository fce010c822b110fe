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
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.rag import rag_label

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


def fit_y_axis(figure: go.Figure, *, pad: float = 0.08) -> list[float] | None:
    """Scale the y axis to the values drawn (from zero, or below it for negative values), so that the range a
    page shows is not flattened by a peak it no longer draws; returns the range set, None when nothing is drawn."""
    values = [float(y) for trace in figure.data for y in (getattr(trace, "y", None) or ()) if y is not None]
    if not values:
        return None
    low, high = min(0.0, min(values)), max(0.0, max(values))
    span = (high - low) or 1.0
    axis_range = [low - (span * pad if low < 0 else 0.0), high + span * pad]
    figure.update_yaxes(range=axis_range, autorange=False)
    return axis_range


def chart_context(figure: go.Figure, *, chart_id: str, description: str, height: int = 340) -> dict:
    """Context for `{% include "includes/chart.html" with chart=... %}`."""
    spec = figure.to_plotly_json()
    spec["layout"].setdefault("height", height)
    return {"id": chart_id, "spec": spec, "description": description, "height": height}


SVG_WIDTH, SVG_HEIGHT = 720, 300
SVG_MARGIN = {"left": 48, "right": 12, "top": 12, "bottom": 64}


def _nice_step(top: int) -> int:
    """A round gridline step giving four to eight lines up to `top`."""
    step = 1
    while top / step > 8:
        for factor in (2, 2.5, 2):
            step = int(step * factor)
            if top / step <= 8:
                break
    return step


def stacked_bars_svg(days: list, counts: dict[str, list[int]], *, description: str) -> dict:
    """A stacked bar chart drawn on the server as SVG (no script, so nothing to download or run): one bar per day,
    one segment per colour of `counts` (RAG colours, in the order given), a legend naming each colour in words, and
    `description` as its accessible name. For charts that need no interaction; the page shows the figures in a
    table too."""
    plot_w = SVG_WIDTH - SVG_MARGIN["left"] - SVG_MARGIN["right"]
    plot_h = SVG_HEIGHT - SVG_MARGIN["top"] - SVG_MARGIN["bottom"]
    totals = [sum(series[i] for series in counts.values()) for i in range(len(days))]
    top = max([*totals, 1])
    step = _nice_step(top)
    top = -(-top // step) * step
    scale = plot_h / top
    slot = plot_w / max(len(days), 1)
    bar_w = slot * 0.7
    x0, base = SVG_MARGIN["left"], SVG_MARGIN["top"] + plot_h
    parts = []
    for value in range(0, top + 1, step):
        y = base - value * scale
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#e5e5e5"/>'
                '<text x="{}" y="{}" text-anchor="end" font-size="12">{}</text>',
                x0,
                SVG_WIDTH - SVG_MARGIN["right"],
                f"{y:.1f}",
                f"{y:.1f}",
                x0 - 6,
                f"{y + 4:.1f}",
                f"{value:,}",
            )
        )
    for i, day in enumerate(days):
        x = x0 + i * slot + (slot - bar_w) / 2
        y = base
        for colour, series in counts.items():
            height = series[i] * scale
            if height:
                y -= height
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {} {}</title></rect>',
                        f"{x:.1f}",
                        f"{y:.1f}",
                        f"{bar_w:.1f}",
                        f"{height:.1f}",
                        RAG_COLOURS[colour],
                        f"{day:%-d %b %Y}",
                        f"{series[i]:,}",
                        rag_label(colour).lower(),
                    )
                )
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="12">{}</text>',
                f"{x + bar_w / 2:.1f}",
                base + 18,
                f"{day:%b %y}",
            )
        )
    legend_y = SVG_HEIGHT - 16
    for n, colour in enumerate(counts):
        lx = x0 + n * 130
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="14" height="14" fill="{}"/><text x="{}" y="{}" font-size="13">{}</text>',
                lx,
                legend_y - 11,
                RAG_COLOURS[colour],
                lx + 20,
                legend_y,
                rag_label(colour),
            )
        )
    svg = format_html(
        '<svg class="chart-svg" viewBox="0 0 {} {}" role="img" aria-label="{}" font-family="Arial, sans-serif">'
        "{}</svg>",
        SVG_WIDTH,
        SVG_HEIGHT,
        description,
        mark_safe("".join(parts)),  # each part was built (and escaped) by format_html above
    )
    return {"svg": svg, "description": description}
