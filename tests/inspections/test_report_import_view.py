"""The Ofsted report upload page: admins only, preview with page numbers, corrections, duplicates, refusals."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections.models import Inspection
from tests.inspections.ofsted_pdf.conftest import DATA, REFUSE

pytestmark = pytest.mark.django_db
URL = reverse("inspections:report_import")
REPORT = DATA / "80573_trafford_08_may_2019.pdf"


def _upload(client, path):
    return client.post(URL, {"file": SimpleUploadedFile(path.name, path.read_bytes(), "application/pdf")})


def _as_posted(response) -> dict:
    """What the browser would send back from the preview form, unchanged."""
    preview = response.context["preview"]
    data = {}
    for form in (preview.header, preview.judgements.management_form, preview.recommendations.management_form,
                 preview.findings.management_form, *preview.judgements, *preview.recommendations,
                 *preview.findings):  # fmt: skip
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            data[field.html_name] = "on" if value is True else str(value)
    return data


@pytest.mark.parametrize("who", ["manager_client", "committee_client"])
def test_only_admins_may_import(who, request):
    client = request.getfixturevalue(who)
    assert client.get(URL).status_code == 403
    assert _upload(client, REPORT).status_code == 403


def test_preview_shows_what_was_read_beside_page_numbers(admin_client):
    response = _upload(admin_client, REPORT)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Trafford Metropolitan Borough Council" in page
    assert "Read from page 1." in page  # the council, dates and overall grade
    assert "page 2" in page  # the recommendations
    assert "does not print its publication date" in page  # the warning, not a guessed date
    assert Inspection.objects.count() == 0


def test_admin_corrects_a_grade_and_saves(admin_client):
    data = _as_posted(_upload(admin_client, REPORT))
    data["j-0-grade"] = "requires_improvement"
    data["h-published_date"] = "2019-05-08"
    response = admin_client.post(URL, data)
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response.url == inspection.get_absolute_url()
    assert inspection.judgements.get(order=0).grade == "requires_improvement"
    assert inspection.recommendations.count() == 6
    assert inspection.judgements.get(order=0).history.first().history_user.username == "test-admin"


def test_same_report_again_offers_an_update_not_a_duplicate(admin_client):
    admin_client.post(URL, _as_posted(_upload(admin_client, REPORT)))
    preview = _upload(admin_client, REPORT)
    assert preview.context["existing"] == Inspection.objects.get()
    data = _as_posted(preview)
    refused = admin_client.post(URL, data)
    assert refused.status_code == 400
    assert Inspection.objects.count() == 1
    data["h-update"] = "on"
    data["r-0-text"] = "Corrected text."
    assert admin_client.post(URL, data).status_code == 302
    assert Inspection.objects.count() == 1
    assert Inspection.objects.get().recommendations.get(number=1).text == "Corrected text."


@pytest.mark.parametrize("name", ["not_a_pdf.pdf", "encrypted.pdf", "scanned.pdf", "committee_report.pdf"])
def test_refused_files_say_why_and_write_nothing(admin_client, name):
    response = _upload(admin_client, REFUSE / name)
    assert response.status_code == 400
    assert response.context["upload"].errors["file"]
    assert Inspection.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("j-0-grade", "adequate", "does not use the grade"),  # not on the ILACS scale: the service refuses
        ("h-end_date", "2019-01-01", "cannot be before the start date"),
        ("r-2-text", "", "This field is required"),
    ],
)
def test_a_bad_correction_says_what_to_fix_and_writes_nothing(admin_client, field, value, message):
    data = _as_posted(_upload(admin_client, REPORT))
    data[field] = value
    response = admin_client.post(URL, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Inspection.objects.count() == 0


def test_upload_page_and_preview_use_a_fixed_number_of_queries(admin_client, django_assert_num_queries):
    with django_assert_num_queries(3):  # session, user, the user's groups (role)
        assert admin_client.get(URL).status_code == 200
    with django_assert_num_queries(4):  # session, user, groups, the same-inspection lookup
        assert _upload(admin_client, REPORT).status_code == 200
