from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
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
from improvement.plans import services


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
    fields = ("created_at", "author", "kind", "status", "progress", "rag", "commentary", "evidence_link")
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


class ActionAdminForm(forms.ModelForm):
    """Carries the version the admin read, so a save from a stale page is refused as it is in the app."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Action
        fields = [
            "priority",
            "reference",
            "description",
            "owner",
            "start_date",
            "due_date",
            "completed_date",
            "status",
            "progress",
            "rag_override",
            "rag_override_reason",
            "success_measure",
            "recommendations",
            "indicators",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("expected_version") != Action.objects.get(pk=self.instance.pk).version:
            raise ValidationError(
                "Someone else changed this action after you opened this page; nothing was saved. "
                "Reload the page to see their change, then make yours again."
            )
        return cleaned


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    form = ActionAdminForm
    list_display = ["reference", "description", "priority", "owner", "due_date", "status", "progress", "rag_override"]
    list_filter = ["priority__plan", "status", "rag_override", "owner"]
    search_fields = ["reference", "description"]
    list_select_related = ["priority__plan", "owner"]
    filter_horizontal = ["recommendations", "indicators"]
    readonly_fields = ["version", "verified_by", "verified_at"]
    inlines = [ProgressUpdateInline]

    def save_model(self, request, obj, form, change):
        if change:
            expected = form.cleaned_data["expected_version"]
            # The check in the form can race another save; the conditional update cannot.
            if not services.take_version(obj.pk, expected):
                raise ValidationError("Someone else changed this action while you were saving; reload the page.")
            obj.version = expected + 1
        super().save_model(request, obj, form, change)


@admin.register(CommitteeReport)
class CommitteeReportAdmin(SimpleHistoryAdmin):
    list_display = ["title", "committee", "meeting_date", "status", "issued_at", "issued_by"]
    list_filter = ["committee", "status"]
    search_fields = ["title", "purpose", "background"]
    filter_horizontal = ["plans", "inspections", "indicators"]
    readonly_fields = ["status", "issued_at", "issued_by", "withdrawn_at", "withdrawn_by", "withdrawal_reason"]

    # Issued reports are read only here too (the model refuses the save or delete anyway): withdraw or supersede
    # them from the report page, which records who, when and why.
    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj is not None and obj.is_issued)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.is_issued)
