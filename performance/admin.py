from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from performance.models import (
    Authority,
    ChildPopulation,
    ColumnMapping,
    Indicator,
    Observation,
    StatisticalNeighbour,
    Target,
)


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["effective_from", "value", "tolerance"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "name",
        "unit",
        "polarity",
        "frequency",
        "year_end_month",
        "category",
        "is_key",
        "is_active",
    ]
    list_filter = ["category", "unit", "polarity", "frequency", "is_key", "is_active"]
    search_fields = ["code", "name", "definition"]
    inlines = [TargetInline]
    autocomplete_fields = ["numerator", "denominator"]


class NeighbourInline(admin.TabularInline):
    model = StatisticalNeighbour
    fk_name = "authority"
    extra = 0
    fields = ["rank", "neighbour"]
    autocomplete_fields = ["neighbour"]


class PopulationInline(admin.TabularInline):
    model = ChildPopulation
    extra = 0
    fields = ["year_end", "population", "source"]


@admin.register(Authority)
class AuthorityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "la_number", "ons_code", "region", "child_population"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "code", "la_number", "ons_code"]
    list_select_related = ["region"]
    inlines = [NeighbourInline, PopulationInline]


@admin.register(ColumnMapping)
class ColumnMappingAdmin(admin.ModelAdmin):
    list_display = ["column", "indicator", "created_by", "created_at"]
    search_fields = ["column", "indicator__code"]
    list_select_related = ["indicator", "created_by"]
    autocomplete_fields = ["indicator"]


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
