"""The impact section's charts: the council's figures against the target in force and its comparators."""

from __future__ import annotations

from collections import defaultdict

import plotly.graph_objects as go

from core.charts import RAG_COLOURS, SERIES_COLOURS, base_layout, chart_context, dated_points, period_label
from core.numbers import format_number
from improvement.reports.why import long_date
from performance import rules as performance_rules
from performance.models import Observation

CHART_MONTHS_BEFORE_BASELINE = 6


def chart_series(indicators, authorities, baseline, current) -> dict[tuple[int, int], list]:
    """All authorities' figures for all the report's indicators over the chart window, in one query."""
    start = performance_rules.period_end_after(baseline, -CHART_MONTHS_BEFORE_BASELINE)
    found: dict[tuple[int, int], list] = defaultdict(list)
    rows = (
        Observation.objects.filter(
            indicator__in=indicators,
            authority__in=authorities,
            period_end__gte=start,
            period_end__lte=current,
        )
        .order_by("period_end")
        .values_list("indicator_id", "authority_id", "period_end", "value", "missing_reason")
    )
    for indicator_id, authority_id, period_end, value, reason in rows:
        found[(indicator_id, authority_id)].append((period_end, value, reason))
    return found


def indicator_chart(status, authority, comparators, found, baseline, current, suppressor) -> dict | None:
    """The council's figures against the target in force and the comparators, with small counts left out."""
    indicator = status.indicator
    traces, drawn = [], []
    for index, who in enumerate([authority, *comparators]):
        points = found.get((indicator.pk, who.pk), [])
        if not points:
            continue
        days, ys, texts = [], [], []
        for period_end, value, reason in points:
            text, hidden = suppressor.show(indicator, value, reason)
            days.append(period_end)
            drawn.append(period_end)
            ys.append(None if hidden or value is None else float(value))
            texts.append(text)
        traces.append(
            go.Scatter(
                **dated_points(days),
                y=ys,
                text=texts,
                hovertemplate="%{text}",
                name=who.name,
                mode="lines+markers",
                connectgaps=False,
                line={"color": SERIES_COLOURS[index % len(SERIES_COLOURS)], "width": 3 if who == authority else 2},
            )
        )
    if not traces:
        return None
    if status.target is not None:
        traces.append(
            go.Scatter(
                **dated_points([baseline, current]),
                y=[float(status.target.value)] * 2,
                name=f"Target ({format_number(status.target.value)})",
                mode="lines",
                line={"color": RAG_COLOURS["green"], "dash": "dash"},
            )
        )
    figure = go.Figure(data=traces, layout=base_layout(title={"text": indicator.name, "font": {"size": 14}}))
    # The caption names the range actually drawn (the chart starts months before the baseline for context).
    drawn = sorted(drawn)
    description = (
        f"{indicator.name}: figures from {period_label(drawn[0])} to {period_label(drawn[-1])} "
        f"(baseline {long_date(baseline)}, figures as at {long_date(current)})"
    )
    if status.target is not None:
        description += f" against a target of {format_number(status.target.value)}"
    if len(traces) > 1 + (status.target is not None):
        description += " and comparators"
    description += "; the same figures are in the tables above."
    return chart_context(figure, chart_id=f"chart-{indicator.code}", description=description, height=300)
