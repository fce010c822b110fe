from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from core.exports import TableExportMixin
from inspections import services
from inspections.filters import InspectionFilter
from inspections.forms import JudgementFormSet
from inspections.models import Finding, Inspection, Judgement, Recommendation
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


def judgements_edit(request, pk):
    """Admins enter or correct an inspection's judgements, with the grades its framework allows."""
    inspection = get_object_or_404(Inspection, pk=pk)
    queryset = Judgement.objects.filter(inspection=inspection).order_by("order", "id")
    formset = JudgementFormSet(request.POST or None, queryset=queryset, form_kwargs={"inspection": inspection})
    if request.method == "POST" and formset.is_valid():
        changed = formset.save(commit=False)
        services.judgements_save(
            user=request.user, inspection=inspection, changed=changed, deleted=formset.deleted_objects
        )
        messages.success(request, "The judgements are saved.")
        return redirect(inspection.get_absolute_url() + "#judgements")
    status = 400 if formset.is_bound else 200
    context = {"inspection": inspection, "formset": formset}
    return render(request, "inspections/judgements_edit.html", context, status=status)
