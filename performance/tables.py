"""The indicator list table. Rows are `selectors.IndicatorStatus`; exports carry the computed columns as words."""

import django_tables2 as tables
from django.utils.html import format_html

from core import presentation as shown
from core.rag import rag_label
from core.templatetags.ui import direction_badge, rag_badge, sparkline
from performance import presentation


class IndicatorStatusTable(tables.Table):
    indicator = tables.Column(accessor="indicator__name", verbose_name="Indicator", order_by="indicator__order")
    category = tables.Column(accessor="indicator__category", verbose_name="Category")
    period_end = tables.DateColumn(format="j M Y", verbose_name="Latest period", default="No data")
    value = tables.Column(verbose_name="Latest value", empty_values=(), orderable=False)
    target = tables.Column(accessor="target_value", verbose_name="Target", default="—", orderable=False)
    rag = tables.Column(verbose_name="Colour", empty_values=(), orderable=False)
    direction = tables.Column(verbose_name="Direction", empty_values=(), orderable=False)
    overdue = tables.Column(verbose_name="Data", empty_values=(), orderable=False)
    trend = tables.Column(verbose_name="Trend", empty_values=(), orderable=False, exclude_from_export=True)

    class Meta:
        attrs = {"class": "data-table indicator-table"}
        orderable = False
        sequence = ("indicator", "category", "period_end", "value", "target", "rag", "direction", "overdue", "trend")

    def render_indicator(self, record):
        return format_html(
            '<a href="{}">{}</a> <span class="code">{}</span>',
            record.indicator.get_absolute_url(),
            record.indicator.name,
            record.indicator.code,
        )

    def value_indicator(self, record):
        return record.indicator.name

    def render_value(self, record):
        return presentation.display_value(record.value, record.indicator.unit, record.missing_reason) or "—"

    def value_value(self, record):
        return record.value if record.value is not None else record.missing_reason

    def render_target(self, record):
        return presentation.display_value(record.target_value, record.indicator.unit)

    def render_rag(self, record):
        # Context indicators have no good direction, so no target colour: say so rather than "No rating".
        badge = rag_badge(record.rag, "Context" if record.indicator.is_context else None)
        reason = presentation.assessment_why(record.assessment, record.value, record.target, record.indicator.unit)
        return format_html('{}<span class="why small">{}.</span>', badge, reason) if reason else badge

    def value_rag(self, record):
        return rag_label(record.rag) if not record.indicator.is_context else "Context"

    def render_direction(self, record):
        return direction_badge(record.direction) or "—"

    def value_direction(self, record):
        return shown.direction_word(record.direction)

    def render_overdue(self, record):
        if record.latest is None:
            return format_html('<span class="tag tag-overdue">{}</span>', "No data")
        if record.overdue:
            return format_html('<span class="tag tag-overdue">{}</span>', "Overdue data")
        return "Up to date"

    def value_overdue(self, record):
        return "No data" if record.latest is None else "Overdue data" if record.overdue else "Up to date"

    def render_trend(self, record):
        return sparkline(record.sparkline_values, record.indicator.name, record.indicator.unit) or "—"
