"""Plotly figures for the performance pages, drawn through core.charts (JSON data island, no inline script)."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from core.charts import (
    PERIOD_AXIS,
    RAG_COLOURS,
    SERIES_COLOURS,
    base_layout,
    chart_context,
    dated_points,
    fit_y_axis,
)
from performance import presentation
from performance.models import Indicator
from performance.selectors import PeriodRow, Series

NO_RATING_COLOUR = "#505a5f"
BAND_COLOUR = "rgba(255, 191, 71, 0.35)"


def _num(value):
    return float(value) if value is not None else None


def _axis_title(indicator: Indicator) -> str:
    return indicator.get_unit_display()


def _layout(y_title: str) -> dict:
    return base_layout(
        yaxis={"title": y_title, "separatethousands": True, "gridcolor": "#e5e5e5"}, xaxis=dict(PERIOD_AXIS)
    )


def indicator_chart(
    indicator: Indicator, rows: Sequence[PeriodRow], *, authority_name: str, comparators: Sequence[Series] = ()
) -> dict:
    """The council's series (markers coloured by RAG), the target in force over time as a step line, the amber
    tolerance band on the worse side of it, and comparators in the same unit."""
    rows = list(reversed(rows))  # oldest first
    dates = dated_points(r.point.period_end for r in rows)
    figure = go.Figure()
    targets = [r.target for r in rows]
    if any(targets):
        target_values = [_num(t.value) if t else None for t in targets]
        sign = -1 if indicator.polarity == Indicator.Polarity.HIGHER_IS_BETTER else 1
        bounds = [_num(t.value + sign * t.tolerance) if t else None for t in targets]
        figure.add_trace(
            go.Scatter(
                **dates,
                y=target_values,
                name="Target",
                mode="lines",
                line={"color": "#0b0c0c", "dash": "dash", "shape": "hv", "width": 2},
            )
        )
        figure.add_trace(
            go.Scatter(
                **dates,
                y=bounds,
                name="Amber band (within tolerance)",
                mode="lines",
                line={"color": "#8a5a00", "width": 0.5, "shape": "hv"},
                fill="tonexty",
                fillcolor=BAND_COLOUR,
            )
        )
    figure.add_trace(
        go.Scatter(
            **dates,
            y=[_num(r.point.value) for r in rows],
            name=authority_name,
            mode="lines+markers",
            line={"color": SERIES_COLOURS[0], "width": 3},
            marker={
                "size": 10,
                "color": [RAG_COLOURS.get(r.rag or "", NO_RATING_COLOUR) for r in rows],
                "line": {"color": "#ffffff", "width": 1},
            },
            text=[presentation.display_value(r.point.value, indicator.unit, r.point.missing_reason) for r in rows],
            hovertemplate="%{text}",
        )
    )
    if indicator.unit != Indicator.Unit.COUNT:
        _add_comparators(figure, comparators, per_10k=False)
    figure.update_layout(**_layout(_axis_title(indicator)))
    fit_y_axis(figure)
    return chart_context(
        figure,
        chart_id="indicator-chart",
        description=f"{indicator.name} for {authority_name} by period, with the target and comparators. "
        "The table below gives the same figures.",
    )


def per_10k_chart(indicator: Indicator, all_series: Sequence[Series], *, chart_id: str = "per-10k-chart") -> dict:
    """Each authority's figures per 10,000 children: councils of different sizes side by side."""
    figure = go.Figure()
    _add_comparators(figure, all_series, per_10k=True)
    figure.update_layout(**_layout("Per 10,000 children"))
    fit_y_axis(figure)
    names = ", ".join(s.authority.name for s in all_series if s.per_10k)
    return chart_context(
        figure,
        chart_id=chart_id,
        description=f"{indicator.name} per 10,000 children: {names}. The table gives the same figures.",
    )


def values_chart(indicator: Indicator, all_series: Sequence[Series], *, chart_id: str = "values-chart") -> dict:
    figure = go.Figure()
    _add_comparators(figure, all_series, per_10k=False)
    figure.update_layout(**_layout(_axis_title(indicator)))
    return chart_context(
        figure,
        chart_id=chart_id,
        description=f"{indicator.name} by authority. The table gives the same figures.",
    )


def _add_comparators(figure: go.Figure, all_series: Sequence[Series], *, per_10k: bool) -> None:
    for n, one in enumerate(all_series):
        points = one.per_10k if per_10k else one.points
        if not points:
            continue
        colour = SERIES_COLOURS[(n + 1) % len(SERIES_COLOURS)] if not one.authority.is_home else SERIES_COLOURS[0]
        hover = {"text": [_rate_text(one, p) for p in points], "hovertemplate": "%{text}"} if per_10k else {}
        figure.add_trace(
            go.Scatter(
                **dated_points(p.period_end for p in points),
                y=[_num(p.value) for p in points],
                name=one.authority.name,
                mode="lines+markers",
                line={"color": colour, "dash": "solid" if one.authority.is_home else "dot"},
                **hover,
            )
        )


def _rate_text(one: Series, point) -> str:
    """A rate per 10,000 as shown on hover, saying which child population it used where not its own year's."""
    text = presentation.display_value(point.value, Indicator.Unit.RATE_PER_10K, point.missing_reason)
    note = one.borrowed(point.period_end) if point.value is not None else ""
    return f"{text} ({note})" if note else text
