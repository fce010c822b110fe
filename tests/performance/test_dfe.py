"""National reference data and DfE Explore Education Statistics files imported as published (issue 16), and
annual figures kept out of monthly series (issue 13, item 5). The DfE files are copies of the published ones."""

import csv
import datetime
import io
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from performance import importer, reference, rules, selectors
from performance.models import Authority, ChildPopulation, ColumnMapping, Indicator, Observation, StatisticalNeighbour

DATA = Path(__file__).parent / "data"
DFE = DATA / "dfe"
B1 = DFE / "b1_children_in_need_2013_to_2023.csv"
C1 = DFE / "c1_children_in_need_referrals_and_rereferrals_2013_to_2023.csv"
CLA = DFE / "cla_number_and_rate_per_10k_children.csv"
CSWW = DFE / "csww_headline_measures_2017_to_2022.csv"
MARCH_2023 = datetime.date(2023, 3, 31)
EES_HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
    "old_la_code,new_la_code,la_name,"
)


@pytest.fixture
def national(db):
    reference.load_reference()
    return reference.choose_home(Authority.objects.get(code="sunderland"))


def value(code, authority, day=MARCH_2023):
    obs = Observation.objects.get(indicator__code=code, authority__code=authority, period_end=day)
    return obs.value if obs.value is not None else obs.missing_reason


def import_path(path, **kwargs):
    return importer.import_file(path.read_bytes(), path.name, user=None, **kwargs)


def published_rows(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


# Reference data ---------------------------------------------------------------------------------------------------


def test_reference_data_holds_every_council_region_and_england(national):
    assert Authority.objects.filter(la_number__gt="").count() == 156
    assert Authority.objects.filter(kind=Authority.Kind.REGION).count() == 9
    assert Authority.objects.get(kind=Authority.Kind.ENGLAND).ons_code == "E92000001"
    sunderland = Authority.objects.get(code="sunderland")
    assert (sunderland.la_number, sunderland.ons_code, sunderland.region.name) == ("394", "E08000024", "North East")
    ranked = [link.neighbour.name for link in sunderland.neighbour_links.select_related("neighbour")]
    assert ranked[:3] == ["Redcar and Cleveland", "South Tyneside", "Hartlepool"] and len(ranked) == 10
    population = ChildPopulation.objects.get(authority__code="leeds", year_end=MARCH_2023)
    assert population.population == 172651


def test_a_region_code_slip_in_the_lookup_is_placed_by_name_and_reported(db):
    result = reference.load_reference()
    assert Authority.objects.get(code="gloucestershire").region.name == "South West"
    assert any(w.startswith("Gloucestershire: region code E12000003") for w in result.warnings)


def test_reference_load_twice_changes_nothing(national):
    before = Authority.history.count(), StatisticalNeighbour.objects.count()
    result = reference.load_reference()
    assert (Authority.history.count(), StatisticalNeighbour.objects.count()) == before
    assert result.populations == 0
    assert Authority.objects.get(code="sunderland").is_home


def test_refresh_from_a_newer_lookup_replaces_the_neighbours(national, tmp_path):
    text = reference.LOOKUP.read_text(encoding="utf-8-sig")
    newer = tmp_path / "la_lookup.csv"
    rows = text.splitlines()
    sunderland = next(r for r in rows if ",394,E08000024," in r)
    changed = sunderland.replace(sunderland.split('"')[1], "383, 807, 393, 805, 390, 392, 840, 813, 370, 806")
    newer.write_text(text.replace(sunderland, changed), encoding="utf-8")
    call_command("load_reference", "--lookup", str(newer), stdout=io.StringIO(), stderr=io.StringIO())
    first = StatisticalNeighbour.objects.get(authority__code="sunderland", rank=1)
    assert first.neighbour.name == "Leeds"


def test_load_reference_home_option_chooses_the_council(db):
    call_command("load_reference", "--home", "383", stdout=io.StringIO(), stderr=io.StringIO())
    assert Authority.objects.get(kind=Authority.Kind.COUNCIL).name == "Leeds"
    call_command("load_reference", "--home", "sunderland", stdout=io.StringIO(), stderr=io.StringIO())
    assert list(Authority.objects.filter(kind=Authority.Kind.COUNCIL).values_list("code", flat=True)) == ["sunderland"]


# The four DfE files as published ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [B1, C1, CLA, CSWW], ids=lambda p: p.name.split("_")[0])
def test_each_dfe_file_imports_as_published_and_again_changes_nothing(national, path):
    first = import_path(path)
    assert first.created > 1000
    stored = Observation.objects.count()
    second = import_path(path)
    assert (second.created, second.updated, second.derived) == (0, 0, 0)
    assert second.unchanged == first.created
    assert Observation.objects.count() == stored


def test_children_in_need_figures(national):
    import_path(B1)
    assert value("cin_count", "sunderland") == 1994
    assert value("cin_rate", "sunderland") == Decimal("369.1")
    assert value("cin_count", "england") == 403090
    assert value("cin_rate", "north-east") == Decimal("467.4")
    assert value("cin_rate", "england", datetime.date(2013, 3, 31)) == Decimal("330.9")


def test_referral_and_rereferral_figures(national):
    import_path(C1)
    assert value("rereferrals_year_pct", "sunderland") == Decimal("23.9")
    assert value("rereferrals_year_pct", "england") == Decimal("22.4")
    assert value("referrals_year", "sunderland") == 3179
    assert value("referrals_year", "england") == 640430
    assert value("referrals_year_rate", "leeds") == Decimal(
        next(r for r in published_rows(C1) if r["time_period"] == "2023" and r["la_name"] == "Leeds")["Referrals_rate"]
    )


def test_looked_after_figures_and_populations(national):
    import_path(CLA)
    assert value("cla_count", "leeds") == 1450
    assert value("cla_count", "england") == 83840
    assert value("cla_started", "england") == next(
        int(r["number"])
        for r in published_rows(CLA)
        if r["time_period"] == "2023" and r["geographic_level"] == "National" and "starting" in r["population_count"]
    )
    # The example: Leeds 2023 per 10,000 was shown as 79.2 against DfE's 84; North East 110.7 against 113.
    assert round(value("cla_rate", "leeds")) == 84
    assert round(value("cla_rate", "north-east")) == 113


def test_workforce_figures_are_dated_30_september(national):
    import_path(CSWW)
    september = datetime.date(2022, 9, 30)
    assert value("csww_turnover_pct", "england", september) == Decimal("17.1")
    assert value("csww_caseload_avg", "england", september) == Decimal("16.6")
    assert value("csww_vacancy_pct", "north-east", september) == Decimal("11.2")
    assert not Observation.objects.filter(indicator__code="csww_turnover_pct", period_end__month=3).exists()


def test_every_derived_looked_after_rate_agrees_with_dfe_at_its_precision(national):
    import_path(CLA)
    derived = {
        (o.authority.la_number or o.authority.ons_code, o.period_end.year): o.value
        for o in Observation.objects.filter(indicator__code="cla_rate").select_related("authority")
    }
    checked = 0
    for row in published_rows(CLA):
        if "at 31 March" not in row["population_count"] or not row["rate_per_10000"].isdigit():
            continue
        level = row["geographic_level"]
        code = row["old_la_code"] if level == "Local authority" else row["region_code"] or row["country_code"]
        if level == "National":
            code = row["country_code"]
        ours = derived.get((code, int(row["time_period"])))
        if ours is None:
            continue  # a council abolished before the shipped lookup (old Dorset, Bournemouth)
        shown = ours.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        if level == "Regional":
            # DfE rounds regional counts to the nearest 10; its rate comes from the unrounded count.
            count, population = Decimal(row["number"]), Decimal(row["population_estimate"])
            low = ((count - 5) / population * 10000).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            high = ((count + 5) / population * 10000).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            assert low <= Decimal(row["rate_per_10000"]) <= high
        else:
            assert shown == Decimal(row["rate_per_10000"]), row
        checked += 1
    assert checked > 750


def test_a_published_rate_that_disagrees_with_count_and_population_is_refused(national):
    content = (
        EES_HEADER + "population_count,population_estimate,number,rate_per_10000\n"
        "2023,Reporting year,Local authority,E92000001,England,E12000001,North East,394,E08000024,Sunderland,"
        "Children looked after at 31 March each year,55081,500,95\n"
    ).encode()
    parsed = importer.parse(content)
    assert [(e.row, e.column) for e in parsed.errors] == [(2, "rate_per_10000")]
    assert "DfE publishes 95" in parsed.errors[0].message and "gives 91" in parsed.errors[0].message


# Layout details: markers, codes, unknown columns, mappings ----------------------------------------------------------


def ees(*rows, measures="Referrals,Re_referrals_percent"):
    return (EES_HEADER + measures + "\n" + "\n".join(rows) + "\n").encode("utf-8-sig")


def test_dfe_markers_are_missing_values_with_their_reason(national):
    content = ees(
        "2023,Reporting year,Local authority,E92000001,England,E12000001,North East,394,E08000024,Sunderland,low,:",
        "2023,Reporting year,Local authority,E92000001,England,E12000003,Yorkshire,383,E08000035,Leeds,c,..",
        "2022,Reporting year,Local authority,E92000001,England,E12000003,Yorkshire,383,E08000035,Leeds,x,u",
    )
    importer.import_file(content, "markers.csv", user=None)
    assert value("referrals_year", "sunderland") == "low"
    assert value("rereferrals_year_pct", "sunderland") == "x"
    assert (value("referrals_year", "leeds"), value("rereferrals_year_pct", "leeds")) == ("c", "x")
    assert value("rereferrals_year_pct", "leeds", datetime.date(2022, 3, 31)) == "u"


def test_councils_are_found_by_ons_code_or_name_and_unknown_ones_listed(national):
    content = ees(
        "2023,Reporting year,Local authority,E92000001,England,E12000001,North East,,E08000024,Sunderland,10,1",
        "2023,Reporting year,Local authority,E92000001,England,E12000003,Yorkshire,,,Leeds,20,2",
        "2019,Reporting year,Local authority,E92000001,England,E12000009,South West,835,E10000009,Dorset,30,3",
        "2023,Reporting year,Regional,E92000001,England,E13000001,Inner London,,,,40,4",
    )
    parsed = importer.parse(content)
    assert parsed.ok, parsed.errors
    assert {(i.authority.code, i.value) for i in parsed.inputs if i.indicator.code == "referrals_year"} == {
        ("sunderland", 10),
        ("leeds", 20),
    }
    # Old Dorset (835) is not new Dorset (838), whose former ONS code it shares: left out, never misfiled.
    assert any("Dorset (835)" in line for line in parsed.ignored)
    assert any("Inner London" in line for line in parsed.ignored)


def test_unknown_measure_columns_are_listed_and_can_be_mapped(national):
    content = ees(
        "2023,Reporting year,Local authority,E92000001,England,E12000001,North East,394,E08000024,Sunderland,5,20.5",
        measures="Referrals_newname,Anything_else",
    )
    parsed = importer.parse(content)
    assert parsed.ok and not parsed.inputs
    assert "Anything_else" in parsed.ignored[0] and "Referrals_newname" in parsed.ignored[0]
    mapped = importer.parse(content, mappings={"Referrals_newname": "referrals_year"})
    assert [(i.indicator.code, i.value) for i in mapped.inputs] == [("referrals_year", 5)]


def test_map_option_on_the_command_line(national, tmp_path):
    out = io.StringIO()
    path_content = ees(
        "2023,Reporting year,Local authority,E92000001,England,E12000001,North East,394,E08000024,Sunderland,7,1",
        measures="Referrals_in_year,Other",
    )
    tmp = tmp_path / "mapped.csv"
    tmp.write_bytes(path_content)
    call_command("import_observations", str(tmp), "--map", "Referrals_in_year=REFERRALS_YEAR", stdout=out)
    assert value("referrals_year", "sunderland") == 7
    assert "Not imported (no indicator for it): Other." in out.getvalue()
    with pytest.raises(CommandError, match="COLUMN=INDICATOR_CODE"):
        call_command("import_observations", str(tmp), "--map", "Referrals_in_year", stdout=out)


def test_remembered_mapping_applies_to_the_next_file(national):
    ColumnMapping.objects.create(column="Referrals_in_year", indicator_id=_code("referrals_year"))
    content = ees(
        "2023,Reporting year,National,E92000001,England,,,,,,99,1",
        measures="Referrals_in_year,Other",
    )
    parsed = importer.parse(content)
    assert [(i.authority.code, i.value) for i in parsed.inputs] == [("england", 99)]


def _code(code):
    return Indicator.objects.get(code=code).pk


# Annual versus monthly (issue 13, item 5) -------------------------------------------------------------------------


def test_dfe_annual_figures_mapped_into_a_monthly_indicator_are_refused(national):
    content = ees(
        "2023,Reporting year,Local authority,E92000001,England,E12000001,North East,394,E08000024,Sunderland,3179,1",
        measures="Referrals_in_year,Other",
    )
    parsed = importer.parse(content, mappings={"Referrals_in_year": "referrals"})
    assert not parsed.ok and not parsed.inputs
    assert "'referrals' is a monthly indicator" in parsed.errors[0].message
    assert "annual indicator" in parsed.errors[0].message


def test_an_annual_indicator_refuses_a_figure_not_dated_on_its_year_end(national):
    content = (
        b"indicator,period_end,value,authority\n"
        b"referrals_year,2023-03-31,3179,\n"
        b"referrals_year,2023-05-31,3000,\n"
        b"csww_turnover_pct,2022-03-31,17.1,england\n"
    )
    parsed = importer.parse(content)
    assert [(e.row, e.column) for e in parsed.errors] == [(3, "period_end"), (4, "period_end")]
    assert "year to 31 March" in parsed.errors[0].message
    assert "date it 30 September" in parsed.errors[1].message


def _monthly_contacts(authority, day, count):
    Observation.objects.create(indicator_id=_code("contacts"), authority=authority, period_end=day, value=count)


def test_b02_annual_referrals_into_the_monthly_series_is_refused(national):
    """The case file: DfE's referrals in the year into monthly `referrals`; with the council's monthly contacts
    stored, the derived contact-to-referral rate would be 244%."""
    home = Authority.objects.get(code="sunderland")
    _monthly_contacts(home, MARCH_2023, 1301)
    _monthly_contacts(home, datetime.date(2022, 3, 31), 1280)
    content = (DATA / "B02_dfe_referrals_annual_into_monthly.csv").read_bytes()
    with pytest.raises(importer.ImportRejected) as rejected:
        importer.import_file(content, "B02.csv", user=None)
    messages = {(e.row, str(e)) for e in rejected.value.errors}
    assert {row for row, _ in messages} == {4, 8}
    assert any("contact_to_referral_pct" in m and "referrals 3,179 / contacts 1,301" in m for _, m in messages)
    assert not Observation.objects.filter(indicator__code="referrals").exists()


def test_a_derived_percentage_over_100_is_refused_naming_its_inputs(national):
    """Another instance: this time the contacts are in the file and the referrals already stored."""
    home = Authority.objects.get(code="sunderland")
    day = datetime.date(2024, 1, 31)
    Observation.objects.create(indicator_id=_code("referrals"), authority=home, period_end=day, value=450)
    content = b"indicator,period_end,value\ncontacts,2024-01-31,300\ncontacts,2024-02-29,900\n"
    parsed = importer.parse(content)
    assert [(e.row, e.column) for e in parsed.errors] == [(2, "value")]
    assert "150.0%" in parsed.errors[0].message and "referrals 450 / contacts 300" in parsed.errors[0].message
    fine = importer.parse(b"indicator,period_end,value\ncontacts,2024-01-31,1200\n")
    assert fine.ok


# Rates per 10,000 with the population of the right year -------------------------------------------------------------


def test_seed_002_sunderland_against_leeds_uses_the_years_populations(national):
    """Corporate Parenting Board, 1 February 2016: contacts July to October 2015, Sunderland against Leeds. The
    paper used 54,500 and 183,000; the rates use the populations of the year to 31 March 2016."""
    sunderland, leeds = Authority.objects.get(code="sunderland"), Authority.objects.get(code="leeds")
    for authority, counts in ((sunderland, (2351, 1817, 2253, 1971)), (leeds, (1903, 1380, 1833, 1800))):
        for month, count in zip((7, 8, 9, 10), counts, strict=True):
            day = datetime.date(2015, month + 1, 1) - datetime.timedelta(days=1)
            _monthly_contacts(authority, day, count)
    contacts = Indicator.objects.get(code="contacts")
    table = selectors.comparison_table(contacts, selectors.series(contacts, [sunderland, leeds]))
    populations = {
        a.code: ChildPopulation.objects.get(authority=a, year_end=datetime.date(2016, 3, 31)).population
        for a in (sunderland, leeds)
    }
    assert 54_000 < populations["sunderland"] < 55_000 and 160_000 < populations["leeds"] < 165_000
    rates = {line.authority.code: line for line in table.lines if line.measure == "per_10k"}
    july = table.periods.index(datetime.date(2015, 7, 31))
    assert rates["sunderland"].values[july] == (Decimal(2351) / populations["sunderland"] * 10000).quantize(
        Decimal("0.0001")
    )
    assert rates["leeds"].values[july] == (Decimal(1903) / populations["leeds"] * 10000).quantize(Decimal("0.0001"))
    assert rates["leeds"].total == (Decimal(6916) / populations["leeds"] * 10000).quantize(Decimal("0.0001"))


# Comparators: us, statistical neighbours (average and each), region, England ----------------------------------------


def test_comparators_are_the_neighbours_by_rank_then_region_then_england(national):
    home = Authority.objects.get(code="sunderland")
    names = [a.name for a in selectors.comparator_authorities(home)]
    assert names[:3] == ["Redcar and Cleveland", "South Tyneside", "Hartlepool"]
    assert names[10:] == ["North East", "England"]


def test_indicator_page_shows_neighbours_average_each_region_and_england_per_10k(national, committee_client):
    import_path(CLA)
    page = committee_client.get("/performance/indicators/cla_count/").content.decode()
    headers = [
        "Statistical neighbours&#x27; average",
        "Redcar and Cleveland",
        "Hartlepool",
        "North East (per 10,000)",
        "England (per 10,000)",
    ]
    positions = [page.index(h) for h in headers]
    assert positions == sorted(positions)
    home = Authority.objects.get(code="sunderland")
    neighbours = [a for a in selectors.comparator_authorities(home) if a.sn_rank]
    found = selectors.with_neighbour_average(
        selectors.series(Indicator.objects.get(code="cla_count"), neighbours, MARCH_2023, MARCH_2023)
    )
    average = found[0]
    rates = [
        Observation.objects.get(indicator__code="cla_rate", authority=a, period_end=MARCH_2023).value
        for a in neighbours
    ]
    assert average.authority.pk is None and len(rates) == 10
    assert average.per_10k[0].value == (sum(rates) / 10).quantize(Decimal("0.0001"))


# The upload page --------------------------------------------------------------------------------------------------


def upload(client, content, name="dfe.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/performance/import/", {"file": SimpleUploadedFile(name, content, "text/csv")})


def test_upload_preview_lists_unmapped_columns_and_remembers_a_mapping(national, admin_client):
    content = ees(
        "2023,Reporting year,Local authority,E92000001,England,E12000001,North East,394,E08000024,Sunderland,8,1",
        measures="Referrals_in_year,Other",
    )
    page = upload(admin_client, content).content.decode()
    assert "Not imported (no indicator for it): Other, Referrals_in_year." in page
    assert 'action="/performance/import/mapping/"' in page
    refused = admin_client.post(
        "/performance/import/mapping/", {"column": "Referrals_in_year", "indicator": "referrals"}
    )
    assert refused.status_code == 302 and not ColumnMapping.objects.exists()
    admin_client.post("/performance/import/mapping/", {"column": "Referrals_in_year", "indicator": "referrals_year"})
    assert ColumnMapping.objects.get().indicator.code == "referrals_year"
    page = upload(admin_client, content).content.decode()
    assert "Not imported (no indicator for it): Other." in page
    assert "Referrals in the year" in page


def test_mapping_page_is_for_admins_only(national, committee_client):
    response = committee_client.post(
        "/performance/import/mapping/", {"column": "Referrals_in_year", "indicator": "referrals_year"}
    )
    assert response.status_code == 403 and not ColumnMapping.objects.exists()


def test_upload_and_commit_of_a_looked_after_file_stores_its_populations(national, admin_client):
    content = (
        EES_HEADER + "population_count,population_estimate,number,rate_per_10000\n"
        "2024,Reporting year,Local authority,E92000001,England,E12000001,North East,394,E08000024,Sunderland,"
        "Children looked after at 31 March each year,55500,555,100\n"
    ).encode()
    upload(admin_client, content)
    token = admin_client.session["performance_import"]["token"]
    admin_client.post("/performance/import/commit/", {"token": token})
    march_2024 = datetime.date(2024, 3, 31)
    assert ChildPopulation.objects.get(authority__code="sunderland", year_end=march_2024).population == 55500
    assert value("cla_rate", "sunderland", march_2024) == 100


def test_a_changed_population_recomputes_the_rates_that_used_it(national):
    import_path(CLA)
    leeds = Authority.objects.get(code="leeds")
    reference.save_populations({(leeds.pk, MARCH_2023): (145000, "corrected")})
    assert value("cla_rate", "leeds") == (Decimal(1450) / 145000 * 10000).quantize(Decimal("0.0001"))
    assert round(value("cla_rate", "leeds", datetime.date(2022, 3, 31))) == 80  # its own year, untouched


def test_entering_a_month_whose_derived_percentage_exceeds_100_is_refused(national):
    from django.core.exceptions import ValidationError

    from performance import services

    home = Authority.objects.get(code="sunderland")
    day = datetime.date(2024, 4, 30)
    _monthly_contacts(home, day, 100)
    with pytest.raises(ValidationError, match=r"contact_to_referral_pct .* 250\.0%"):
        services.record_observation(
            indicator=Indicator.objects.get(code="referrals"),
            authority=home,
            period_end=day,
            value=Decimal(250),
            user=None,
        )
    assert not Observation.objects.filter(indicator__code="referrals").exists()


def test_comparison_page_query_count_is_fixed(national, committee_client, django_assert_num_queries):
    home = Authority.objects.get(code="sunderland")
    neighbours = [a for a in selectors.comparator_authorities(home) if a.sn_rank]
    query = "?indicator=contacts&start=2015-01-01&end=2016-12-31&authorities=sunderland&authorities=england"
    query += "".join(f"&authorities={a.code}" for a in neighbours[:3])
    _monthly_contacts(home, datetime.date(2015, 7, 31), 2351)
    committee_client.get("/performance/comparison/" + query)
    with django_assert_num_queries(11) as few:
        committee_client.get("/performance/comparison/" + query)
    for month in range(1, 13):
        for authority in [home, *neighbours]:
            _monthly_contacts(authority, datetime.date(2016, month, 28), 100 + month)
    with django_assert_num_queries(len(few.captured_queries)):
        page = committee_client.get("/performance/comparison/" + query).content.decode()
    assert "Statistical neighbours&#x27; average" in page
    table = selectors.comparison_table(
        Indicator.objects.get(code="contacts"),
        selectors.with_neighbour_average(selectors.series(Indicator.objects.get(code="contacts"), neighbours)),
    )
    average = [line for line in table.lines if line.authority.pk is None]
    assert [line.measure for line in average] == ["value", "per_10k"]
    rates = [
        rules.per_10k(101, selectors.Populations(neighbours).population(a, datetime.date(2016, 1, 28)))
        for a in neighbours
    ]
    january = table.periods.index(datetime.date(2016, 1, 28))
    assert average[1].values[january] == (sum(rates) / len(rates)).quantize(Decimal("0.0001"))


def test_measure_names_of_other_releases_are_known(national):
    """Earlier releases of the same publications spelt some columns differently."""
    content = ees(
        "2023,Reporting year,National,E92000001,England,,,,,,640430,22.4",
        measures="Number_of_referrals,Re_referrals_pc",
    )
    parsed = importer.parse(content)
    assert {(i.indicator.code, i.value) for i in parsed.inputs} == {
        ("referrals_year", 640430),
        ("rereferrals_year_pct", Decimal("22.4")),
    }


def test_a_time_period_the_import_cannot_date_is_refused(national):
    content = ees("2023,Academic year,National,E92000001,England,,,,,,640430,22.4")
    parsed = importer.parse(content)
    assert {(e.row, e.column) for e in parsed.errors} == {(2, "time_period")}
    assert "Academic year" in parsed.errors[0].message and not parsed.inputs
