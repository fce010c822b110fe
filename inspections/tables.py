import django_tables2 as tables
from django.utils.html import format_html

from inspections.models import Inspection


def grade_tag(value: str, label: str):
    """A grade as a word in a tag; the word carries the meaning, the tint only echoes it."""
    return format_html('<span class="grade grade-{}">{}</span>', value, label)


class InspectionTable(tables.Table):
    title = tables.Column(linkify=True)
    kind = tables.Column()
    body = tables.Column("Carried out by")
    framework = tables.Column()
    start_date = tables.DateColumn("j M Y", verbose_name="Start")
    end_date = tables.DateColumn("j M Y", verbose_name="End")
    published_date = tables.DateColumn("j M Y", verbose_name="Published", default="Not published")
    overall_grade = tables.Column("Overall grade", default="Not graded")
    judgement_count = tables.Column("Judgements", attrs={"td": {"class": "num"}, "th": {"class": "num"}})
    recommendation_count = tables.Column("Recommendations", attrs={"td": {"class": "num"}, "th": {"class": "num"}})

    class Meta:
        model = Inspection
        fields = ()
        sequence = (
            "title",
            "kind",
            "body",
            "framework",
            "start_date",
            "end_date",
            "published_date",
            "overall_grade",
            "judgement_count",
            "recommendation_count",
        )
        order_by = ("-start_date",)
        empty_text = "No inspections or reviews match these filters."

    def render_overall_grade(self, value, record):
        return grade_tag(record.overall_grade, value)

    def value_overall_grade(self, value, record):
        return record.get_overall_grade_display() or "Not graded"
