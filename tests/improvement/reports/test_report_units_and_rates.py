"""Issue 12 items 7 and 8 in committee reports: values carry their unit, differences of percentages are in
percentage points, and where councils are compared a count is drawn per 10,000 children of each figure's year."""

import datetime
from decimal import Decimal

from django.utils.html import escape

from improvement.reports.builder import build_report
from performance.models import ChildPopulation
from tests import factories as f
from tests.clients import client_for
from tests.improvement.reports.conftest import BASELINE, CURRENT

# Seed 002: Sunderland's contacts against Leeds', July to October 2015 (54,500 and 183,000 children).
SUNDERLAND = [2351, 1817, 2253, 1971]
LEEDS = [1903, 1380, 1833, 1800]
MONTHS = [datetime.date(2015, 6, 30), datetime.date(2015, 7, 31), datetime.date(2015, 8, 31), CURRENT]


def _charts(content):
    return {chart["id"]: chart for chart in content["impact"]["charts"]}


def _traces(chart):
    return {trace["name"]: trace for trace in chart["spec"]["data"]}


def _contacts(council):
    leeds = f.AuthorityFactory(code="leeds", name="Leeds", kind="comparator", child_population=183000)
    contacts = f.IndicatorFactory(code="contacts_seed", name="Contacts", unit="count", polarity="context")
    for authority, values in ((council["home"], SUNDERLAND), (leeds, LEEDS)):
        for day, value in zip(MONTHS, values, strict=True):
            f.ObservationFactory(indicator=contacts, authority=authority, period_end=day, value=value)
    council["report"].indicators.add(contacts)
    return leeds


def test_compared_counts_are_drawn_per_10000_children_and_the_councils_own_counts_stay(council):
    _contacts(council)
    charts = _charts(build_report(council["report"]))

    own = _traces(charts["chart-contacts_seed"])
    assert list(own) == ["Sunderland"]  # the council's raw series, as it is
    assert own["Sunderland"]["y"] == [float(v) for v in SUNDERLAND]

    rates = _traces(charts["chart-contacts_seed-per-10k"])
    sunderland, leeds = rates["Sunderland"]["y"], rates["Leeds"]["y"]
    # Seed 002's point: more contacts in Leeds, but fewer per child than in Sunderland.
    assert all(ours > theirs for ours, theirs in zip(sunderland, leeds, strict=True))
    assert round(sunderland[0], 1) == 431.4 and round(leeds[0], 1) == 104.0
    # Both populations are single figures of no stated year (no ChildPopulation rows): each rate says so.
    assert rates["Leeds"]["text"][0] == "104.0 per 10,000 (a child population of no stated year)"
    assert "per 10,000 children" in charts["chart-contacts_seed-per-10k"]["description"]
    assert charts["chart-contacts_seed-per-10k"]["spec"]["layout"]["yaxis"]["title"]["text"] == "per 10,000 children"


def test_a_rate_uses_the_population_of_its_own_year(council):
    leeds = _contacts(council)
    ChildPopulation.objects.create(authority=leeds, year_end=datetime.date(2016, 3, 31), population=91500)
    rates = _traces(_charts(build_report(council["report"]))["chart-contacts_seed-per-10k"])
    # Every figure from April 2015 on falls in the year to 31 March 2016: half the children, twice the rate.
    assert round(rates["Leeds"]["y"][0], 1) == 208.0


BORROWED = "the year to 31 Mar {used}'s child population: the year to 31 Mar 2016's is not yet loaded"


def test_a_rate_using_an_earlier_years_population_says_so_on_hover_and_under_the_chart(council, admin_user):
    leeds = _contacts(council)
    ChildPopulation.objects.create(authority=leeds, year_end=datetime.date(2015, 3, 31), population=91500)
    for year in (2015, 2016):
        ChildPopulation.objects.create(authority=council["home"], year_end=datetime.date(year, 3, 31), population=54500)

    chart = _charts(build_report(council["report"]))["chart-contacts_seed-per-10k"]

    rates, borrowed = _traces(chart), BORROWED.format(used=2015)
    # Figures from June 2015 fall in the year to 31 March 2016, which only Sunderland's populations include.
    assert rates["Leeds"]["text"] == [f"{round(v / 9.15, 1)} per 10,000 ({borrowed})" for v in LEEDS]
    assert rates["Sunderland"]["text"][0] == "431.4 per 10,000"
    assert chart["note"] == f"Rates not using their own year's child population: Leeds ({borrowed})."
    assert chart["description"].endswith(chart["note"])
    page = client_for(admin_user).get(council["report"].get_absolute_url()).content.decode()
    assert f'<p class="chart-note">{escape(chart["note"])}</p>' in page


def test_the_councils_own_rates_name_an_older_population_too(council):
    leeds = _contacts(council)
    ChildPopulation.objects.create(authority=leeds, year_end=datetime.date(2016, 3, 31), population=183000)
    ChildPopulation.objects.create(authority=council["home"], year_end=datetime.date(2014, 3, 31), population=54500)

    chart = _charts(build_report(council["report"]))["chart-contacts_seed-per-10k"]

    borrowed = BORROWED.format(used=2014)
    assert _traces(chart)["Sunderland"]["text"][0] == f"431.4 per 10,000 ({borrowed})"
    assert _traces(chart)["Leeds"]["text"][0] == "104.0 per 10,000"
    assert chart["note"] == f"Rates not using their own year's child population: Sunderland ({borrowed})."


def test_a_chart_whose_rates_all_use_their_own_years_population_has_no_note(council):
    leeds = _contacts(council)
    for authority in (leeds, council["home"]):
        ChildPopulation.objects.create(authority=authority, year_end=datetime.date(2016, 3, 31), population=100000)

    chart = _charts(build_report(council["report"]))["chart-contacts_seed-per-10k"]

    assert chart["note"] == "" and "(" not in "".join(_traces(chart)["Leeds"]["text"])


def test_england_does_not_flatten_a_councils_count(council):
    # The fixture's England figure for unallocated cases (90 for some 11 million children) is drawn as a rate.
    charts = _charts(build_report(council["report"]))
    assert list(_traces(charts["chart-unallocated_cases"])) == ["Sunderland", "Target (50)"]
    assert "England" in _traces(charts["chart-unallocated_cases-per-10k"])


def test_a_percentage_is_compared_as_it_is_with_its_tolerance_in_percentage_points(council):
    england = f.AuthorityFactory(code="england", kind="england")
    pct = f.IndicatorFactory(code="rereferral_seed", name="Re-referrals", unit="percent", polarity="lower")
    f.TargetFactory(indicator=pct, value=Decimal("18"), tolerance=Decimal("0.5"), effective_from=BASELINE)
    for authority, old, new in ((council["home"], "18.5", "18.1"), (england, "22", "22.4")):
        f.ObservationFactory(indicator=pct, authority=authority, period_end=BASELINE, value=old)
        f.ObservationFactory(indicator=pct, authority=authority, period_end=CURRENT, value=new)
    council["report"].indicators.add(pct)
    content = build_report(council["report"])

    row = {r["code"]: r for r in content["impact"]["rows"]}["rereferral_seed"]
    assert (row["old_text"], row["new_text"], row["change_text"]) == ("18.5%", "18.1%", "0.4 pp")
    status = {r["code"]: r for r in content["impact"]["indicators"]}["rereferral_seed"]
    assert (status["value_text"], status["target_text"], status["tolerance_text"]) == ("18.1%", "18%", "0.5 pp")
    assert status["why"] == "18.1% against a target of 18% (tolerance 0.5 pp): 0.1 pp worse than target"
    charts = _charts(content)
    assert "chart-rereferral_seed-per-10k" not in charts
    assert set(_traces(charts["chart-rereferral_seed"])) == {"Sunderland", "England", "Target (18%)"}
