"""Request bodies larger than the largest legitimate one are refused by their declared length, before parsing,
on every URL and before sign-in; nothing of them reaches the temporary folder."""

import socket

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

from performance.forms import MAX_UPLOAD_BYTES
from tests import factories
from tests.improvement.plans.test_views import post_update

MB = 1024 * 1024


@pytest.fixture
def owned_action(other_manager):
    return factories.ActionFactory(owner=other_manager)


@pytest.fixture
def spooled(settings, tmp_path, monkeypatch):
    """Every upload Django spools to disk, and the temporary folder it would use."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    made = []
    original = TemporaryUploadedFile.__init__

    def spy(self, *args, **kwargs):
        made.append(args[0] if args else kwargs.get("name"))
        original(self, *args, **kwargs)

    monkeypatch.setattr(TemporaryUploadedFile, "__init__", spy)
    return made, tmp_path


def big_file(size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (size - 9), content_type="application/pdf")


def test_the_limit_admits_the_largest_legitimate_upload():
    assert max(settings.EVIDENCE_MAX_BYTES, MAX_UPLOAD_BYTES) + MB // 2 <= settings.REQUEST_BODY_MAX_BYTES


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/admin/login/", "/healthz", "/no/such/page/", "/actions/1/update/"]
)
def test_an_oversized_anonymous_post_is_refused_before_parsing_on_every_url(client, db, spooled, url):
    made, folder = spooled
    response = client.post(url, {"username": "x", "file": big_file(settings.REQUEST_BODY_MAX_BYTES + 1)})
    assert response.status_code == 413
    assert "the most this site accepts at once is 11 MB" in response.content.decode()
    assert response.wsgi_request.META["wsgi.input"].read_started is False  # not one byte of the body was read
    assert made == []
    assert list(folder.iterdir()) == []


def test_an_oversized_post_from_a_signed_in_manager_is_refused_too(other_manager_client, owned_action, spooled):
    made, folder = spooled
    response = post_update(other_manager_client, owned_action, evidence_file=big_file(12 * MB))
    assert response.status_code == 413
    assert made == [] and list(folder.iterdir()) == []


def test_a_ten_megabyte_evidence_file_still_passes_the_limit(other_manager_client, owned_action, spooled):
    """The measurement above can see a spooled file: this legitimate one is spooled (and then judged by the
    evidence rules, not by the size limit)."""
    made, _ = spooled
    response = post_update(other_manager_client, owned_action, evidence_file=big_file(settings.EVIDENCE_MAX_BYTES))
    assert response.status_code != 413
    assert made == ["big.pdf"]


def test_a_chunked_body_without_a_length_is_refused(client, db, spooled):
    made, _ = spooled
    response = client.post("/accounts/login/", {"username": "x"}, CONTENT_LENGTH="", HTTP_TRANSFER_ENCODING="chunked")
    assert response.status_code == 411
    assert made == []


def test_a_length_that_is_not_a_number_is_refused(client, db):
    assert client.post("/accounts/login/", {"username": "x"}, CONTENT_LENGTH="lots").status_code == 400


def test_a_server_answers_an_oversized_declared_body_without_waiting_for_it(live_server):
    """Through a real socket: 300 MB declared, a few bytes sent, and the answer comes at once."""
    host, port = live_server.thread.host, live_server.thread.port
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(
            b"POST /accounts/login/ HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 314572800\r\n\r\n--x\r\n"
        )
        answer = sock.recv(4096).decode("latin-1")
    assert answer.startswith("HTTP/1.1 413")
