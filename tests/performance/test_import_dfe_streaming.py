"""DfE files through the streaming importer (issues 13 and 16 together): the command's two passes, the upload's
limits and readers, and the checks issue 16 added (derived percentages, annual dates) on the command's path."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from performance import importer, reference
from performance.importing.limits import Limits
from performance.models import Authority, ChildPopulation, Indicator, Observation
from tests.performance import workbooks

EES_HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
    "old_la_code,new_la_code,la_name,"
)
SUNDERLAND = "E92000001,England,E12000001,North East,394,E08000024,Sunderland"
LEEDS = "E92000001,England,E12000003,Yorkshire and The Humber,383,E08000035,Leeds"
MARCH_2024 = datetime.date(2024, 3, 31)


@pytest.fixture
def national(db):
    reference.load_reference()
    return reference.choose_home(Authority.objects.get(code="sunderland"))


def looked_after(population=55500, number=555, rate=100):
    return (
        EES_HEADER + "population_count,population_estimate,number,rate_per_10000,Other_measure\n"
        f"2024,Reporting year,Local authority,{SUNDERLAND},Children looked after at 31 March each year,"
        f"{population},{number},{rate},7\n"
    )


def test_the_command_saves_a_dfe_files_populations_before_its_figures_and_lists_what_it_left_out(national, tmp_path):
    path = tmp_path / "cla.csv"
    path.write_text(looked_after())
    out = io.StringIO()
    call_command("import_observations", str(path), stdout=out)
    assert ChildPopulation.objects.get(authority__code="sunderland", year_end=MARCH_2024).population == 55500
    rate = Observation.objects.get(indicator__code="cla_rate", authority__code="sunderland", period_end=MARCH_2024)
    assert rate.value == 100  # derived from the population the same file gave
    assert "Other_measure" in out.getvalue()


def test_the_command_maps_a_dfe_column_and_refuses_a_bad_map(national, tmp_path):
    path = tmp_path / "c1.csv"
    path.write_text(EES_HEADER + f"Referrals_this_year\n2023,Reporting year,Local authority,{LEEDS},9000\n")
    call_command("import_observations", str(path), "--map", "referrals_this_year=referrals_year", stdout=io.StringIO())
    stored = Observation.objects.get(indicator__code="referrals_year", authority__code="leeds")
    assert (stored.period_end, stored.value) == (datetime.date(2023, 3, 31), 9000)
    with pytest.raises(CommandError, match="rejected"):
        call_command("import_observations", str(path), "--map", "referrals_this_year=referrals", stderr=io.StringIO())


def test_a_dfe_workbook_is_read_like_its_csv_and_counts_towards_the_upload_limits(national):
    book = Workbook()
    for line in looked_after().splitlines():
        book.active.append([int(c) if c.isdigit() else c for c in line.split(",")])
    parsed = importer.parse(workbooks.save(book))
    assert parsed.ok and parsed.dfe
    assert parsed.populations == {
        (Authority.objects.get(code="sunderland").pk, MARCH_2024): (55500, reference_source())
    }
    assert {i.indicator.code for i in parsed.inputs} == {"cla_count"}
    tight = Limits(bytes=None, rows=1, cells=None, unpacked_bytes=None)
    refused = importer.parse(looked_after().encode(), limits=tight)
    assert not refused.ok and "the limit for an upload is 1 rows" in refused.errors[0].message


def reference_source():
    from performance import dfe

    return dfe.CLA_POPULATION_SOURCE


def test_the_command_refuses_a_derived_percentage_over_100_across_chunks_writing_nothing(
    national, tmp_path, monkeypatch
):
    """The command keeps no rows between its passes, except the inputs of derived indicators: contacts early in the
    file and referrals far below (past several chunks) still make contact_to_referral_pct 250%."""
    monkeypatch.setattr(importer, "CHUNK_ROWS", 10)
    lines = ["indicator,period_end,value", "contacts,2024-01-31,200"]
    lines += [f"open_cases,{day},{n}" for n, day in enumerate(_month_ends(50))]
    lines.append("referrals,2024-01-31,500")
    path = tmp_path / "split.csv"
    path.write_text("\n".join(lines) + "\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_observations", str(path), stdout=io.StringIO(), stderr=err)
    assert "Row 2, column value" in err.getvalue() and f"Row {len(lines)}, column value" in err.getvalue()
    assert "250.0%" in err.getvalue()
    assert not Observation.objects.exists()


def test_the_command_refuses_an_annual_figure_not_dated_on_its_year_end(national, tmp_path):
    path = tmp_path / "annual.csv"
    path.write_text("indicator,period_end,value\ncontacts,2024-01-31,200\nreferrals_year,2023-06-30,3000\n")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_observations", str(path), stdout=io.StringIO(), stderr=err)
    assert "Row 3, column period_end" in err.getvalue()
    assert not Observation.objects.exists()


def _month_ends(count):
    from performance.rules import period_end_after

    return [period_end_after(datetime.date(2000, 1, 31), n) for n in range(count)]


def test_a_figure_stored_between_preview_and_commit_that_breaks_a_derived_percentage_refuses_the_commit(
    national, admin_client
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = b"indicator,period_end,value\ncontacts,2024-01-31,300\n"
    page = admin_client.post("/performance/import/", {"file": SimpleUploadedFile("c.csv", content, "text/csv")})
    assert page.status_code == 200
    home = Authority.objects.get(code="sunderland")
    Observation.objects.create(
        indicator=Indicator.objects.get(code="referrals"),
        authority=home,
        period_end=datetime.date(2024, 1, 31),
        value=450,
    )
    token = admin_client.session["performance_import"]["token"]
    response = admin_client.post("/performance/import/commit/", {"token": token})
    assert response.status_code == 400
    assert "150.0%" in response.content.decode()
    assert not Observation.objects.filter(indicator__code="contacts").exists()


# Streamed row by row (issue 13): no pass holds the file's rows, and the command keeps no figures between passes.


def _looked_after_years(first=1995, last=2024):
    lines = [EES_HEADER + "population_count,population_estimate,number,rate_per_10000"]
    for year in range(first, last + 1):
        for place, population, number in ((SUNDERLAND, 55000, 550), (LEEDS, 180000, 1440)):
            rate = number * 10000 // population
            lines.append(
                f"{year},Reporting year,Local authority,{place},Children looked after at 31 March each year,"
                f"{population},{number},{rate}"
            )
    return "\n".join(lines) + "\n"


def test_the_dfe_reader_holds_one_row_at_a_time(national):
    from performance import dfe

    text = _looked_after_years()
    produced = []

    def rows():
        # Each pass over the file counts the rows it has produced so far.
        produced.append(0)
        index = len(produced) - 1
        for number, line in enumerate(text.splitlines(), start=1):
            produced[index] += 1
            yield number, line.split(",")

    items = dfe.read_items(rows, importer.ParsedFile())
    first_number, first = next(items)

    assert (first_number, first.indicator.code) == (2, "cla_count")
    # The filter pass streamed the whole file (a measure column might hold text further down) without keeping it; the
    # reading pass has read one row past the header when the first figure comes out.
    assert produced == [61, 2]
    assert len(list(items)) == 59


def test_the_command_writes_a_dfe_file_in_chunks_keeping_only_what_it_recomputes(national, tmp_path):
    path = tmp_path / "cla.csv"
    path.write_text(_looked_after_years())

    checked = importer.check(path)
    result = importer.write(
        checked, path, "cla.csv", user=None, limits=importer.import_limits.COMMAND_LINE, chunk_rows=7
    )

    # cla_count is the input of the derived cla_rate: kept for the recompute; nothing else is.
    assert {i.indicator.code for i in checked.inputs} == {"cla_count"} and len(checked.inputs) == 60
    assert len(checked.populations) == 60
    assert result.created == 60 and result.derived == 60
    rate = Observation.objects.get(indicator__code="cla_rate", authority__code="leeds", period_end=MARCH_2024)
    assert rate.value == 80


def test_a_dfe_file_writes_through_the_same_chunk_writer(national, tmp_path, chunks_written):
    path = tmp_path / "cla.csv"
    path.write_text(_looked_after_years(2020, 2024))

    result = importer.import_file(path, "cla.csv", user=None, chunk_rows=4)

    assert chunks_written == [[4, 4, 2]] and result.created == 10


def test_a_dfe_workbook_imports_through_the_command_in_chunks(national):
    book = Workbook()
    for line in _looked_after_years(2020, 2024).splitlines():
        book.active.append([int(c) if c.isdigit() else c for c in line.split(",")])

    result = importer.import_file(workbooks.save(book), "cla.xlsx", user=None, chunk_rows=3)

    assert result.created == 10
    assert ChildPopulation.objects.filter(year_end=MARCH_2024).count() == 2
