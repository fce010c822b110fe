"""Bad input to the observation importer (hypothesis): never a server error, never a partial write, always a
message that says what to fix; and spreadsheet formulas in exported cells are neutralised."""

import csv
import datetime
import io
import string
from decimal import Decimal

import openpyxl
import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from core.exports import neutralise
from performance import importer
from performance.forms import MAX_UPLOAD_BYTES
from performance.models import Observation
from tests import factories

FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

DATES = st.one_of(
    st.dates().map(lambda d: d.isoformat()),  # year 1 to 9999
    st.sampled_from(["0000-01-01", "10000-01-31", "2015-02-30", "31/05/2015", "2015-5-31", "", "yesterday"]),
    st.text(max_size=12),
)
VALUES = st.one_of(
    st.integers(-(10**12), 10**12).map(str),
    st.integers(0, 10**7).map(lambda n: f"{n:,}"),  # thousands separators, as spreadsheets show them
    st.decimals(allow_nan=True, allow_infinity=True, places=6).map(str),
    st.floats(0, 100).map(lambda f: f"{f:.1f}%"),  # percent signs
    st.sampled_from(
        ["c", "x", "z", "u", "C", "", "-", "n/a", "1e400", "NaN", "Infinity", "=1+1", "=cmd|' /C calc'!A0"]
    ),
    st.text(max_size=15),
)
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)


@pytest.fixture
def catalogue(db):
    factories.AuthorityFactory()
    factories.AuthorityFactory(code="england", name="England", kind="england")
    return [factories.IndicatorFactory(code=f"fuzz_{n}", unit="count").code for n in range(3)]


def attempt_import(content: bytes):
    """Import inside a savepoint rolled back afterwards, so each example meets the same database. Returns the
    result or the rejection, and how many observations exist during and after the attempt."""
    before = Observation.objects.count()
    with transaction.atomic():
        try:
            outcome = importer.import_file(content, "fuzz.csv", user=None)
        except importer.ImportRejected as rejected:
            outcome = rejected
        during = Observation.objects.count()
        transaction.set_rollback(True)
    return outcome, before, during


def assert_all_or_nothing(outcome, before, during, rows: int | None = None):
    if isinstance(outcome, importer.ImportRejected):
        assert during == before, "a rejected file wrote something"
        assert outcome.errors, "a rejected file must say what is wrong"
        for error in outcome.errors:
            assert str(error).strip() and error.message.strip()
            assert error.row >= 1
    else:
        assert during - before == outcome.created
        if rows is not None:
            assert outcome.created + outcome.updated + outcome.unchanged == rows


@FUZZ
@given(content=st.binary(max_size=3000))
def test_arbitrary_bytes_are_rejected_with_a_message_or_imported_whole(catalogue, content):
    assert_all_or_nothing(*attempt_import(content))


@FUZZ
@given(
    rows=st.lists(
        st.tuples(st.integers(0, 3), DATES, VALUES, st.sampled_from(["", "england", "nowhere"]), TEXT),
        min_size=1,
        max_size=8,
    ),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"]),
)
def test_csv_rows_of_every_kind_are_all_or_nothing(catalogue, rows, encoding):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["indicator", "period_end", "value", "authority", "note"])
    for code_index, period_end, value, authority, note in rows:
        code = catalogue[code_index] if code_index < len(catalogue) else "no_such_indicator"
        writer.writerow([code, period_end, value, authority, note])
    content = out.getvalue().encode(encoding, errors="replace")
    outcome, before, during = attempt_import(content)
    assert_all_or_nothing(outcome, before, during)


@FUZZ
@given(
    rows=st.lists(
        st.tuples(st.sampled_from([0, 1, 2]), DATES, st.one_of(VALUES, st.integers(), st.floats(allow_nan=True))),
        min_size=1,
        max_size=6,
    )
)
def test_xlsx_rows_of_every_kind_are_all_or_nothing(catalogue, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["indicator", "period_end", "value"])
    for code_index, period_end, value in rows:
        # A workbook cannot hold control characters at all (Excel would not write them either).
        cells = [catalogue[code_index], period_end, value]
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in cells])
    buffer = io.BytesIO()
    book.save(buffer)
    assert_all_or_nothing(*attempt_import(buffer.getvalue()))


def test_valid_rows_with_separators_and_markers_import_whole(catalogue):
    content = (
        "indicator,period_end,value,authority\n"
        f'{catalogue[0]},2015-05-31,"3,617",\n'
        f"{catalogue[1]},2015-05-31,c,england\n"
    ).encode()
    outcome, before, during = attempt_import(content)
    assert not isinstance(outcome, importer.ImportRejected), outcome.errors
    assert during == before + 2


def test_one_bad_row_rejects_the_whole_file_naming_row_and_column(catalogue):
    content = (f"indicator,period_end,value\n{catalogue[0]},2015-05-31,12\n{catalogue[0]},2015-06-30,twelve\n").encode()
    outcome, before, during = attempt_import(content)
    assert isinstance(outcome, importer.ImportRejected)
    assert during == before
    assert any(e.row == 3 and e.column == "value" for e in outcome.errors)


@FUZZ
@given(content=st.binary(max_size=2000), name=TEXT)
def test_upload_page_never_errors_on_arbitrary_files(admin_client, catalogue, content, name):
    before = Observation.objects.count()
    upload = io.BytesIO(content)
    upload.name = (name.replace("/", "_").replace("\\", "_").strip() or "x") + ".csv"
    response = admin_client.post(reverse("performance:import"), {"file": upload})
    assert response.status_code in (200, 400)
    assert Observation.objects.count() == before  # an upload only previews
    if response.status_code == 400:
        page = response.content.decode()
        assert "error" in page.lower() or "problem" in page.lower()


def test_huge_upload_is_refused_with_a_message(admin_client, catalogue):
    header = b"indicator,period_end,value\n"
    row = f"{catalogue[0]},2015-05-31,1\n".encode()
    content = header + row * (MAX_UPLOAD_BYTES // len(row) + 10)
    upload = io.BytesIO(content)
    upload.name = "huge.csv"
    response = admin_client.post(reverse("performance:import"), {"file": upload})
    assert response.status_code == 400
    assert "larger than" in response.content.decode()


FORMULA_STARTS = st.sampled_from(["=", "+", "-", "@", "\t", "\r"])


@settings(max_examples=100, deadline=None)
@given(start=FORMULA_STARTS, rest=st.text(alphabet=string.ascii_letters + "|!()' /", min_size=1, max_size=20))
def test_neutralise_defuses_every_formula_start(start, rest):
    cell = neutralise(start + rest)
    assert cell.startswith("'") or cell.lstrip("+-").replace(",", "").replace(".", "").rstrip("%").isdigit()


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_action_list_downloads_neutralise_formula_cells(admin_client, export_format):
    factories.ActionFactory(description="=cmd|' /C calc'!A0", reference="@SUM(1+1)")
    response = admin_client.get(reverse("improvement:action_list"), {"_export": export_format})
    assert response.status_code == 200
    if export_format == "csv":
        cells = [cell for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for cell in row]
    else:
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        raw = [cell for row in book.active.iter_rows() for cell in row]
        assert not [c.coordinate for c in raw if c.data_type == "f"], "a cell is a live formula"
        cells = [str(c.value) for c in raw if c.value is not None]
    assert any("cmd|" in cell for cell in cells)
    for cell in cells:
        assert not cell.startswith(("=", "@")), f"formula cell {cell!r} not neutralised"


# Generated workbooks: every import stores exactly what a person sees in Excel, or is refused with nothing written.

PERSON_SEES = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
CELL_KINDS = st.sampled_from(["number", "percent_format", "formula_cached", "formula_uncached", "text_number"])
WORKBOOK_ROWS = st.lists(
    st.tuples(
        st.sampled_from(["percent", "count"]),
        CELL_KINDS,
        st.integers(0, 1000),  # tenths of a percent, or a count
        st.sampled_from([0, 0, 0, 23, 6]),  # the hour in a date-time period end (0: a plain date-time)
        st.booleans(),  # the period end as a date cell (True) or typed text
    ),
    min_size=1,
    max_size=6,
)


@pytest.fixture
def workbook_catalogue(db):
    factories.AuthorityFactory()
    return {
        "percent": factories.IndicatorFactory(code="wb_pct", unit="percent", polarity="context").code,
        "count": factories.IndicatorFactory(code="wb_count", unit="count", polarity="context").code,
    }


def _generated_workbook(catalogue, rows, hidden_first, stale):
    """The workbook and what a person sees in it: {(code, period end): value}, or None when some cell cannot be
    read without guessing (so the import must be refused)."""
    from openpyxl.worksheet.worksheet import Worksheet

    from performance.rules import period_end_after
    from tests.performance import workbooks

    book = openpyxl.Workbook()
    visible: Worksheet = book.active
    visible.title = "figures"
    decoy = book.create_sheet("old draft", 0 if hidden_first else 1)
    decoy.sheet_state = "hidden"
    book.active = book.worksheets.index(visible)
    for ws in (visible, decoy):
        ws.append(["indicator", "period_end", "value"])
    seen: dict | None = {}
    for index, (kind, cell_kind, amount, hour, as_date) in enumerate(rows, start=2):
        code = catalogue[kind]
        day = period_end_after(datetime.date(2015, 1, 31), index)
        stamp = datetime.datetime(day.year, day.month, day.day, hour)
        shown = Decimal(amount) / 10 if kind == "percent" else Decimal(amount)
        value: object = float(shown) if shown != int(shown) else int(shown)
        if cell_kind == "percent_format":
            value = float(Decimal(amount) / 1000) if kind == "percent" else amount / 100
        elif cell_kind in ("formula_cached", "formula_uncached"):
            value = f"={shown}" if cell_kind == "formula_cached" else f"={shown}+0"
        elif cell_kind == "text_number":
            value = f"{shown:,}"
        visible.append([code, stamp if as_date else day.isoformat(), value])
        decoy.append([code, day.isoformat(), 999999])
        if cell_kind == "percent_format":
            visible.cell(row=index, column=3).number_format = "0.0%"
        if as_date:
            visible.cell(row=index, column=2).number_format = "yyyy-mm-dd hh:mm" if hour else "yyyy-mm-dd"
        readable = (
            not (as_date and hour)
            and cell_kind != "formula_uncached"
            and not (cell_kind == "percent_format" and kind == "count")
        )
        if seen is not None and readable:
            seen[(code, day)] = shown
        else:
            seen = None
    content = workbooks.cache_formulas(workbooks.save(book))
    return (workbooks.stale_dimension(content, "A1:A2") if stale else content), seen


@PERSON_SEES
@given(rows=WORKBOOK_ROWS, hidden_first=st.booleans(), stale=st.booleans())
def test_generated_workbooks_store_what_a_person_sees_or_nothing(workbook_catalogue, rows, hidden_first, stale):
    content, seen = _generated_workbook(workbook_catalogue, rows, hidden_first, stale)
    before = Observation.objects.count()
    with transaction.atomic():
        try:
            importer.import_file(content, "generated.xlsx", user=None)
        except importer.ImportRejected as rejected:
            outcome = rejected
        else:
            outcome = None
        stored = {
            (o.indicator.code, o.period_end): o.value
            for o in Observation.objects.filter(indicator__code__in=workbook_catalogue.values()).select_related(
                "indicator"
            )
        }
        transaction.set_rollback(True)
    if seen is None:
        assert isinstance(outcome, importer.ImportRejected), f"stored {stored} from a file that needs a guess"
        assert not stored and Observation.objects.count() == before
        assert all(e.message for e in outcome.errors)
    else:
        assert outcome is None, [str(e) for e in outcome.errors]
        assert stored == seen


@pytest.mark.parametrize(
    "cell",
    ["\n=1+1", "\uff1dcmd|' /C calc'!A0", '   =HYPERLINK("x")', "\u3000@SUM(1)", "\r\n+1+1", "\uff0b1"],
)
def test_neutralise_formula_starts_after_spaces_line_breaks_and_full_width_signs(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-1,052", " 12.5% ", "Leeds", "", "a = b"])
def test_neutralise_leaves_numbers_and_plain_text(cell):
    assert neutralise(cell) == cell


def test_csv_downloads_start_with_a_byte_order_mark(admin_client):
    # The reference cell starts with its plan's short name ("LIP 1.1"), typed by an admin: a formula there is
    # neutralised like any other.
    factories.ActionFactory(
        description="Café \u2013 budget £5 \uff1d hidden", reference="1.1", priority__plan__short_name="\n=1+1"
    )
    response = admin_client.get(reverse("improvement:action_list"), {"_export": "csv"})
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    assert "Café \u2013 budget £5" in text and "'\n=1+1 1.1" in text
