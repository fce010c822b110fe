"""improvement.access.action_permissions: what the action page offers each user, decided in the access module."""

import pytest

from improvement import access
from improvement.models import Action


@pytest.fixture
def awaiting(owned_action):
    owned_action.status = Action.Status.AWAITING_VERIFICATION
    owned_action.progress = 100
    owned_action.save()
    return owned_action


def test_lead_may_edit_verify_and_override_on_the_live_page(manager, awaiting):
    may = access.action_permissions(manager, awaiting, live=True)
    assert (may.edit, may.verify, may.override, may.awaiting_own_verification) == (True, True, True, False)


def test_owner_edits_but_never_verifies_their_own_action(other_manager, awaiting):
    may = access.action_permissions(other_manager, awaiting, live=True)
    assert (may.edit, may.verify, may.override, may.awaiting_own_verification) == (True, False, False, True)


def test_committee_member_is_offered_no_write(committee_member, awaiting):
    may = access.action_permissions(committee_member, awaiting, live=True)
    assert (may.edit, may.verify, may.override) == (False, False, False)


@pytest.mark.parametrize("who", ["admin_user", "manager", "other_manager"])
def test_an_as_at_page_offers_no_write_to_anyone(who, request, awaiting):
    may = access.action_permissions(request.getfixturevalue(who), awaiting, live=False)
    assert (may.edit, may.verify, may.override) == (False, False, False)


def test_nothing_to_verify_until_the_owner_marks_it_complete(manager, owned_action):
    assert not access.action_permissions(manager, owned_action, live=True).verify
