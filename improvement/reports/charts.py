"""The impact section's charts: the council's figures against the target in force and its comparators.

Where councils are compared, a count is drawn per 10,000 children (each figure divided by the child population of
its own year, as the comparison page does it: `performance.selectors.Series.per_10k`), so that England's 80,000
children looked after do not flatten a council's 450; the council's own counts keep their own chart, against its
target."""

from __future__ import annotations

from collections import defaultdict

import plotly.graph_objects as go

from core import presentation
from core.charts import RAG_COLOURS, SERIES_COLOURS, base_layout, chart_context, dated_points, period_label
from improvement.reports.why import long_date
from performance import rules as performance_rules
from performance.models import Indicator, Observation
from performance.populations import Populations
from performance.selectors import Point, Series

CHART_MONTHS_BEFORE_BASELINE = 6
PER_10K = "rate_per_10k"


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


def compares_counts(indicator: Indicator, comparators, found) -> bool:
    """Whether this indicator's chart compares counts across councils (and so is drawn per 10,000 children)."""
    return indicator.unit == Indicator.Unit.COUNT and any(found.get((indicator.pk, c.pk)) for c in comparators)


def indicator_charts(status, authority, comparators, found, baseline, current, suppressor, populations) -> list[dict]:
    """The indicator's charts: its figures against the target with the comparators; for a count compared with
    other councils, the council's own counts against its target and then everyone per 10,000 children."""
    indicator = status.indicator
    if not compares_counts(indicator, comparators, found):
        chart = _chart(status, [authority, *comparators], found, baseline, current, suppressor)
        return [chart] if chart else []
    own = _chart(status, [authority], found, baseline, current, suppressor)
    rates = _chart(status, [authority, *comparators], found, baseline, current, suppressor, populations=populations)
    return [c for c in (own, rates) if c]


def _values(indicator, who, points, suppressor, populations) -> tuple[list, list, list, list]:
    """(days, y values, hover texts, population notes) of one authority's points; per 10,000 children of each
    year with `populations`, each rate saying which population it used where its own year's is not loaded.
    A suppressed count stays out of its rate too (the rate would give the count away)."""
    days, ys, texts, notes = [], [], [], []
    figures = Series(who, [Point(d, v, r) for d, v, r in points], populations)
    rates = figures.per_10k if populations else None
    for n, (period_end, value, reason) in enumerate(points):
        text, hidden = suppressor.show(indicator, value, reason)
        note = ""
        if rates is not None:
            value = None if hidden or not rates else rates[n].value
            note = figures.borrowed(period_end) if value is not None else ""
            text = "not shown" if hidden else presentation.value_text(value, PER_10K) or text
            text += f" ({note})" if note else ""
        elif hidden:
            value = None
        days.append(period_end)
        ys.append(None if value is None else float(value))
        texts.append(text)
        notes.append(note)
    return days, ys, texts, notes


def _population_note(borrowed: dict[str, list[str]]) -> str:
    """The note under a per 10,000 chart naming the rates whose own year's child population is not loaded."""
    if not borrowed:
        return ""
    listed = "; ".join(f"{name} ({'; '.join(notes)})" for name, notes in borrowed.items())
    return f"Rates not using their own year's child population: {listed}."


def _chart(status, authorities, found, baseline, current, suppressor, populations: Populations | None = None):
    indicator = status.indicator
    unit = PER_10K if populations is not None else indicator.unit
    traces, drawn, borrowed = [], [], {}
    for index, who in enumerate(authorities):
        points = found.get((indicator.pk, who.pk), [])
        if not points:
            continue
        days, ys, texts, notes = _values(indicator, who, points, suppressor, populations)
        drawn += days
        if used := list(dict.fromkeys(note for note in notes if note)):
            borrowed[who.name] = used
        traces.append(
            go.Scatter(
                **dated_points(days),
                y=ys,
                text=texts,
                hovertemplate="%{text}",
                name=who.name,
                mode="lines+markers",
                connectgaps=False,
                line={"color": SERIES_COLOURS[index % len(SERIES_COLOURS)], "width": 3 if index == 0 else 2},
            )
        )
    if not traces:
        return None
    with_target = status.target is not None and populations is None  # a count's target is not a rate's
    if with_target:
        traces.append(
            go.Scatter(
                **dated_points([baseline, current]),
                y=[float(status.target.value)] * 2,
                name=f"Target ({presentation.value_text(status.target.value, unit)})",
                mode="lines",
                line={"color": RAG_COLOURS["green"], "dash": "dash"},
            )
        )
    title = indicator.name + (" per 10,000 children" if populations is not None else "")
    layout = base_layout(title={"text": title, "font": {"size": 14}})
    layout["yaxis"] = {**layout["yaxis"], "title": {"text": presentation.UNIT_HEADINGS.get(unit, "")}}
    if unit == presentation.PERCENT:
        layout["yaxis"]["ticksuffix"] = "%"
    figure = go.Figure(data=traces, layout=layout)
    # The caption names the range actually drawn (the chart starts months before the baseline for context).
    drawn = sorted(drawn)
    description = (
        f"{title}: figures from {period_label(drawn[0])} to {period_label(drawn[-1])} "
        f"(baseline {long_date(baseline)}, figures as at {long_date(current)})"
    )
    if with_target:
        description += f" against a target of {presentation.value_text(status.target.value, unit)}"
    if len(traces) > 1 + with_target:
        description += " and comparators"
    if populations is not None:
        description += ", each count divided by the child population of its own year"
    description += "; the same figures are in the tables above."
    if note := _population_note(borrowed):
        description += f" {note}"
    chart_id = f"chart-{indicator.code}" + ("-per-10k" if populations is not None else "")
    return {**chart_context(figure, chart_id=chart_id, description=description, height=300), "note": note}
