from django.shortcuts import get_object_or_404, redirect, render
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from core.exports import TableExportMixin
from inspections.filters import InspectionFilter
from inspections.models import Finding, Recommendation
from inspections.selectors import (
    inspection_for_page,
    inspections_for_list,
    judgement_groups,
    self_assessment_comparison,
)
from inspections.tables import InspectionTable


class InspectionListView(TableExportMixin, SingleTableMixin, FilterView):
    """Every inspection and review, newest first. Read-only for everyone signed in."""

    table_class = InspectionTable
    filterset_class = InspectionFilter
    template_name = "inspections/inspection_list.html"
    table_pagination = {"per_page": 50}
    export_name = "inspections"

    def get_queryset(self):
        return inspections_for_list()


def inspection_detail(request, pk):
    inspection = get_object_or_404(inspection_for_page(), pk=pk)
    judgements = list(inspection.judgements.all())
    findings = list(inspection.findings.all())
    context = {
        "inspection": inspection,
        "judgement_groups": judgement_groups(judgements),
        "comparison": self_assessment_comparison(judgements),
        "strengths": [f for f in findings if f.kind == Finding.Kind.STRENGTH],
        "areas_for_improvement": [f for f in findings if f.kind == Finding.Kind.AREA_FOR_IMPROVEMENT],
        "recommendations": inspection.recommendations.all(),
    }
    return render(request, "inspections/inspection_detail.html", context)


def recommendation_detail(request, pk):
    """A recommendation's place in its report. Pages about how it is being answered belong to the apps that
    answer it, which link here for the source."""
    recommendation = get_object_or_404(Recommendation, pk=pk)
    return redirect(f"{recommendation.inspection.get_absolute_url()}#recommendation-{recommendation.pk}")
