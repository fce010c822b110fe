"""Every free-text field has a maximum length, enforced in the model (full_clean: admin site, services, shell)
and in forms (refused with a message, nothing written), and shown beside the box."""

import importlib
import inspect
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse

from core import bounds
from improvement.models import ProgressUpdate
from tests import factories
from tests.improvement.plans.test_views import post_update

PROJECT_APPS = ("core", "inspections", "performance", "improvement")
ROOT = Path(__file__).resolve().parents[2]
# Every forms module of the project's apps, found by name, so a new one is checked too.
FORM_MODULES = sorted(
    ".".join(path.relative_to(ROOT).with_suffix("").parts)
    for app in PROJECT_APPS
    for path in (ROOT / app).rglob("*forms.py")
)


def text_fields():
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            # Change-history copies carry the live model's fields (limits included) and a change reason the
            # code writes, never a person.
            if model._meta.model_name.startswith("historical"):
                continue
            for field in model._meta.concrete_fields:
                if isinstance(field, models.TextField):
                    yield f"{model._meta.label}.{field.name}", field


@pytest.mark.parametrize(("name", "field"), list(text_fields()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_text_field_has_a_limit_the_model_enforces(name, field):
    assert field.max_length, f"{name} has no max_length"
    assert any(isinstance(v, MaxLengthValidator) and v.limit_value == field.max_length for v in field.validators), name


def form_text_fields():
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for _, form in inspect.getmembers(module, inspect.isclass):
            if issubclass(form, forms.BaseForm) and form.__module__ == module_name:
                for field_name, field in form.base_fields.items():
                    if type(field) is forms.CharField and not field.widget.is_hidden:
                        yield f"{form.__name__}.{field_name}", field


@pytest.mark.parametrize(("name", "field"), list(form_text_fields()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_form_text_field_has_a_limit(name, field):
    assert field.max_length, f"{name} takes text of any length"


def test_the_model_refuses_over_long_commentary_whatever_the_path(db):
    update = factories.ProgressUpdateFactory.build(
        action=factories.ActionFactory(), commentary="x" * (bounds.MEDIUM + 1)
    )
    with pytest.raises(ValidationError) as refused:
        update.full_clean()
    assert "at most 5000 characters" in str(refused.value.message_dict["commentary"])


@pytest.fixture
def owned_action(other_manager):
    return factories.ActionFactory(owner=other_manager)


def test_an_over_long_update_is_refused_with_a_message_and_nothing_written(other_manager_client, owned_action):
    before = ProgressUpdate.objects.count()
    response = post_update(other_manager_client, owned_action, commentary="x" * (bounds.MEDIUM + 1))
    assert response.status_code in (200, 400, 409)
    assert "Ensure this value has at most 5000 characters (it has 5001)." in response.content.decode()
    assert ProgressUpdate.objects.count() == before


def test_an_update_of_the_largest_size_is_accepted(other_manager_client, owned_action):
    response = post_update(other_manager_client, owned_action, commentary="x" * bounds.MEDIUM)
    assert response.status_code == 302
    assert ProgressUpdate.objects.get(action=owned_action).commentary == "x" * bounds.MEDIUM


def test_the_limit_is_shown_beside_the_box_and_set_on_it(other_manager_client, owned_action):
    page = other_manager_client.get(reverse("improvement:action_detail", args=[owned_action.pk])).content.decode()
    assert "Up to 5,000 characters." in page
    assert 'maxlength="5000"' in page


def test_report_narrative_shows_its_limit(admin_client):
    page = admin_client.get(reverse("improvement:report_create")).content.decode()
    assert "Up to 20,000 characters." in page
    assert 'maxlength="20000"' in page
