"""What a page says after a write: the service's refusal (a ValidationError) as the reason it was not done, or the
success message. `attempt` is for writes with no form to show again (unlink, issue): the refusal becomes an error
message. `save_form` is for a form: the refusal becomes the form's error, for the page to show it again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

Success = str | Callable[[], str]


def _say(request: HttpRequest, success: Success) -> None:
    messages.success(request, success() if callable(success) else success)


def attempt(request: HttpRequest, write: Callable[[], object], success: Success) -> bool:
    """Call `write` (a service call); True when it was done. `success` may be a callable, for a message that
    depends on what the write did."""
    try:
        write()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    _say(request, success)
    return True


def save_form(
    request: HttpRequest, form: forms.Form, write: Callable[[dict[str, Any]], object], success: Success
) -> bool:
    """Validate `form` and `write` its cleaned data; True when it was done. Otherwise the form holds why not."""
    if not form.is_valid():
        return False
    try:
        write(form.cleaned_data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    _say(request, success)
    return True
