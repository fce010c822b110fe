"""Longest free text each kind of field accepts, enforced in the model (full_clean, so the admin site and every
service) and in forms (the form field's max_length, which also sets the box's maxlength and is shown as a hint).

A size nobody writes by hand: a 15 MB comment once made an action page 17 MB.
"""

from typing import Any

from django.core.validators import MaxLengthValidator

REASON = 1_000  # a reason for an override
SHORT = 2_000  # an action's description, a success measure
MEDIUM = 5_000  # an update's commentary, an assessment, a description, a finding or recommendation
LONG = 20_000  # a committee report's narrative section, an inspection's summary


def limit(max_length: int) -> dict[str, Any]:
    """Keyword arguments for a TextField: Django checks a TextField's max_length only in forms, so the model
    gets the validator too."""
    return {"max_length": max_length, "validators": [MaxLengthValidator(max_length)]}
