"""Forms for the improvement pages. They validate input; the rules themselves are in `improvement.plans.services`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.validators import URLValidator
from django.http import QueryDict

from core import bounds
from core.rag import RAG
from improvement import access
from improvement.models import Action
from improvement.plans.evidence import ALLOWED_LABEL, CONTENT_TYPES, validate_evidence_file

if TYPE_CHECKING:
    from core.roles import AnyUser

RETURN_TO = [("mine", "My actions"), ("detail", "Action page")]


class ActionUpdateForm(forms.Form):
    """One progress update: status, progress, commentary and optional evidence, in one submission."""

    status = forms.ChoiceField(label="Status")
    progress = forms.IntegerField(
        label="Progress (%)",
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": "Progress must be between 0 and 100.",
            "max_value": "Progress must be between 0 and 100.",
            "invalid": "Enter progress as a whole number from 0 to 100.",
            "required": "Enter progress as a whole number from 0 to 100.",
        },
    )
    commentary = forms.CharField(
        label="What has happened since the last update",
        max_length=bounds.MEDIUM,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what has happened since the last update."},
    )
    evidence_file = forms.FileField(
        label="Evidence file (optional)",
        required=False,
        help_text=f"{ALLOWED_LABEL}. Needed, or a link, to mark the action complete.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{ext}" for ext in CONTENT_TYPES)}),
    )
    evidence_link = forms.URLField(
        label="Evidence link (optional)",
        required=False,
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        assume_scheme="https",
        error_messages={"invalid": "Enter a full web address starting with https://, or leave the link empty."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    return_to = forms.ChoiceField(choices=RETURN_TO, widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data: Any = None,
        files: Any = None,
        *,
        action: Action,
        user: AnyUser,
        initial: dict[str, Any] | None = None,
        **kwargs: Any,
    ):
        initial = {
            "status": Action.Status.COMPLETE if action.status == Action.Status.AWAITING_VERIFICATION else action.status,
            "progress": action.progress,
            "version": action.version,
            **(initial or {}),
        }
        kwargs.setdefault("prefix", f"action-{action.pk}")
        super().__init__(data, files, initial=initial, **kwargs)
        self.action = action
        choices = [
            (Action.Status.NOT_STARTED, "Not started"),
            (Action.Status.IN_PROGRESS, "In progress"),
            (Action.Status.COMPLETE, "Complete (needs evidence; then verified)"),
        ]
        if access.can_withdraw_action(user, action):
            choices.append((Action.Status.WITHDRAWN, "Withdrawn (counts in no total)"))
        cast(forms.ChoiceField, self.fields["status"]).choices = choices
        self.fields["evidence_file"].widget.attrs["aria-describedby"] = f"{self['evidence_file'].auto_id}_hint"

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            validate_evidence_file(upload)
        return upload or None

    def show_latest(self, action: Action) -> None:
        """After a refused save: keep what the user typed, but carry the version they have now been shown."""
        data = QueryDict(mutable=True)
        data.update(self.data)  # a copy, multiple values and all, whether the form was given a dict or a QueryDict
        data[self.add_prefix("version")] = str(action.version)
        self.data = data
        self.action = action


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="Why is it being returned, and what is still needed?",
        max_length=bounds.MEDIUM,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the action is being returned and what is still needed."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class VerifyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class OverrideForm(forms.Form):
    rag_override = forms.ChoiceField(
        label="Colour to show instead",
        choices=[("", "No override: use the computed colour"), *RAG.choices],
        required=False,
    )
    rag_override_reason = forms.CharField(
        label="Reason for the override",
        max_length=bounds.REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    # "An override needs a reason" is the model's rule (Action.clean, and a database constraint); the service's
    # full_clean reports it against the reason field.
    version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def for_action(cls, action: Action) -> OverrideForm:
        """The form showing the action's override as it stands."""
        return cls(
            initial={
                "rag_override": action.rag_override,
                "rag_override_reason": action.rag_override_reason,
                "version": action.version,
            }
        )


class AssessmentForm(forms.Form):
    rag = forms.ChoiceField(label="Your assessment", choices=RAG.choices)
    commentary = forms.CharField(
        label="Why: what is going well and what is not",
        max_length=bounds.MEDIUM,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Explain the assessment: what is going well and what is not."},
    )
