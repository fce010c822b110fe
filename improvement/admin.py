from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from improvement.models import (
    Action,
    Committee,
    CommitteeReport,
    Plan,
    Priority,
    PriorityAssessment,
    ProgressUpdate,
)


class PriorityInline(admin.TabularInline):
    model = Priority
    extra = 0
    fields = ["number", "title", "lead"]


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ["reference", "description", "owner", "start_date", "due_date", "status", "progress"]
    show_change_link = True


class ProgressUpdateInline(admin.TabularInline):
    model = ProgressUpdate
    extra = 0
    fields = ["created_at", "author", "kind", "status", "progress", "rag", "commentary", "evidence_link"]
    readonly_fields = fields  # append-only: history is never edited
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class PriorityAssessmentInline(admin.TabularInline):
    model = PriorityAssessment
    extra = 0
    fields = ["date", "rag", "commentary", "assessed_by"]


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "status", "board", "owner", "start_date", "end_date"]
    list_filter = ["kind", "status", "board"]
    search_fields = ["name", "description"]
    filter_horizontal = ["inspections"]
    inlines = [PriorityInline]


@admin.register(Priority)
class PriorityAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "plan", "lead"]
    list_filter = ["plan"]
    search_fields = ["title", "description"]
    list_select_related = ["plan", "lead"]
    inlines = [ActionInline, PriorityAssessmentInline]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "description", "priority", "owner", "due_date", "status", "progress", "rag_override"]
    list_filter = ["priority__plan", "status", "rag_override", "owner"]
    search_fields = ["reference", "description"]
    list_select_related = ["priority__plan", "owner"]
    filter_horizontal = ["recommendations", "indicators"]
    readonly_fields = ["version", "verified_by", "verified_at"]
    inlines = [ProgressUpdateInline]


@admin.register(CommitteeReport)
class CommitteeReportAdmin(SimpleHistoryAdmin):
    list_display = ["title", "committee", "meeting_date", "status", "issued_at", "issued_by"]
    list_filter = ["committee", "status"]
    search_fields = ["title", "purpose", "background"]
    filter_horizontal = ["plans", "inspections", "indicators"]
    readonly_fields = ["status", "issued_at", "issued_by"]
