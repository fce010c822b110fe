"""A request id on every request, in every log line, and on the error page shown to the user."""

import contextvars
import logging
import uuid

from django.core.exceptions import PermissionDenied

from core.roles import is_admin, is_manager

_request_id = contextvars.ContextVar("request_id", default="-")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = uuid.uuid4().hex[:12]
        token = _request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record):
        record.request_id = current_request_id()
        return True


class ReadOnlyRoleMiddleware:
    """Committee members, and signed-in users with no role yet, read and never write: every POST, PUT, PATCH or
    DELETE from them is refused with 403 here, in one place, whatever the view would do with it. Signing in and
    out stay open to everyone."""

    OPEN_TO_ALL = {"login", "logout"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE") or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and not match.namespace and match.url_name in self.OPEN_TO_ALL:
            return None
        if is_admin(request.user) or is_manager(request.user):
            return None
        raise PermissionDenied("Your role can read pages but not change anything.")
