"""A small plan for the improvement page tests: one plan, one priority led by `manager`, actions owned by them."""

import datetime

import pytest

from tests import factories

AS_AT = datetime.date(2026, 11, 22)


@pytest.fixture
def priority(manager):
    return factories.PriorityFactory(lead=manager, plan__name="Children's services improvement plan")


@pytest.fixture
def owned_action(priority, other_manager):
    """Owned by `other_manager`, in a priority `manager` leads: overdue on AS_AT."""
    return factories.ActionFactory(
        priority=priority,
        owner=other_manager,
        reference="1.1",
        description="Audit every unallocated case weekly",
        start_date=datetime.date(2026, 6, 1),
        due_date=datetime.date(2026, 10, 31),
    )
