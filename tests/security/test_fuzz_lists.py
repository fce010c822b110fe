"""Every page a role can read, fed hypothesis-generated query parameters (the page's own filter fields and the
shared ones: rows per page, page, sort, as-at date, export): never a server error, and a bad shared parameter
gets a 400 page saying what to change."""

import re
from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.params import PAGE_SIZES
from tests.security.test_access_matrix import ADMIN, EXPECTED, Runner, routes_with_rules, url_for
from tests.security.test_fuzz_forms import NASTY

SHARED = ["per_page", "page", "sort", "as_at", "_export", "export"]
VALUE = st.one_of(
    st.sampled_from([*NASTY, "1000000", "-5", "0", "last", "200", "25", "0001-06-30", "01/01/0001", "1899-12-31"]),
    st.text(max_size=40),
    st.integers(-(10**7), 10**9).map(str),
    st.dates().map(str),
)
READABLE = [r for r in routes_with_rules() if EXPECTED[r.name].get.get(ADMIN) == 200 and not EXPECTED[r.name].public]


def parameters_offered(response) -> list[str]:
    """Names of the fields in the page's GET forms (filters, dates, choices)."""
    if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
        return []
    html = response.content.decode()
    names = []
    for form in re.findall(r"<form\b(?![^>]*method=\"post\")[^>]*>(.*?)</form>", html, flags=re.S | re.I):
        names += re.findall(r"<(?:input|select|textarea)\b[^>]*\bname=\"([^\"]+)\"", form)
    return sorted(set(names) - {"csrfmiddlewaretoken"})


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@pytest.mark.parametrize("route", READABLE, ids=lambda r: r.name)
@given(data=st.data())
def test_page_never_errors_whatever_its_query(world, route, data):
    runner = Runner(world, ADMIN)
    url = url_for(route, EXPECTED[route.name].kwargs(world))
    names = SHARED + parameters_offered(runner.client.get(url))
    chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=4, unique=True), label="parameters")
    query = urlencode({name: data.draw(VALUE, label=name) for name in chosen})
    response, _ = runner.send("get", f"{url}?{query}")
    assert not runner.problems, runner.problems
    assert response.status_code in (200, 302, 400, 404), f"{url}?{query}: {response.status_code}"


# `as_at` is read by core.asat alone, which shows today with a message (tests/core/test_asat.py).
BAD_SHARED = {"per_page": "-1", "page": "-1"}


@pytest.mark.parametrize("route", READABLE, ids=lambda r: r.name)
def test_every_page_refuses_each_bad_shared_parameter_with_a_message(world, route):
    """Found by hand before the fuzzing above: per_page=-1 was a server error on three lists. Each is now a 400
    page on every page, whether or not the page reads the parameter."""
    runner = Runner(world, ADMIN)
    url = url_for(route, EXPECTED[route.name].kwargs(world))
    for name, value in BAD_SHARED.items():
        response, _ = runner.send("get", f"{url}?{name}={value}")
        assert response.status_code == 400, f"{url}?{name}={value}: {response.status_code}"
    assert not runner.problems, runner.problems


@pytest.mark.parametrize("value", ["-1", "0", "1000000", "abc", "1e3", ""])
def test_rows_per_page_outside_the_fixed_set_is_refused_with_a_message(admin_client, value):
    response = admin_client.get(f"/actions/?per_page={value}&status=open")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Rows per page (per_page) must be 25, 50, 100 or 200." in page
    assert 'href="/actions/?status=open"' in page


@pytest.mark.parametrize("size", PAGE_SIZES)
def test_rows_per_page_from_the_fixed_set_is_used(admin_client, size):
    assert admin_client.get(f"/actions/?per_page={size}").status_code == 200


@pytest.mark.parametrize(
    "url",
    ["/actions/?due_from=01/01/0001", "/actions/?due_from=2150-01-01", "/actions/?due_from=1989-12-31"],
)
def test_a_date_outside_the_range_is_refused_with_a_message(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 400
    assert "must be between 1 January 1990 and 31 December 2099" in response.content.decode()


@pytest.mark.parametrize("value", ["0", "-3", "x", "1000001", "²", "٣"])  # found by the fuzzing: "²".isdigit()
def test_a_bad_page_number_is_refused_with_a_message(admin_client, value):
    response = admin_client.get(f"/inspections/?page={value}")
    assert response.status_code == 400
    assert "The page number (page) must be a whole number" in response.content.decode()


def test_the_check_comes_before_sign_in_so_nothing_is_leaked(db):
    response = Client().get("/actions/?per_page=-1")
    assert response.status_code == 400
    assert "matrix" not in response.content.decode()
