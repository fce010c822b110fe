from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from performance.models import Authority, Indicator, Observation, Target


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["effective_from", "value", "tolerance"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "unit", "polarity", "frequency", "category", "is_key", "is_active"]
    list_filter = ["category", "unit", "polarity", "frequency", "is_key", "is_active"]
    search_fields = ["code", "name", "definition"]
    inlines = [TargetInline]
    autocomplete_fields = ["numerator", "denominator"]


@admin.register(Authority)
class AuthorityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "child_population"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


@admin.register(Observation)
class ObservationAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "authority", "period_end", "value", "missing_reason", "entered_by", "entered_at"]
    list_filter = ["authority", "indicator__category", "missing_reason"]
    search_fields = ["indicator__code", "indicator__name", "note"]
    date_hierarchy = "period_end"
    list_select_related = ["indicator", "authority", "entered_by"]
    autocomplete_fields = ["indicator"]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "effective_from", "value", "tolerance", "set_by"]
    list_filter = ["indicator__category"]
    search_fields = ["indicator__code", "indicator__name"]
    list_select_related = ["indicator", "set_by"]
