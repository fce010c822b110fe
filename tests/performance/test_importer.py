"""The observations import (DESIGN.md "Interfaces"): all or nothing, every problem by row and column."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from performance import importer, uploads
from performance.models import Indicator, Observation, Target
from tests import factories

HEADER = "indicator,period_end,value,authority,target,note\n"


@pytest.fixture
def catalogue(council, leeds):
    """Indicators from the shipped catalogue (data migration) plus one local percent indicator."""
    return {
        "contacts": Indicator.objects.get(code="contacts"),
        "unallocated": Indicator.objects.get(code="unallocated_cases"),
        "visits": factories.IndicatorFactory(
            code="cp_visits_pct", unit=Indicator.Unit.PERCENT, polarity=Indicator.Polarity.HIGHER_IS_BETTER
        ),
    }


def csv_bytes(*lines, header=HEADER, encoding="utf-8"):
    return (header + "".join(line + "\n" for line in lines)).encode(encoding)


def errors_of(content):
    parsed = importer.parse(content)
    return [(e.row, e.column, e.message) for e in parsed.errors]


def rejected(content):
    """Import the file, expect rejection, and check that nothing at all was written."""
    observations, targets = Observation.objects.count(), Target.objects.count()
    with pytest.raises(importer.ImportRejected) as info:
        importer.import_file(content, "bad.csv", user=None)
    assert Observation.objects.count() == observations
    assert Target.objects.count() == targets
    return [(e.row, e.column, e.message) for e in info.value.errors]


def test_a_valid_file_imports_every_row(catalogue, council, leeds, admin_user):
    content = csv_bytes(
        "contacts,2015-07-31,2351,,,After the MASH relaunch",
        "contacts,2015-07-31,1903,leeds,,",
        "unallocated_cases,2015-05-19,1003,,0,Snapshot at the inspection",
        "cp_visits_pct,2015-07-31,87.5,,,",
    )

    result = importer.import_file(content, "july.csv", user=admin_user)

    assert (result.created, result.updated, result.unchanged, result.targets_set) == (4, 0, 0, 1)
    assert Observation.objects.get(indicator__code="contacts", authority=leeds).value == 1903
    visits = Observation.objects.get(indicator__code="cp_visits_pct")
    assert (visits.value, visits.authority, visits.entered_by) == (Decimal("87.5"), council, admin_user)
    assert visits.history.get().history_user == admin_user
    target = Target.objects.get(indicator=catalogue["unallocated"])
    assert (target.value, target.effective_from) == (0, datetime.date(2015, 5, 19))


def test_suppression_markers_import_as_missing_values_with_their_reason(catalogue):
    content = csv_bytes(*(f"contacts,2015-0{m}-30,{mark},,," for m, mark in zip("4569", "cxzU", strict=True)))

    importer.import_file(content, "dfe.csv", user=None)

    stored = Observation.objects.order_by("period_end").values_list("value", "missing_reason")
    assert list(stored) == [(None, "c"), (None, "x"), (None, "z"), (None, "u")]


def test_reimporting_the_same_file_changes_nothing(catalogue, admin_user):
    content = csv_bytes("contacts,2015-07-31,2351,,,", "unallocated_cases,2015-07-31,129,,0,")
    importer.import_file(content, "a.csv", user=admin_user)
    history = Observation.history.count()

    result = importer.import_file(content, "a.csv", user=admin_user)

    assert (result.created, result.updated, result.unchanged, result.targets_set) == (0, 0, 2, 0)
    assert Observation.history.count() == history
    assert Target.objects.count() == 1


def test_a_corrected_value_updates_the_row_and_records_who_changed_it(catalogue, admin_user):
    importer.import_file(csv_bytes("contacts,2015-07-31,2351,,,"), "a.csv", user=None)
    corrector = factories.AdminFactory(username="corrector")

    result = importer.import_file(csv_bytes("contacts,2015-07-31,2315,,,typo fixed"), "b.csv", user=corrector)

    assert (result.created, result.updated) == (0, 1)
    obs = Observation.objects.get()
    assert (obs.value, obs.note, obs.entered_by) == (2315, "typo fixed", corrector)
    latest, original = obs.history.order_by("-history_id")[:2]
    assert (original.value, latest.value, latest.history_user, latest.history_type) == (2351, 2315, corrector, "~")


def test_a_repeated_target_is_set_once(catalogue):
    content = csv_bytes("unallocated_cases,2015-06-30,200,,0,", "unallocated_cases,2015-07-31,150,,0,")

    assert importer.import_file(content, "a.csv", user=None).targets_set == 1


def test_derived_indicators_are_computed_from_their_inputs(catalogue, council):
    importer.import_file(csv_bytes("contacts,2015-07-31,2000,,,", "referrals,2015-07-31,360,,,"), "a.csv", user=None)

    rate = Observation.objects.get(indicator__code="contact_to_referral_pct", authority=council)
    assert rate.value == 18

    importer.import_file(csv_bytes("referrals,2015-07-31,c,,,"), "b.csv", user=None)
    rate.refresh_from_db()
    assert (rate.value, rate.missing_reason) == (None, "c")


def test_an_xlsx_workbook_imports_with_date_cells(catalogue):
    book = Workbook()
    sheet = book.active
    sheet.append(["indicator", "period_end", "value"])
    sheet.append(["contacts", datetime.datetime(2015, 8, 31), 1817])
    sheet.append(["cp_visits_pct", "2015-08-31", 90.25])
    buffer = io.BytesIO()
    book.save(buffer)

    result = importer.import_file(buffer.getvalue(), "august.xlsx", user=None)

    assert result.created == 2
    assert Observation.objects.get(indicator__code="cp_visits_pct").value == Decimal("90.25")


def test_a_byte_order_mark_and_any_column_order_are_accepted(catalogue):
    content = csv_bytes("2351,contacts,2015-07-31", header="value,indicator,period_end\n", encoding="utf-8-sig")

    assert importer.import_file(content, "bom.csv", user=None).created == 1


def test_any_valid_date_is_accepted_whatever_the_frequency(catalogue):
    content = csv_bytes("unallocated_cases,2015-05-19,1003,,,")

    assert importer.import_file(content, "snapshot.csv", user=None).created == 1


# Each bad file: rejected, every problem by row and column, nothing written (checked in `rejected`).


def test_bad_date(catalogue):
    errors = rejected(csv_bytes("contacts,2015-07-31,1,,,", "contacts,31/08/2015,1,,,", "contacts,2015-02-30,1,,,"))
    assert errors == [
        (3, "period_end", "'31/08/2015' is not a date in YYYY-MM-DD form."),
        (4, "period_end", "'2015-02-30' is not a date in YYYY-MM-DD form."),
    ]


def test_non_number(catalogue):
    errors = rejected(csv_bytes("contacts,2015-07-31,lots,,,"))
    assert errors == [(2, "value", "'lots' is not a number; give a number or one of c, x, z, u.")]


def test_percent_over_100(catalogue):
    errors = rejected(csv_bytes("cp_visits_pct,2015-07-31,100.5,,,"))
    assert errors == [(2, "value", "100.5 is not a percentage between 0 and 100.")]


def test_counts_must_be_whole_and_not_negative(catalogue):
    errors = rejected(csv_bytes("contacts,2015-07-31,-1,,,", "contacts,2015-08-31,2.5,,,"))
    assert [(row, column) for row, column, _ in errors] == [(2, "value"), (3, "value")]
    assert "cannot be below 0" in errors[0][2] and "whole number" in errors[1][2]


def test_unknown_indicator_and_authority_codes(catalogue):
    errors = rejected(
        csv_bytes("contacts,2015-07-31,1,,,", "no_such_thing,2015-07-31,1,,,", "contacts,2015-07-31,1,york,,")
    )
    assert errors[:2] == [
        (3, "indicator", "Unknown indicator code 'no_such_thing'."),
        (4, "authority", "Unknown authority code 'york'."),
    ]
    # Each kind of unknown code is answered once with the valid codes and where to find them.
    (_, _, indicators), (_, _, authorities) = errors[2:]
    assert "contacts" in indicators and "unallocated_cases" in indicators and "Administration" in indicators
    assert "leeds" in authorities and "Leave the column blank for this council" in authorities


def test_duplicate_row(catalogue):
    errors = rejected(csv_bytes("contacts,2015-07-31,1,,,", "contacts,2015-08-31,1,,,", "contacts,2015-07-31,2,,,"))
    assert errors == [(4, "period_end", "Same indicator, authority and period end as row 2.")]


def test_derived_code_is_refused_with_a_message_saying_it_is_computed(catalogue):
    errors = rejected(csv_bytes("contact_to_referral_pct,2015-07-31,18,,,"))
    assert errors == [
        (
            2,
            "value",
            "'contact_to_referral_pct' is computed from referrals and contacts; it cannot be entered or imported.",
        )
    ]


def test_empty_file(catalogue):
    assert rejected(b"") == [(1, "", "The file is empty; it needs a header row and at least one row of figures.")]
    assert rejected(HEADER.encode()) == [(1, "", "The file has a header but no figures below it.")]


def test_wrong_header(catalogue):
    errors = rejected(csv_bytes("contacts,2015-07-31,1", header="code,date,value\n"))
    assert [(row, column) for row, column, _ in errors] == [
        (1, "code"),
        (1, "date"),
        (1, "indicator"),
        (1, "period_end"),
    ]
    assert errors[0][2].startswith("Unknown column 'code'; the columns are indicator, period_end, value")


def test_not_a_csv_at_all(catalogue):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
    [(row, column, message)] = rejected(png)
    assert (row, column) == (1, "")
    assert message.startswith("This is not a CSV or XLSX file (it holds binary data).")


def test_wrong_encoding_is_named(catalogue):
    content = csv_bytes("contacts,2015-07-31,1,,,", "contacts,2015-08-31,1,,,Cost £5", encoding="latin-1")
    [(row, column, message)] = rejected(content)
    assert (row, column) == (3, "")
    assert message.startswith("The file is not UTF-8 text (byte 0xa3 cannot be read).")


def test_a_damaged_workbook(catalogue):
    [(_, _, message)] = rejected(b"PK\x03\x04 not really a zip")
    assert message.startswith("This file looks like an Excel workbook but cannot be opened.")


def test_target_problems(catalogue):
    errors = rejected(csv_bytes("unallocated_cases,2015-07-31,1,,none,", "contacts,2015-07-31,1,leeds,5,"))
    assert errors == [
        (2, "target", "'none' is not a number; give a number or one of c, x, z, u."),
        (3, "target", "Targets are for this council's figures; leave it blank here."),
    ]


def test_every_problem_in_a_file_is_listed_not_just_the_first(catalogue):
    errors = rejected(csv_bytes("nope,2015-13-01,abc,,,", "contacts,2015-07-31,1,,,", "cp_visits_pct,,101,,,"))
    assert [(row, column) for row, column, _ in errors] == [
        (2, "indicator"),
        (2, "period_end"),
        (2, "value"),
        (4, "period_end"),
        (4, "value"),
        (2, "indicator"),  # the valid codes, once
    ]


def test_one_bad_row_among_good_ones_writes_nothing(catalogue):
    good = [f"contacts,2015-{m:02d}-28,{m},,," for m in range(1, 13)]
    rejected(csv_bytes(*good, "contacts,2016-01-31,-5,,,"))


def test_preview_sorts_rows_into_new_changed_and_unchanged(catalogue):
    importer.import_file(csv_bytes("contacts,2015-07-31,2351,,,", "contacts,2015-08-31,1817,,,"), "a.csv", user=None)

    parsed = importer.parse(
        csv_bytes("contacts,2015-07-31,2351,,,", "contacts,2015-08-31,1871,,,", "contacts,2015-09-30,2253,,,")
    )
    plan = importer.preview(parsed)

    assert [r.period_end.month for r in plan.new] == [9]
    assert [(r.value, old.value) for r, old in plan.changed] == [(1871, 1817)]
    assert [r.period_end.month for r in plan.unchanged] == [7]


def test_payload_round_trip_keeps_every_row(catalogue):
    parsed = importer.parse(csv_bytes("contacts,2015-07-31,c,,,a note", "unallocated_cases,2015-07-31,129,,0,"))

    again = uploads.from_payload(uploads.to_payload(parsed.inputs))

    assert again.ok and again.inputs == parsed.inputs


def test_command_imports_and_reports(catalogue, tmp_path, admin_user):
    path = tmp_path / "figures.csv"
    path.write_bytes(csv_bytes("contacts,2015-07-31,2351,,,"))
    out = io.StringIO()

    call_command("import_observations", str(path), "--user", admin_user.username, stdout=out)

    assert "1 new, 0 changed, 0 unchanged" in out.getvalue()
    assert Observation.objects.get().entered_by == admin_user


def test_command_rejects_with_every_error_and_a_non_zero_exit(catalogue, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes("contacts,2015-07-31,x1,,,", "nope,2015-07-31,1,,,"))
    err = io.StringIO()

    with pytest.raises(CommandError, match="rejected with 3 problem"):
        call_command("import_observations", str(path), stderr=err)

    lines = err.getvalue().splitlines()
    assert lines[:2] == [
        "Row 2, column value: 'x1' is not a number; give a number or one of c, x, z, u.",
        "Row 3, column indicator: Unknown indicator code 'nope'.",
    ]
    assert lines[2].startswith("Row 3, column indicator: Known indicator codes: ")
    assert Observation.objects.count() == 0


def test_a_rate_per_10k_is_computed_from_the_child_population(catalogue, council):
    importer.import_file(csv_bytes("cla_count,2015-07-31,545,,,"), "a.csv", user=None)

    assert Observation.objects.get(indicator__code="cla_rate", authority=council).value == 100


# A file larger than one chunk: a derived figure's inputs may fall in different chunks.


def _far_apart(numerator: str, denominator: str, filler: int) -> bytes:
    """The numerator first, the denominator last, `filler` other figures between them."""
    months = [f"unallocated_cases,{1995 + n // 12}-{n % 12 + 1:02d}-28,{n},,," for n in range(filler)]
    return csv_bytes(numerator, *months, denominator)


def test_command_accepts_a_numerator_and_denominator_in_different_chunks(catalogue, council):
    # Stored before: 200 contacts. The file's 1,000 referrals over those 200 would be 500%; over the file's own
    # 2,000 contacts (ten rows later, in another chunk of 3) they are 50%.
    factories.ObservationFactory(
        indicator=catalogue["contacts"], authority=council, period_end=datetime.date(2015, 7, 31), value=200
    )
    content = _far_apart("referrals,2015-07-31,1000,,,", "contacts,2015-07-31,2000,,,", filler=10)

    result = importer.import_file(content, "big.csv", user=None, chunk_rows=3)

    assert result.created == 11 and result.updated == 1
    rate = Observation.objects.get(indicator__code="contact_to_referral_pct", authority=council)
    assert rate.value == 50
    # Written once, from the whole file: no intermediate figure in its history.
    assert rate.history.count() == 1


def test_upload_commit_accepts_inputs_in_different_chunks(catalogue, council, leeds):
    # Another instance: Leeds, on the page's commit path; 300 referrals over the stored 100 contacts would be 300%.
    for code, value in (("contacts", 100), ("referrals", 90)):
        factories.ObservationFactory(
            indicator=Indicator.objects.get(code=code),
            authority=leeds,
            period_end=datetime.date(2016, 3, 31),
            value=value,
        )
    content = _far_apart("referrals,2016-03-31,300,leeds,,", "contacts,2016-03-31,400,leeds,,", filler=7)
    parsed = importer.parse(content)
    assert parsed.ok, parsed.errors

    importer.apply(parsed.inputs, {}, user=None, reason="test", chunk_rows=2)

    rate = Observation.objects.get(indicator__code="contact_to_referral_pct", authority=leeds)
    assert rate.value == 75


def test_the_command_and_the_upload_commit_write_through_one_chunk_writer(catalogue, council, chunks_written):
    content = csv_bytes(*(f"unallocated_cases,2015-{month:02d}-28,{month},,," for month in range(1, 6)))

    importer.import_file(content, "five.csv", user=None, chunk_rows=2)
    Observation.objects.all().delete()
    importer.apply(importer.parse(content).inputs, {}, user=None, reason="test", chunk_rows=2)

    assert chunks_written == [[2, 2, 1], [2, 2, 1]]
    assert Observation.objects.count() == 5


def test_a_derived_percentage_over_100_across_chunks_is_still_refused(catalogue, council):
    content = _far_apart("referrals,2015-07-31,3000,,,", "contacts,2015-07-31,2000,,,", filler=6)

    errors = rejected_in_chunks(content, chunk_rows=2)

    assert {row for row, _, _ in errors} == {2, 9}
    assert "150.0%" in errors[0][2]


def rejected_in_chunks(content, *, chunk_rows):
    with pytest.raises(importer.ImportRejected) as info:
        importer.import_file(content, "bad.csv", user=None, chunk_rows=chunk_rows)
    assert not Observation.objects.exists()
    return [(e.row, e.column, e.message) for e in info.value.errors]
