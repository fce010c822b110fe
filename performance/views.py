"""Performance pages. Everyone signed in reads; only admins enter or import figures (403 for everyone else).

Views validate, call a selector or service, and render or redirect; rules live in rules/selectors/services.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_tables2 import SingleTableView

from core import asat
from core.exports import TableExportMixin, export_response, requested_format
from core.presentation import add_months
from core.roles import is_admin
from performance import charts, dfe_mappings, exports, importer, rules, selectors, services, uploads
from performance.forms import (
    ChangeTableForm,
    ColumnMappingForm,
    ComparisonForm,
    EntryGridForm,
    IndicatorFilterForm,
    MonthForm,
    UploadForm,
)
from performance.indicator_page import IndicatorPage
from performance.models import Authority, Indicator
from performance.tables import IndicatorStatusTable


def _home_or_404() -> Authority:
    authority = selectors.home_authority()
    if authority is None:
        raise Http404("No authority is marked as this council yet; an administrator sets it up.")
    return authority


class IndicatorListView(TableExportMixin, SingleTableView):
    template_name = "performance/indicator_list.html"
    table_class = IndicatorStatusTable
    table_pagination = False
    export_name = "indicators"

    def get_filter_form(self) -> IndicatorFilterForm:
        if not hasattr(self, "_filter_form"):
            categories = (
                Indicator.objects.filter(is_active=True)
                .exclude(category="")
                .order_by("category")
                .values_list("category", flat=True)
                .distinct()
            )
            self._filter_form = IndicatorFilterForm(self.request.GET or None, categories=list(categories))
        return self._filter_form

    def get_queryset(self):
        """The rows are computed statuses, not model instances: RAG, direction and overdue are not columns."""
        form = self.get_filter_form()
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        self.as_at = data.get("as_at") or asat.today()
        authority = _home_or_404()
        indicators = Indicator.objects.filter(is_active=True)
        if data.get("category"):
            indicators = indicators.filter(category=data["category"])
        statuses = selectors.indicator_statuses(indicators, authority=authority, as_at=self.as_at)
        return selectors.filter_statuses(
            statuses, colour=data.get("colour") or "", overdue=form.overdue_flag if data else None
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(filter_form=self.get_filter_form(), as_at=self.as_at)
        return context


indicator_list = IndicatorListView.as_view()


def indicator_detail(request, code):
    indicator = get_object_or_404(Indicator.objects.select_related("numerator", "denominator"), code=code)
    as_at = asat.today()
    page = IndicatorPage.read(indicator, _home_or_404(), as_at=as_at, query=request.GET)
    if export_format := requested_format(request):
        headers, table = exports.periods_table(indicator, page.rows, page.comparators)
        return export_response(export_format, headers, table, filename=f"indicator-{indicator.code}")
    # Stored figures with a period end no real period has (9999-12-31) are left out of the page; admins see them.
    implausible = selectors.implausible_observations(indicator, today=as_at) if is_admin(request.user) else []
    context = {**page.context(), "implausible": implausible, "implausible_listed": selectors.common.IMPLAUSIBLE_LISTED}
    return render(request, "performance/indicator_detail.html", context)


@require_http_methods(["GET", "POST"])
def entry(request):
    authority = _home_or_404()
    month_form = MonthForm(request.GET or None)
    if month_form.is_bound and month_form.is_valid():
        period_end = month_form.period_end
    else:
        period_end = rules.month_end(add_months(asat.today().replace(day=1), -1))
        month_form = MonthForm(initial={"month": period_end})
    rows = selectors.entry_rows(authority=authority, period_end=period_end)
    form = EntryGridForm(request.POST or None, rows=rows, authority=authority, period_end=period_end)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.apply_observations(inputs=form.inputs, user=request.user, reason="Monthly entry")
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                f"Figures for {period_end:%B %Y} saved: {result.created} new, {result.updated} changed, "
                f"{result.unchanged} unchanged.",
            )
            return redirect(f"{reverse('performance:entry')}?month={period_end:%Y-%m}")
    return render(
        request,
        "performance/entry.html",
        {"month_form": month_form, "form": form, "rows": rows, "period_end": period_end},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def import_upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "columns": importer.COLUMNS, "limits": importer.WEB_LIMITS}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        parsed = importer.parse(upload.read())
        context.update(filename=upload.name, notes=parsed.notes)
        if not parsed.ok:
            return _import_errors(request, context, parsed.errors, parsed.error_count)
        context.update(uploads.preview_context(parsed), token=uploads.hold(request.session, parsed, upload.name))
        if parsed.unmapped:
            context["mapping_form"] = ColumnMappingForm(columns=parsed.unmapped)
    return render(request, "performance/import.html", context, status=400 if form.errors else 200)


@require_POST
def import_commit(request):
    filename = (request.session.get(uploads.SESSION_KEY) or {}).get("filename", "upload")
    try:
        pending, result = uploads.commit(request.session, request.POST.get("token", ""), user=request.user)
    except uploads.AlreadyCommitted:
        messages.error(request, uploads.GONE_MESSAGE)
        return redirect("performance:import")
    except importer.ImportRejected as rejected:  # the catalogue or stored figures changed since the preview
        context = {"form": UploadForm(), "columns": importer.COLUMNS, "filename": filename}
        return _import_errors(request, context, rejected.errors, rejected.total)
    messages.success(
        request,
        f"{pending.filename} imported: {result.created} new, {result.updated} changed, {result.unchanged} unchanged, "
        f"{result.targets_set} target(s) set.",
    )
    return redirect("performance:indicator_list")


def _import_errors(request, context: dict, errors: list, count: int):
    context.update(errors=errors, error_count=count, more_errors=count - len(errors))
    return render(request, "performance/import.html", context, status=400)


@require_POST
def import_mapping(request):
    """Remember an admin's mapping of a DfE measure column (from the preview); the file is then uploaded again."""
    form = ColumnMappingForm(request.POST)
    if form.is_valid():
        try:
            dfe_mappings.remember_mapping(
                column=form.cleaned_data["column"], indicator=form.cleaned_data["indicator"], user=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                f"'{form.cleaned_data['column']}' will be imported into {form.cleaned_data['indicator'].name} from "
                "now on. Upload the file again to include it.",
            )
    else:
        messages.error(request, "Choose a column and an annual indicator to map it to.")
    return redirect("performance:import")


def change_table(request):
    authority = _home_or_404()
    form = ChangeTableForm(request.GET or None)
    rows = []
    if form.is_bound and form.is_valid():
        rows = selectors.change_rows(
            form.cleaned_data["indicators"],
            authority=authority,
            old_date=form.cleaned_data["old_date"],
            new_date=form.cleaned_data["new_date"],
        )
        if export_format := requested_format(request):
            headers, table = exports.change_table(rows, form.cleaned_data["old_date"], form.cleaned_data["new_date"])
            return export_response(export_format, headers, table, filename="change-table")
    return render(request, "performance/change_table.html", {"form": form, "rows": rows, "authority": authority})


def comparison(request):
    home = selectors.home_authority()
    comparators = selectors.comparator_authorities(home) if home else []
    form = ComparisonForm(request.GET or None, comparators=[*([home] if home else []), *comparators])
    context = {"form": form}
    if form.is_bound and form.is_valid():
        indicator = form.cleaned_data["indicator"]
        chosen = {a.pk for a in form.cleaned_data["authorities"]}
        # In the comparators' order, with every neighbour read for the average even when not chosen.
        ordered = [a for a in [*([home] if home else []), *comparators] if a.pk in chosen]
        neighbours = [a for a in comparators if a.sn_rank is not None and a.pk not in chosen]
        # Within plausible period ends whatever range is asked for (a stored 9999-12-31 is left out).
        start, end = rules.plausible_range(form.cleaned_data["start"], form.cleaned_data["end"], asat.today())
        everything = selectors.series(indicator, [*ordered, *neighbours], start, end)
        found = [
            s
            for s in selectors.with_neighbour_average(everything)
            if s.authority.pk in chosen or s.authority.pk is None
        ]
        comparison_table = selectors.comparison_table(indicator, found)
        if export_format := requested_format(request):
            headers, table = exports.comparison_table(comparison_table)
            return export_response(export_format, headers, table, filename=f"comparison-{indicator.code}")
        per_10k = indicator.unit == Indicator.Unit.COUNT
        context.update(
            indicator=indicator,
            table=comparison_table,
            chart=charts.per_10k_chart(indicator, found) if per_10k else charts.values_chart(indicator, found),
        )
    return render(request, "performance/comparison.html", context)
