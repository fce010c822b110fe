"""Presentation helpers: formatting only; decisions are made in Python before a template sees them."""

from django import forms, template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core import charts, numbers, presentation
from core.rag import rag_label

register = template.Library()


@register.filter
def field_hint(bound_field) -> str:
    """A field's help text, and for a text box how much it takes ("Up to 5,000 characters.")."""
    parts = [str(bound_field.help_text)] if bound_field.help_text else []
    limit = getattr(bound_field.field, "max_length", None)
    if limit and isinstance(bound_field.field.widget, forms.Textarea):
        parts.append(f"Up to {limit:,} characters.")
    return " ".join(parts)


@register.simple_tag
def rag_badge(value, label=None, title=None):
    """A RAG colour as a coloured badge with its word, so colour is never the only signal."""
    if not value:
        return format_html('<span class="rag rag-none">{}</span>', label or "No rating")
    return format_html(
        '<span class="rag rag-{}"{}>{}</span>',
        value,
        format_html(' title="{}"', title) if title else "",
        label or rag_label(value),
    )


@register.filter
def number(value, places=None):
    """Thousands separators: 3617 -> '3,617'; 12.5 -> '12.5'."""
    return numbers.format_number(value, None if places in (None, "") else int(places))


@register.filter
def css_string(value) -> str:
    """Text as a quoted CSS string: every character other than an ASCII letter or digit is a hex escape (spaces
    too, as an escape swallows one space after it), so user text (a committee's name) can neither close the string
    nor the style element it sits in."""
    escaped = "".join(c if c.isalnum() and c.isascii() else f"\\{ord(c):06x}" for c in str(value))
    return mark_safe(f'"{escaped}"')


@register.filter
def money(value) -> str:
    """'£1,700,000'; no amount is 'not set', never £0."""
    return numbers.money_text(value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def period(day):
    """A figure's date as its chart labels it: "Oct 2026" for a month's figure, "19 May 2015" for a snapshot."""
    return charts.period_label(day) if day else ""


@register.filter
def person(user) -> str:
    """A person as every page names them: full name, else username."""
    return presentation.person_name(user)


@register.filter
def with_unit(value, unit=""):
    """A value with its unit: '87.5%', '42.1 per 10,000', '12 days', '3,617', '£1,250'."""
    return presentation.value_text(value, unit)


@register.filter
def difference(value, unit=""):
    """A signed difference in the value's unit; percentages in percentage points: '+0.4 pp'."""
    return presentation.difference_text(value, unit)


@register.filter
def change_word(value) -> str:
    """A RAG colour's change ('better', 'no change', ...) in words."""
    return presentation.change_word(value)


@register.filter
def moved(value) -> bool:
    """Whether a stored colour change is a change at all (not 'same')."""
    return bool(value) and presentation.change_code(value) != "same"


@register.simple_tag
def direction_badge(direction):
    """Direction of travel as an arrow and a word; colour (better green, worse red) is never the only signal."""
    if not direction:
        return ""
    css = direction if direction in ("better", "worse") else "neutral"
    return format_html(
        '<span class="direction direction-{}"><span aria-hidden="true">{}</span> {}</span>',
        css,
        presentation.DIRECTION_ARROWS[direction],
        presentation.direction_word(direction),
    )


@register.simple_tag
def sparkline(values, label="", unit=""):
    """The last periods as a small inline SVG line with a text alternative (`core.presentation.sparkline_svg`)."""
    return presentation.sparkline_svg(values, label, unit)


@register.filter
def distance(value, unit=""):
    """An unsigned difference in the value's unit (a tolerance, a gap): '0.5 pp', '20'."""
    return presentation.difference_text(value, unit, signed=False)


@register.filter
def in_sentence(label) -> str:
    """A label inside a sentence: 'This {{ kind|in_sentence }}' reads 'This DfE review', never 'This dfe review'."""
    return presentation.in_sentence(label)


@register.filter
def change_of(change, unit=""):
    """A change between two dates in its unit: '1,052 (29%)' for a count, '0.4 pp' for a percentage."""
    return presentation.change_text(change, unit)
