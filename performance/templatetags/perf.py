"""Indicator figures on pages: values with units, direction of travel, server-drawn sparklines (no script)."""

from django import template
from django.utils.html import format_html, format_html_join

from performance import presentation

register = template.Library()

SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 100, 24, 2


@register.simple_tag
def show_value(value, unit="", missing_reason=""):
    return presentation.display_value(value, unit, missing_reason)


@register.simple_tag
def show_point(point, unit=""):
    return presentation.display_point(point, unit)


@register.simple_tag
def direction_badge(direction):
    """Direction of travel as an arrow and a word; colour (better green, worse red) is never the only signal."""
    if not direction:
        return ""
    css = direction if direction in ("better", "worse") else "neutral"
    return format_html(
        '<span class="direction direction-{}"><span aria-hidden="true">{}</span> {}</span>',
        css,
        presentation.DIRECTION_ARROWS[direction],
        presentation.direction_word(direction),
    )


@register.simple_tag
def sparkline(values, label=""):
    """The last periods as a small inline SVG line, with a text alternative naming the first and last values."""
    values = [float(v) for v in values if v is not None]
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / (len(values) - 1)
    points = [
        (SPARK_PAD + i * step, SPARK_HEIGHT - SPARK_PAD - (v - low) / span * (SPARK_HEIGHT - 2 * SPARK_PAD))
        for i, v in enumerate(values)
    ]
    description = f"{label} trend over {len(values)} periods: {values[0]:,.4g} to {values[-1]:,.4g}".strip()
    return format_html(
        '<svg class="sparkline" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        '<polyline fill="none" stroke="currentColor" stroke-width="1.5" points="{}"/>'
        '<circle cx="{}" cy="{}" r="2.2" fill="currentColor"/></svg>',
        SPARK_WIDTH,
        SPARK_HEIGHT,
        SPARK_WIDTH,
        SPARK_HEIGHT,
        description,
        format_html_join(" ", "{},{}", ((f"{x:.1f}", f"{y:.1f}") for x, y in points)),
        f"{points[-1][0]:.1f}",
        f"{points[-1][1]:.1f}",
    )


@register.filter
def value_field_for(form, row):
    """The entry grid's value box for a row (templates cannot build field names)."""
    return form.value_field(row)


@register.filter
def note_field_for(form, row):
    return form.note_field(row)
