"""Rows of the action pages: each action paired with its state as at the page's date."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from core.presentation import person_name
from core.rag import RAG_SEVERITY
from improvement.models import Action
from improvement.plans.selectors.states import ActionAsAt, action_states_as_at


@dataclass(frozen=True)
class ActionRow:
    action: Action
    state: ActionAsAt

    @property
    def pk(self) -> int:
        return int(self.action.pk)

    @property
    def owner_name(self) -> str:
        owner = self.action.owner
        return person_name(owner)

    @property
    def rag_rank(self) -> int:
        """Worst first when sorted ascending; withdrawn (no rating) last."""
        return RAG_SEVERITY.get(self.state.rag or "", len(RAG_SEVERITY))


def action_rows(actions: Iterable[Action], as_at: datetime.date | None) -> list[ActionRow]:
    """Loaded actions (with their priority and plan) paired with their state as at a date, for list pages (one
    query more for a past date)."""
    loaded = list(actions)
    states = action_states_as_at(loaded, as_at)
    return [ActionRow(action=a, state=states[a.pk]) for a in loaded]
