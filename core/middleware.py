"""Request-wide guards: a bound on request bodies, and a request id in every log line."""

import contextvars
import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

log = logging.getLogger(__name__)
_request_id = contextvars.ContextVar("request_id", default="-")


def current_request_id() -> str:
    return _request_id.get()


class RequestBodyLimitMiddleware:
    """Refuse a request whose body is larger than the largest legitimate one (settings.REQUEST_BODY_MAX_BYTES), by
    its declared Content-Length, before anything reads it: Django would otherwise spool a large multipart body to
    the temporary folder while parsing it for the CSRF check, for any URL and before sign-in.

    A body sent without a Content-Length (chunked transfer encoding) is refused too: Django under WSGI would
    read nothing of it, so no legitimate form here is sent that way, and refusing it says so instead of losing it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = request.META.get("CONTENT_LENGTH") or ""
        if not declared and request.META.get("HTTP_TRANSFER_ENCODING"):
            return self._refuse(411, "Length required", "The request was sent without its length; send it again.")
        try:
            length = int(declared or 0)
        except ValueError:
            length = -1
        if length < 0:
            return self._refuse(400, "Bad request", "The request's Content-Length is not a number of bytes.")
        limit = settings.REQUEST_BODY_MAX_BYTES
        if length > limit:
            log.warning("request body refused: %d bytes declared, limit %d, path %s", length, limit, request.path)
            return self._refuse(
                413,
                "File too large",
                f"What was sent is {length / 1024 / 1024:.1f} MB; the most this site accepts at once is "
                f"{limit // 1024 // 1024} MB (a 10 MB file with its form). Send a smaller file.",
            )
        return self.get_response(request)

    @staticmethod
    def _refuse(status: int, title: str, message: str) -> HttpResponse:
        html = render_to_string("errors/refused.html", {"title": title, "message": message})
        response = HttpResponse(html, status=status)
        response["X-Content-Type-Options"] = "nosniff"
        return response


class RequestIdMiddleware:
    """Gives each request an id, read by log lines (RequestIdLogFilter), the 500 page and the X-Request-ID header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex[:12]
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True
