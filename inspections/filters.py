import django_filters

from inspections.models import Framework, Grade, Inspection


class InspectionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Inspection.Kind.choices, empty_label="Any kind")
    framework = django_filters.ChoiceFilter(choices=Framework.choices, empty_label="Any framework")
    overall_grade = django_filters.ChoiceFilter(label="Overall grade", choices=Grade.choices, empty_label="Any grade")

    class Meta:
        model = Inspection
        fields = ["kind", "framework", "overall_grade"]
