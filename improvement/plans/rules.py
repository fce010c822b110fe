"""Delivery RAG rules (DESIGN.md "Rules"), as pure functions of an action's state and a date.

Kept free of the ORM so that the same rules rate an action now, as it stood on a past date (from its recorded
history), and inside a frozen committee report.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from core.rag import RAG

DUE_SOON_DAYS = 14
NOT_STARTED_GRACE_DAYS = 14
PROGRESS_SLIP_POINTS = 25
RED_SHARE_FOR_RED_ROLLUP = Fraction(1, 5)  # 20%, exact


@dataclass(frozen=True)
class ActionState:
    status: str
    progress: int
    start_date: datetime.date | None
    due_date: datetime.date


def computed_rag(state: ActionState, as_at: datetime.date) -> str | None:
    """The colour the rules give; None for a withdrawn action, which is rated nowhere."""
    from improvement.models import Action  # the status vocabulary lives with the model

    if state.status == Action.Status.WITHDRAWN:
        return None
    if state.status == Action.Status.COMPLETE:
        return RAG.BLUE
    if as_at > state.due_date:
        return RAG.RED
    if (
        state.status == Action.Status.NOT_STARTED
        and state.start_date is not None
        and (as_at - state.start_date).days > NOT_STARTED_GRACE_DAYS
    ):
        return RAG.RED
    if (state.due_date - as_at).days <= DUE_SOON_DAYS:
        return RAG.AMBER
    if expected_progress(state, as_at) - state.progress > PROGRESS_SLIP_POINTS:
        return RAG.AMBER
    return RAG.GREEN


def expected_progress(state: ActionState, as_at: datetime.date) -> Fraction:
    """The share of the start-to-due period elapsed at `as_at`, as points out of 100.

    Exact (a Fraction, not a float): "more than 25 points behind" must not tip over on a rounding error such as
    7 / 100 * 100 == 7.000000000000001."""
    if state.start_date is None or state.due_date <= state.start_date:
        return Fraction(0)
    elapsed = (as_at - state.start_date).days
    total = (state.due_date - state.start_date).days
    return max(Fraction(0), min(Fraction(100), Fraction(elapsed * 100, total)))


@dataclass(frozen=True)
class Rollup:
    """A priority's or plan's colour with the counts by colour it follows from."""

    rag: str | None
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def open_total(self) -> int:
        return self.total - self.counts[RAG.BLUE]

    def count(self, colour: str) -> int:
        return self.counts[colour]


def rollup(colours: Iterable[str | None]) -> Rollup:
    """Blue if every counted action is complete; Red if 20% or more of open actions are red; Amber if any open
    action is red or amber; Green otherwise. Withdrawn actions (None) are not counted."""
    return rollup_of_counts(Counter(c for c in colours if c is not None))


def rollup_of_counts(tally: Mapping[str, int]) -> Rollup:
    """`rollup` from counts by colour (as a GROUP BY in the database gives them)."""
    counts = {colour: tally.get(colour, 0) for colour in (RAG.RED, RAG.AMBER, RAG.GREEN, RAG.BLUE)}
    total = sum(counts.values())
    open_total = total - counts[RAG.BLUE]
    if total == 0:
        colour = None
    elif open_total == 0:
        colour = RAG.BLUE
    elif Fraction(counts[RAG.RED], open_total) >= RED_SHARE_FOR_RED_ROLLUP:
        colour = RAG.RED
    elif counts[RAG.RED] or counts[RAG.AMBER]:
        colour = RAG.AMBER
    else:
        colour = RAG.GREEN
    return Rollup(colour, counts)
