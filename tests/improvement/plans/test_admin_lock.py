"""The admin site is a write path to actions too: a save from a page read before someone else's change is
refused, as in the app."""

import pytest
from django.test import Client
from django.urls import reverse

from improvement.plans import services
from tests import factories as f


@pytest.fixture
def superuser(admin_user):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client = Client()
    client.force_login(admin_user)
    return client


def _post_data(action, **overrides):
    data = {
        "priority": action.priority_id,
        "reference": action.reference,
        "description": action.description,
        "due_date": action.due_date.isoformat(),
        "status": action.status,
        "progress": action.progress,
        "expected_version": action.version,
        "updates-TOTAL_FORMS": 0,
        "updates-INITIAL_FORMS": 0,
        "updates-MIN_NUM_FORMS": 0,
        "updates-MAX_NUM_FORMS": 1000,
    }
    return {**data, **overrides}


def test_admin_save_from_a_fresh_page_is_kept_and_moves_the_version(superuser, db):
    action = f.ActionFactory(progress=10)
    url = reverse("admin:improvement_action_change", args=[action.pk])
    assert f'name="expected_version" value="{action.version}"' in superuser.get(url).content.decode()
    response = superuser.post(url, _post_data(action, progress=30))
    assert response.status_code == 302, response.content.decode()[:2000]
    action.refresh_from_db()
    assert action.progress == 30 and action.version == 2


def test_stale_admin_save_is_refused(superuser, manager, db):
    action = f.ActionFactory(progress=10, owner=manager)
    url = reverse("admin:improvement_action_change", args=[action.pk])
    stale = _post_data(action, progress=90)
    services.action_update(
        action=action, user=manager, status="in_progress", progress=50, commentary="Done half", expected_version=1
    )
    response = superuser.post(url, stale)
    assert response.status_code == 200
    assert "Someone else changed this action" in response.content.decode()
    action.refresh_from_db()
    assert action.progress == 50


def test_an_older_app_form_cannot_overwrite_an_admin_save(superuser, manager, db):
    action = f.ActionFactory(progress=10, owner=manager)
    superuser.post(reverse("admin:improvement_action_change", args=[action.pk]), _post_data(action, progress=70))
    with pytest.raises(services.ActionChanged):
        services.action_update(
            action=action, user=manager, status="in_progress", progress=20, commentary="Old", expected_version=1
        )
    action.refresh_from_db()
    assert action.progress == 70
