import logging

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.auth import ThrottledAuthenticationForm
from core.middleware import current_request_id

log = logging.getLogger(__name__)


@login_not_required
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else "You do not have permission to do this."
    return render(request, "errors/403.html", {"message": message}, status=403)


@login_not_required
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", {"request_id": current_request_id()}, status=500)


class LoginView(auth_views.LoginView):
    """Django's sign-in, refusing further attempts for a while after repeated failures (core.auth)."""

    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True


@login_not_required
@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and the throughput baseline in `python -m bench`: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")
