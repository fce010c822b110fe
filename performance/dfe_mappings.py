"""Which DfE measure column goes into which indicator: `--map COLUMN=CODE` options and the mappings an admin made in
the upload preview (`ColumnMapping`, remembered for every later file). Read by `performance.dfe`."""

from __future__ import annotations

from performance.models import ColumnMapping


def map_key(column: str, where: str | None = None) -> str:
    """How a mapping names a measure column: `COLUMN`, or `COLUMN[filter value]` in a file with filter columns."""
    return f"{column}[{where}]" if where else column


def parse_map_option(values: list[str]) -> tuple[dict[str, str], list[str]]:
    """`--map COLUMN=CODE` options as {column key: code}, and what is wrong with any of them."""
    found, errors = {}, []
    for value in values:
        column, sep, code = value.rpartition("=")
        if not sep or not column.strip() or not code.strip():
            errors.append(f"--map {value!r}: write it as COLUMN=INDICATOR_CODE, e.g. --map Referrals=referrals_year.")
            continue
        found[column.strip().lower()] = code.strip().lower()
    return found, errors


def remembered_mappings() -> dict[str, str]:
    return {column.lower(): code for column, code in ColumnMapping.objects.values_list("column", "indicator__code")}


def remember_mapping(*, column: str, indicator, user) -> ColumnMapping:
    """Remember that a DfE measure column goes into `indicator`, for this and every later file. Only annual
    indicators take DfE's yearly figures; derived ones are computed, never imported."""
    from django.core.exceptions import ValidationError

    if not indicator.is_annual or indicator.is_derived:
        raise ValidationError(
            f"'{indicator.code}' is not an annual indicator that takes figures; DfE's figures are for a year."
        )
    mapping = ColumnMapping.objects.filter(column__iexact=column).first() or ColumnMapping(column=column)
    mapping.indicator, mapping.created_by = indicator, user
    mapping.full_clean()
    mapping.save()
    return mapping
