import pytest

from performance.catalogue import sync_catalogue
from performance.models import Indicator


@pytest.fixture(autouse=True)
def _indicator_catalogue(request):
    """The shipped catalogue, as the data migration left it. A test that empties the database (browser, live server)
    removes it too, and pytest-xdist may run such a test earlier in the same process: put it back (one query when
    it is there)."""
    if "db" in request.fixturenames:
        request.getfixturevalue("db")
        sync_catalogue(Indicator, only_missing=True)
