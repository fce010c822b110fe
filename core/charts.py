"""One way to put a plotly chart on a page: build a Figure in Python, hand `chart_context(...)` to the template
include `includes/chart.html`. The figure travels as a JSON data island and static/js/charts.js draws it, so no
inline script is needed (the Content-Security-Policy forbids it). Every chart needs a text alternative: a
caption, and a table on the page with the same figures.
"""

from __future__ import annotations

import plotly.graph_objects as go

RAG_COLOURS = {"red": "#b10e1e", "amber": "#ffbf47", "green": "#00703c", "blue": "#1d70b8"}
SERIES_COLOURS = ["#0b3c5d", "#d4351c", "#4c2c92", "#505a5f", "#f47738", "#28a197"]


def base_layout(**overrides) -> dict:
    layout = {
        "font": {"family": "Arial, Helvetica, sans-serif", "size": 13, "color": "#0b0c0c"},
        "margin": {"l": 60, "r": 20, "t": 30, "b": 50},
        "legend": {"orientation": "h", "y": -0.2},
        "hovermode": "x unified",
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
        "xaxis": {"gridcolor": "#e5e5e5"},
        "yaxis": {"gridcolor": "#e5e5e5", "separatethousands": True},
    }
    layout.update(overrides)
    return layout


def chart_context(figure: go.Figure, *, chart_id: str, description: str, height: int = 340) -> dict:
    """Context for `{% include "includes/chart.html" with chart=... %}`."""
    spec = figure.to_plotly_json()
    spec["layout"].setdefault("height", height)
    return {"id": chart_id, "spec": spec, "description": description, "height": height}
