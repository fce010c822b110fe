"""The report snapshot schema (improvement.reports.snapshot) is the structure the builder stores: the demo's issued
report has every required key of every section and no key the schema does not name; a snapshot issued before
the keys marked NotRequired existed still renders its page."""

import types
import typing

from django.urls import reverse

from improvement.models import CommitteeReport
from improvement.reports import snapshot as schema


def _is_typeddict(kind) -> bool:
    return isinstance(kind, type) and typing.is_typeddict(kind)


def _problems(value, kind, where: str) -> list[str]:
    """Missing required keys and keys the schema does not declare, through nested TypedDicts, lists and Optionals."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return []
        (inner,) = [k for k in typing.get_args(kind) if k is not type(None)]
        return _problems(value, inner, where)
    if origin is list:
        (inner,) = typing.get_args(kind)
        return [p for n, item in enumerate(value) for p in _problems(item, inner, f"{where}[{n}]")]
    if not _is_typeddict(kind):
        return []
    assert isinstance(value, dict), f"{where} is {type(value).__name__}, not a {kind.__name__}"
    hints = typing.get_type_hints(kind)
    found = [f"{where} lacks {key!r}" for key in sorted(kind.__required_keys__ - value.keys())]
    found += [f"{where} has undeclared {key!r}" for key in sorted(value.keys() - hints.keys())]
    for key, field in hints.items():
        if key in value:
            found += _problems(value[key], field, f"{where}.{key}")
    return found


def _demo_issued() -> list[CommitteeReport]:
    reports = list(CommitteeReport.objects.filter(issued_at__isnull=False).order_by("meeting_date", "id"))
    assert reports, "the demo issues committee reports"
    return reports


def test_the_demo_issued_snapshots_match_the_schema(demo):
    for report in _demo_issued():
        assert _problems(report.snapshot, schema.ReportSnapshot, f"report {report.pk}") == []
    # The walk reaches the nested sections (a schema that stopped at the top would prove little).
    contents = [r.snapshot for r in _demo_issued()]
    assert any(p["priorities"] for c in contents for p in c["progress"]["plans"])
    assert any(c["inspections"] for c in contents) and any(c["impact"]["indicators"] for c in contents)
    assert any(c["progress"]["exceptions"] for c in contents)


def test_the_schema_check_names_a_missing_and_an_undeclared_key():
    plan = {"id": 1, "name": "Plan", "rag": "red"}
    assert _problems([plan], list[schema.PlanRow], "plans") == [
        f"plans[0] lacks {key!r}" for key in sorted(schema.PlanRow.__required_keys__ - plan.keys())
    ]
    row = {"date_text": "1 May 2015", "text": "Done", "extra": 1}
    assert _problems(row, schema.Commentary | None, "c") == ["c has undeclared 'extra'"]
    assert _problems(None, schema.Commentary | None, "c") == []


def test_an_older_snapshot_without_the_not_required_keys_still_renders(demo, client, admin_user):
    report = next(r for r in _demo_issued() if r.snapshot["progress"]["exceptions"])
    older = dict(report.snapshot)
    for key in schema.ReportSnapshot.__optional_keys__:
        older.pop(key, None)
    older["impact"] = {k: v for k, v in older["impact"].items() if k in schema.ImpactSection.__required_keys__}
    older["progress"] = {
        **older["progress"],
        "exceptions": [{k: v for k, v in row.items() if k != "commentary"} for row in older["progress"]["exceptions"]],
    }
    older["sections"] = [s for s in older["sections"] if s["key"] not in ("financial", "assurance", "risks")]
    assert older["progress"]["exceptions"], "the demo report lists exceptions, so the missing commentary is read"
    assert _problems(older, schema.ReportSnapshot, "older") == []
    # An issued report refuses save(); update() stands in for a row stored by an earlier version.
    CommitteeReport.objects.filter(pk=report.pk).update(snapshot=older)

    client.force_login(admin_user)
    response = client.get(reverse("improvement:report_detail", args=[report.pk]))
    assert response.status_code == 200
    red = older["progress"]["exceptions"][0]
    assert red["reference"] in response.content.decode()
    download = client.get(report.get_absolute_url(), {"table": "exceptions", "_export": "csv"})
    assert download.status_code == 200
    assert red["reference"] in download.content.decode()
