from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from inspections.models import Finding, Inspection, Judgement, Recommendation


class JudgementInline(admin.TabularInline):
    model = Judgement
    extra = 0
    fields = ["order", "service_area", "area_name", "is_key", "grade", "self_assessment_grade"]


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    extra = 0
    fields = ["number", "addressee", "addressee_name", "timescale", "is_priority_action", "text"]


@admin.register(Inspection)
class InspectionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "framework", "start_date", "published_date", "overall_grade"]
    list_filter = ["kind", "framework", "overall_grade"]
    search_fields = ["title", "body", "summary"]
    date_hierarchy = "start_date"
    inlines = [JudgementInline, FindingInline, RecommendationInline]


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "inspection", "number", "addressee", "timescale", "is_priority_action"]
    list_filter = ["inspection", "addressee", "timescale", "is_priority_action"]
    search_fields = ["text", "addressee_name"]
    list_select_related = ["inspection"]
    filter_horizontal = ["related"]


@admin.register(Judgement)
class JudgementAdmin(SimpleHistoryAdmin):
    list_display = ["area_name", "service_area", "inspection", "grade", "self_assessment_grade", "is_key"]
    list_filter = ["inspection", "service_area", "grade", "is_key"]
    search_fields = ["area_name", "service_area"]
    list_select_related = ["inspection"]


@admin.register(Finding)
class FindingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "inspection", "kind"]
    list_filter = ["inspection", "kind"]
    search_fields = ["text"]
    list_select_related = ["inspection"]
