"""Files that reproduce faults people meet with real spreadsheets (tests/performance/data/import/, copied from the
shared cases with their README): each has the outcome its README asks for, and each kind of fault a second
instance of our own (other cells, sheets, numbers)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook

from performance import importer, rules
from performance.importing.limits import COMMAND_LINE, Limits
from performance.models import Indicator, Observation, Target
from tests import factories
from tests.performance import workbooks

DATA = Path(__file__).parent / "data" / "import"
HEADER = ["indicator", "period_end", "value", "authority", "target", "note"]


@pytest.fixture
def leeds(db):
    """Leeds without a child population (the conftest's has one): these cases import figures, not rates."""
    return factories.AuthorityFactory(code="leeds", name="Leeds", kind="comparator")


def values():
    return {(o.indicator.code, o.period_end): o.value for o in Observation.objects.select_related("indicator")}


def imported(content: bytes, **kwargs):
    return importer.import_file(content, "case", user=None, **kwargs)


def refused(content: bytes, **kwargs) -> list[tuple[int, str, str]]:
    """Import, expect a refusal, and check that nothing at all was written."""
    counts = Observation.objects.count(), Target.objects.count()
    with pytest.raises(importer.ImportRejected) as info:
        importer.import_file(content, "case", user=None, **kwargs)
    assert (Observation.objects.count(), Target.objects.count()) == counts
    return [(e.row, e.column, e.message) for e in info.value.errors]


def sheet(*rows, header=HEADER) -> Workbook:
    book = Workbook()
    book.active.title = "figures"
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    return book


def last_month_end() -> datetime.date:
    return rules.month_end(rules.period_end_after(timezone.localdate().replace(day=1), -1))


# 1. Spreadsheet reading ---------------------------------------------------------------------------------------


def test_a06_percent_formatted_cells_are_read_as_shown(council):
    imported((DATA / "A06_xlsx_percent_format.xlsx").read_bytes())
    day = datetime.date(2026, 11, 30)
    assert values() == {
        ("assess_45wd_pct", day): Decimal("87.5"),
        ("cp_visit_10wd_pct", day): Decimal("93.3"),
        ("rereferral_12m_pct", day): Decimal("18.4"),
        ("sw_agency_pct", day): Decimal("11.7"),
    }
    assert Target.objects.get(indicator__code="rereferral_12m_pct").value == 20


def test_percent_format_other_cells_and_formats(council):
    day = last_month_end()
    book = sheet(
        ["cla_review_timely_pct", day, 0.9125, None, 0.95],  # 91.25%, target 95%
        ["supervision_timely_pct", day, 64.5],  # typed as a plain number: stays 64.5
        ["audit_good_plus_pct", day, 41.5],  # a literal "%" in the format: the cell holds 41.5 and shows 41.5%
    )
    ws = book.active
    ws["C2"].number_format = "0.00%"
    ws["E2"].number_format = "0%"
    ws["C4"].number_format = '0.0"%"'
    imported(workbooks.save(book))
    assert values() == {
        ("cla_review_timely_pct", day): Decimal("91.25"),
        ("supervision_timely_pct", day): Decimal("64.5"),
        ("audit_good_plus_pct", day): Decimal("41.5"),
    }
    assert Target.objects.get().value == 95


def test_a_percent_formatted_cell_for_a_count_is_refused(council):
    book = sheet(["contacts", last_month_end(), 0.5])
    book.active["C2"].number_format = "0%"
    [(row, column, message)] = refused(workbooks.save(book))
    assert (row, column) == (2, "value")
    assert "formatted as a percentage (it shows 50%)" in message


def test_a10_hidden_sheet_is_never_read(council):
    imported((DATA / "A10_hidden_first_sheet.xlsx").read_bytes())
    day = datetime.date(2026, 11, 30)
    found = values()
    assert (found[("contacts", day)], found[("referrals", day)]) == (1302, 341)  # not the hidden 999 and 99


def test_the_active_sheet_is_read_and_named_among_several(council):
    day = last_month_end()
    book = sheet(["contacts", day, 111])
    book.active.title = "Draft"
    hidden = book.create_sheet("Old")
    hidden.append(HEADER)
    hidden.append(["contacts", day, 999])
    hidden.sheet_state = "veryHidden"
    final = book.create_sheet("Final")
    final.append(HEADER)
    final.append(["contacts", day, 1302])
    book.active = 2

    parsed = importer.parse(workbooks.save(book))

    assert parsed.ok and [i.value for i in parsed.inputs] == [1302]
    assert parsed.notes == [
        "Read the sheet 'Final' (the sheet shown when the workbook opens). Not read: 'Draft'. "
        "1 hidden sheet never read."
    ]


def test_a12_every_row_and_column_is_read_whatever_the_size_record_says(council):
    result = imported((DATA / "A12_stale_dimension.xlsx").read_bytes())
    assert result.created == 7
    assert Observation.objects.get(indicator__code="sw_agency_pct").note == "row 8"
    assert Target.objects.get(indicator__code="unallocated_cases").value == 0


def test_stale_size_record_and_a_row_formatted_to_the_sheet_end(council):
    day = last_month_end()
    book = sheet(
        *[["open_cases", rules.period_end_after(day, -n), 2000 + n, None, None, f"month {n}"] for n in range(30)]
    )
    book.active.cell(row=1_048_576, column=1).number_format = "0.00"  # the last row formatted, empty
    book.active.cell(row=40, column=16_384).number_format = "0.00"
    content = workbooks.stale_dimension(workbooks.save(book), "A1:B3")

    result = imported(content)

    assert result.created == 30
    assert Observation.objects.get(period_end=rules.period_end_after(day, -29)).note == "month 29"


def test_formula_without_a_calculated_value_is_refused_with_what_to_do(council):
    book = sheet(["contacts", last_month_end(), "=1302"], ["referrals", last_month_end(), 341])
    [(row, column, message)] = refused(workbooks.save(book))
    assert (row, column) == (2, "value")
    assert "formula with no calculated value" in message and "open and save the file in Excel" in message


def test_formula_with_a_calculated_value_is_read_as_shown(council):
    book = sheet(["referrals", last_month_end(), 341, None, "=300"])
    imported(workbooks.cache_formulas(workbooks.save(book)))
    assert Target.objects.get().value == 300


def test_title_rows_above_the_header_are_recognised(council):
    book = Workbook()
    book.active.append(["Children's services performance \u2013 November"])
    book.active.append([])
    book.active.append(["Indicator", "Period_end", "Value"])
    book.active.append(["contacts", last_month_end(), 1302])
    parsed = importer.parse(workbooks.save(book))
    assert parsed.ok and parsed.row_numbers == [4]
    assert "The header is row 3; row above it read as a title and skipped" in parsed.notes[-1]


def test_no_header_row_is_named(council):
    errors = refused(b"Performance report\nNovember 2026\ncontacts,2026-10-31,5\n")
    assert errors[0][:2] == (1, "performance report")
    assert "the columns are indicator, period_end, value" in errors[0][2]


def test_a20_date_times_with_a_time_part_are_refused(council):
    errors = refused((DATA / "A20_tz_shifted_datetimes.xlsx").read_bytes())
    assert [(row, column) for row, column, _ in errors] == [(2, "period_end"), (3, "period_end")]
    assert errors[0][2].startswith("2026-05-30 23:00 has a time of day.")


def test_date_time_in_another_row_and_a_midnight_date_time(council):
    book = sheet(
        ["open_cases", datetime.datetime(2025, 3, 31, 0, 0), 2100],
        ["contacts", datetime.datetime(2025, 12, 31, 6, 30), 1400],
    )
    book.active["B2"].number_format = "yyyy-mm-dd hh:mm"
    book.active["B3"].number_format = "dd/mm/yyyy hh:mm"
    errors = refused(workbooks.save(book))
    assert [(row, column) for row, column, _ in errors] == [(3, "period_end")]
    assert "2025-12-31 06:30 has a time of day" in errors[0][2]


# 2. Numbers ---------------------------------------------------------------------------------------------------


def test_a04_decimal_comma_is_refused_with_how_to_write_it(council, tmp_path):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_observations", str(DATA / "A04_decimal_comma.csv"), stderr=err)
    assert "Row 2, column value: '17,5' is not a number as written" in err.getvalue()
    assert "as in 1,302" in err.getvalue() and "write a point (17.5)" in err.getvalue()
    assert Observation.objects.count() == 0


@pytest.mark.parametrize("typed", ["22,40", "1,2,9,1", "12,34,567", "1,30", ",5", "1,302,5"])
def test_commas_not_between_groups_of_three_are_refused(council, typed):
    content = f'indicator,period_end,target,value\nopen_cases,2025-06-30,,"{typed}"\n'.encode()
    [(row, column, message)] = refused(content)
    assert (row, column) == (2, "value") and f"'{typed}' is not a number as written" in message


@pytest.mark.parametrize(("typed", "stored"), [("1,302", 1302), ("12,345.5", Decimal("12345.5")), ("-1,000", None)])
def test_thousands_separators_are_read(typed, stored):
    value, _, error = rules.parse_value(typed)
    assert value == (stored if stored is not None else -1000) and error is None


# 3. Dates -----------------------------------------------------------------------------------------------------


def test_a29b_placeholder_date_is_refused(council):
    [(row, column, message)] = refused((DATA / "A29b_sentinel_9999.csv").read_bytes())
    assert (row, column) == (2, "period_end")
    assert message.startswith("9999-12-31 is after the end of the current period")


def test_implausible_years_and_future_periods_are_refused(council):
    this_month = rules.month_end(timezone.localdate())
    next_month = rules.month_end(rules.period_end_after(this_month, 1))
    content = (
        "indicator,period_end,value\n"
        "referrals,2062-05-31,300\n"
        "referrals,1989-12-31,300\n"
        f"referrals,{next_month},300\n"
        f"referrals,{this_month},300\n"
        "referrals,1990-01-31,300\n"
    ).encode()
    errors = refused(content)
    assert [(row, column) for row, column, _ in errors] == [(2, "period_end"), (3, "period_end"), (4, "period_end")]
    assert "before 1990" in errors[1][2]
    content = f"indicator,period_end,value\nreferrals,{this_month},300\nreferrals,1990-01-31,300\n".encode()
    assert imported(content).created == 2


# 4. Targets ---------------------------------------------------------------------------------------------------


@pytest.fixture
def timeliness_history(council):
    """Like the demo: targets of 80 from April 2014 and 85 from April 2017, and a figure of 82 every month since
    2017 (amber against 85 with the shipped tolerance, green against 80)."""
    indicator = Indicator.objects.get(code="assess_45wd_pct")
    Target.objects.create(indicator=indicator, value=80, effective_from=datetime.date(2014, 4, 1))
    Target.objects.create(indicator=indicator, value=85, effective_from=datetime.date(2017, 4, 1))
    day = datetime.date(2017, 4, 30)
    while day <= last_month_end():
        Observation.objects.create(indicator=indicator, authority=council, period_end=day, value=82)
        day = rules.period_end_after(day, 1)
    return indicator


def test_a25_historic_target_is_refused_by_the_command_with_the_periods_it_recolours(timeliness_history):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_observations", str(DATA / "A25_historic_target.csv"), stderr=err)
    message = err.getvalue()
    assert "changes the colour of" in message and "assess_45wd_pct 2019-06-30 (amber to green)" in message
    assert Target.objects.count() == 2 and not Observation.objects.filter(period_end="2019-05-31", value=81)

    call_command("import_observations", str(DATA / "A25_historic_target.csv"), "--accept-target-changes")
    assert Target.objects.count() == 3


def test_a25_preview_lists_the_periods_that_change_colour_before_anything_is_written(admin_client, timeliness_history):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    upload = SimpleUploadedFile("A25.csv", (DATA / "A25_historic_target.csv").read_bytes(), "text/csv")
    response = admin_client.post(reverse("performance:import"), {"file": upload})

    assert response.status_code == 200
    changes = response.context["colour_changes"]
    assert (changes[0].period_end, changes[0].in_file) == (datetime.date(2019, 5, 31), True)
    assert changes[-1].period_end == last_month_end() and changes[-1].through_old_target
    assert {(c.before, c.after) for c in changes[1:]} == {("amber", "green")}
    page = response.content.decode()
    assert "Colours that change" in page and "a target set on an earlier period" in page
    assert Target.objects.count() == 2  # nothing written yet


def test_a_target_before_a_later_target_never_overrides_it(council):
    """Lower is better: targets of 20 from 2020-04 and 15 from 2022-04; a file sets 25 on 2021-01-31."""
    indicator = Indicator.objects.get(code="rereferral_12m_pct")
    Target.objects.create(indicator=indicator, value=20, effective_from=datetime.date(2020, 4, 1))
    Target.objects.create(indicator=indicator, value=15, effective_from=datetime.date(2022, 4, 1))
    for day in (datetime.date(2021, 6, 30), datetime.date(2023, 6, 30)):
        Observation.objects.create(indicator=indicator, authority=council, period_end=day, value=22)
    content = b"indicator,period_end,value,target\nREREFERRAL_12M_PCT,2021-01-31,19,25\n"

    parsed = importer.parse(content)
    changes = importer.colour_changes(parsed)
    assert [(c.period_end, c.before, c.after, c.through_old_target) for c in changes] == [
        (datetime.date(2021, 1, 31), None, "green", False),
        (datetime.date(2021, 6, 30), "amber", "green", True),
    ]
    assert "changes the colour of 1 later period" in refused(content)[0][2]
    imported(content, accept_target_changes=True)
    later = rules.target_in_force(Target.objects.filter(indicator=indicator), datetime.date(2023, 6, 30))
    assert later.value == 15


# 6. Files from other tools ------------------------------------------------------------------------------------


def test_semicolon_separated_csv_is_read_and_named(council):
    content = "\ufeffindicator;period_end;value;note\nContacts;2025-10-31;1302;Excel (fr)\n".encode()
    parsed = importer.parse(content)
    assert parsed.ok and parsed.inputs[0].value == 1302 and parsed.inputs[0].indicator.code == "contacts"
    assert "separated by semicolons" in parsed.notes[0]
    errors = refused(b"indicator;period_end;value\ncaseload_avg;2025-10-31;17,5\n")
    assert "write a point (17.5)" in errors[0][2]


def test_codes_are_case_insensitive_and_unknown_ones_answered_with_the_valid_ones(council, leeds):
    assert imported(b"indicator,period_end,value,authority\nOPEN_Cases,2025-10-31,5,LEEDS\n").created == 1
    errors = refused(b"indicator,period_end,value,authority\ncontact,2025-10-31,5,leds\n")
    assert errors[0][2] == "Unknown indicator code 'contact'. Did you mean 'contacts'?"
    assert errors[1][2] == "Unknown authority code 'leds'. Did you mean 'leeds'?"
    assert errors[2][2].startswith("Known indicator codes: ")
    assert ", assess_45wd_pct, " in errors[2][2] and ", contacts, " in errors[2][2]
    assert "Known authority codes: leeds, sunderland" in errors[3][2]


# 8. Size and time limits --------------------------------------------------------------------------------------


def test_a_file_over_the_row_limit_is_refused_at_once_naming_the_limit(council):
    small = Limits(bytes=None, rows=3, cells=None, unpacked_bytes=None)
    content = "indicator,period_end,value\n" + "".join(f"contacts,{2000 + n}-10-31,5\n" for n in range(10))
    parsed = importer.parse((content + ",,\n" * 50).encode(), limits=small)
    [(row, message)] = [(e.row, e.message) for e in parsed.errors]
    assert row == 1 and "The file has 11 lines; the limit for an upload is 3 rows" in message  # empty lines free
    assert "python manage.py import_observations" in message
    assert parsed.rows == 0  # refused before reading a row

    book = sheet(*[["contacts", datetime.date(2000 + n, 10, 31), 5] for n in range(10)])
    parsed = importer.parse(workbooks.save(book), limits=small)
    [(row, message)] = [(e.row, e.message) for e in parsed.errors]
    assert row == 4 and "more than 3 rows; the limit for an upload is 3 rows" in message
    assert parsed.rows == 4  # reading stopped at the limit


def test_a_workbook_over_the_cell_or_unpacked_limit_is_refused(council):
    book = sheet(*[["contacts", rules.period_end_after(last_month_end(), -n), n] for n in range(20)])
    for row in range(30, 200):
        book.active.cell(row=row, column=8).number_format = "0.00"  # formatted empty cells count
    content = workbooks.save(book)
    parsed = importer.parse(content, limits=Limits(bytes=None, rows=None, cells=100, unpacked_bytes=None))
    assert "more than 100 cells" in parsed.errors[0].message
    parsed = importer.parse(content, limits=Limits(bytes=None, rows=None, cells=None, unpacked_bytes=1000))
    assert parsed.errors[0].message.startswith("The workbook unpacks to ")
    assert "KB; the limit for an upload is 1.0 KB." in parsed.errors[0].message


def test_errors_are_listed_up_to_a_limit_with_the_total(council):
    content = (
        "indicator,period_end,value\n" + "".join(f"contacts,{1991 + n}-10-31,lots\n" for n in range(30))
    ).encode()
    parsed = importer.parse(content, limits=Limits(bytes=None, rows=None, cells=None, unpacked_bytes=None, errors=5))
    assert (len(parsed.errors), parsed.error_count, parsed.more_errors) == (5, 30, 25)
    with pytest.raises(importer.ImportRejected) as info:
        importer.import_file(content, "bad.csv", user=None, limits=Limits(None, None, None, None, errors=5))
    assert (len(info.value.errors), info.value.total) == (5, 30)


def test_a_nul_byte_anywhere_is_refused(council):
    rows = "".join(f"contacts,{rules.period_end_after(datetime.date(1990, 1, 31), n)},5,ok\n" for n in range(400))
    content = b"indicator,period_end,value,note\n" + rows.encode() + b"open_cases,2025-11-30,6,a\x00b\n"
    assert content.index(b"\x00") > 8192
    [(row, _, message)] = refused(content)
    assert row == 402 and message.startswith("The file holds a NUL byte")


def test_utf16_text_is_named(council):
    [(_, _, message)] = refused("indicator\tperiod_end\tvalue\ncontacts\t2025-10-31\t5\n".encode("utf-16"))
    assert "UTF-16" in message and "CSV UTF-8" in message


def test_the_command_line_has_no_limits(council, tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "CHUNK_ROWS", 100)
    assert (COMMAND_LINE.bytes, COMMAND_LINE.rows, COMMAND_LINE.cells, COMMAND_LINE.unpacked_bytes) == (None,) * 4
    day = datetime.date(1990, 1, 31)
    lines = ["indicator,period_end,value"]
    for n in range(1050):  # over the limit below, and several chunks
        code = ["contacts", "referrals", "open_cases"][n % 3]
        # Referrals fewer than contacts: the derived contact-to-referral percentage stays at or under 100.
        lines.append(f"{code},{rules.period_end_after(day, n // 3)},{n // 2 if code == 'referrals' else n}")
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n")
    assert importer.parse(path, limits=Limits(bytes=None, rows=1000, cells=None, unpacked_bytes=None)).errors
    call_command("import_observations", str(path), stdout=io.StringIO())
    assert (
        Observation.objects.filter(indicator__code__in=["contacts", "referrals", "open_cases"]).count()
        == len(lines) - 1
    )


def test_a_file_over_the_upload_size_is_refused_naming_the_limit(admin_client, council):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from performance.importing.limits import WEB

    upload = SimpleUploadedFile("big.csv", b"x" * (WEB.bytes + 1), "text/csv")
    response = admin_client.post(reverse("performance:import"), {"file": upload})
    assert response.status_code == 400
    assert "larger than 10 MB, the limit for an upload" in response.content.decode()


def test_the_upload_page_lists_errors_up_to_the_limit_with_the_total(admin_client, council):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    content = "indicator,period_end,value\n" + "".join(
        f"contacts,{1991 + n % 30}-0{1 + n // 30}-28,lots\n" for n in range(250)
    )
    upload = SimpleUploadedFile("bad.csv", content.encode(), "text/csv")
    response = admin_client.post(reverse("performance:import"), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 400
    assert "250 problems to fix" in page and "The first 200 problems are listed; 50 more are not shown." in page
    assert Observation.objects.count() == 0


def test_the_upload_preview_names_the_sheet_it_read(admin_client, council):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    book = sheet(["contacts", last_month_end(), 1302])
    book.create_sheet("notes").sheet_state = "hidden"
    upload = SimpleUploadedFile("figures.xlsx", workbooks.save(book))
    response = admin_client.post(reverse("performance:import"), {"file": upload})
    assert response.status_code == 200
    assert (
        "Read the sheet &#x27;figures&#x27; (the sheet shown when the workbook opens). 1 hidden sheet never read."
        in (response.content.decode())
    )
