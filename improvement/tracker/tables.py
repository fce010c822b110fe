"""The recommendation tracker's table: one row per recommendation, or per group of related ones."""

from __future__ import annotations

import django_tables2 as tables
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django_tables2.data import TableListData

from core.rag import rag_label


def _unique(values):
    return list(dict.fromkeys(values))


class TrackerLines(TableListData):
    """The tracker's lines as the table's data, kept lazy (django-tables2 makes a list of anything but its own
    TableData, which would compute every line): only the page shown is computed. No column is orderable, so the
    order is always the recommendations' query's and a `?sort=` asks for nothing."""

    def order_by(self, aliases):
        pass


class RecommendationTable(tables.Table):
    sources = tables.Column("Source", accessor="recommendations", orderable=False, empty_values=())
    text = tables.Column("Recommendation", accessor="recommendation", orderable=False, empty_values=())
    addressee = tables.Column("Addressed to", accessor="recommendations", orderable=False, empty_values=())
    timescale = tables.Column("Timescale", accessor="recommendations", orderable=False, empty_values=())
    due_date = tables.DateColumn("j M Y", verbose_name="Due", orderable=False, default="No due date")
    actions = tables.Column("Actions", accessor="actions_with_colours", orderable=False, empty_values=())
    coverage = tables.Column("Coverage", accessor="state", orderable=False)

    class Meta:
        empty_text = "No recommendations match these filters."
        attrs = {"class": "data-table tracker"}

    def render_sources(self, record):
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a>, recommendation {}</li>',
            ((r.inspection.get_absolute_url(), r.inspection.title, r.reference) for r in record.recommendations),
        )
        return format_html('<ul class="sources">{}</ul>', items)

    def value_sources(self, record):
        return "; ".join(f"{r.inspection.title}, recommendation {r.reference}" for r in record.recommendations)

    def render_text(self, record):
        rec = record.recommendation
        return format_html('<a href="{}">{}</a>', reverse("improvement:recommendation_detail", args=[rec.pk]), rec.text)

    def value_text(self, record):
        return " / ".join(r.text for r in record.recommendations)

    def render_addressee(self, record):
        return ", ".join(_unique(r.addressee_display for r in record.recommendations))

    value_addressee = render_addressee

    def render_timescale(self, record):
        return ", ".join(_unique(r.get_timescale_display() for r in record.recommendations))

    value_timescale = render_timescale

    def value_due_date(self, record):
        return record.due_date.isoformat() if record.due_date else ""

    def render_actions(self, record):
        return render_to_string("improvement/recommendations/_linked_actions.html", {"line": record})

    def value_actions(self, record):
        return "; ".join(
            f"{a.plan_reference} ({rag_label(colour) if colour else 'Withdrawn'})"
            for a, colour in record.actions_with_colours
        )

    def render_coverage(self, record):
        return render_to_string(
            "improvement/recommendations/_coverage.html", {"state": record.state, "label": record.state_label}
        )

    def value_coverage(self, record):
        return record.state_label
