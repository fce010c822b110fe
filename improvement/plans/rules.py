"""Delivery RAG (DESIGN.md "Rules"): an action's colour, a priority's or plan's roll-up, each with its reasons.

Each rule is one pure function of plain values that returns the colour **and** the facts that decided it, so the
"why is this red" sentences (`improvement.reports.why`) are written from those facts only and cannot drift from
the rule. Kept free of the ORM so that the same rules rate an action now, as it stood on a past date (from its
recorded history), and inside a frozen committee report.

    assess(state, as_at) -> Assessment(rag, computed_rag, reasons, override_reason)
    rollup(colours) -> Rollup(rag, counts, reasons)

"Not yet started" (before an action's or its plan's start) is one such branch: no colour, a `NotYetStarted`
reason, counted in no total. To add a rule, add a branch to `_computed` that returns
its colour with a new `Reason` subclass, and a sentence for it in `improvement.reports.why.reason_text`.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol

from django.db import models

from core.rag import RAG, rag_label

DUE_SOON_DAYS = 14
NOT_STARTED_GRACE_DAYS = 14
PROGRESS_SLIP_POINTS = 25
RED_SHARE_FOR_RED_ROLLUP = Fraction(1, 5)  # 20%, exact
NOT_YET_STARTED = "Not yet started"


class ActionStatus(models.TextChoices):
    """An action's status (`Action.Status`); here so that the rules need not import the model."""

    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    AWAITING_VERIFICATION = "awaiting_verification", "Awaiting verification"
    COMPLETE = "complete", "Complete"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The only test of "open" (and, with the due date, of "overdue"); `ActionQuerySet.open()` filters on the same set.
CLOSED_STATUSES = (ActionStatus.COMPLETE, ActionStatus.WITHDRAWN)


def is_open(status: str) -> bool:
    return status not in CLOSED_STATUSES


def days_overdue(status: str, due_date: datetime.date, as_at: datetime.date) -> int:
    """Days an open action is past its due date at the end of `as_at` (0 when not overdue or not open)."""
    return max(0, (as_at - due_date).days) if is_open(status) else 0


def is_overdue(status: str, due_date: datetime.date, as_at: datetime.date) -> bool:
    return days_overdue(status, due_date, as_at) > 0


class ActionFields(Protocol):
    """What an action and its state on a past date both carry: the fields the rules read."""

    @property
    def status(self) -> str: ...
    @property
    def progress(self) -> int: ...
    @property
    def start_date(self) -> datetime.date | None: ...
    @property
    def due_date(self) -> datetime.date: ...
    @property
    def rag_override(self) -> str: ...
    @property
    def rag_override_reason(self) -> str: ...


@dataclass(frozen=True)
class ActionState:
    """What the rules read of an action: its state now, or as it stood on a past date."""

    status: str
    progress: int
    start_date: datetime.date | None
    due_date: datetime.date
    rag_override: str = ""
    rag_override_reason: str = ""
    # The start of the action's plan: nothing in a plan is rated before the plan begins.
    plan_start: datetime.date | None = None

    @classmethod
    def of(cls, source: ActionFields, *, plan_start: datetime.date | None) -> ActionState:
        """The rules' view of an action (now) or of an `ActionAsAt` (on a past date)."""
        return cls(
            source.status,
            source.progress,
            source.start_date,
            source.due_date,
            source.rag_override,
            source.rag_override_reason,
            plan_start=plan_start,
        )

    @property
    def begins(self) -> datetime.date | None:
        """The first day the action exists for the board: its own start, or its plan's, whichever is later."""
        days = [day for day in (self.start_date, self.plan_start) if day is not None]
        return max(days) if days else None


def not_yet_started(state: ActionState, as_at: datetime.date) -> bool:
    """Before it begins an action is "not yet started": rated nothing and counted in no total."""
    return _begins_after(state, as_at) is not None


def _begins_after(state: ActionState, as_at: datetime.date) -> datetime.date | None:
    """The day the action begins, when that is after `as_at`; else None."""
    begins = state.begins
    return begins if begins is not None and as_at < begins else None


class Reason:
    """A fact that decided a colour. Subclasses carry the figures a sentence quotes."""


@dataclass(frozen=True)
class NotYetStarted(Reason):
    """Before its start (an action's own, or its plan's, whichever is later): no colour, counted in no total."""

    begins: datetime.date


@dataclass(frozen=True)
class Overdue(Reason):
    due_date: datetime.date
    days: int
    progress: int


@dataclass(frozen=True)
class NotStartedLate(Reason):
    start_date: datetime.date  # the later of the action's own start and its plan's
    days: int
    from_plan_start: bool = False  # True when `start_date` is the plan's start (later than the action's own)


@dataclass(frozen=True)
class DueSoon(Reason):
    due_date: datetime.date
    days: int
    progress: int


@dataclass(frozen=True)
class BehindSchedule(Reason):
    progress: int
    expected: Fraction  # points out of 100 of the start-to-due period elapsed
    slip_points: int


@dataclass(frozen=True)
class RedShare(Reason):
    red: int
    open_total: int
    threshold: Fraction  # the share of red open actions that makes a roll-up red


@dataclass(frozen=True)
class RedOrAmber(Reason):
    red: int
    amber: int
    open_total: int


@dataclass(frozen=True)
class Assessment:
    """An action's colour on a date.

    `rag` is the colour shown: the override where one is set, else the rules' colour (`computed_rag`); None for a
    withdrawn action, which is rated nowhere and never overridden, and None ("not yet started", with a
    `NotYetStarted` reason) before the action or its plan begins, when it counts in no total and is not
    overridden either. `reasons` say why the rules give `computed_rag`: there is at least one exactly when it is
    red or amber, or not yet started.
    """

    rag: str | None
    computed_rag: str | None
    reasons: tuple[Reason, ...]
    is_overridden: bool = False
    override_reason: str = ""

    @property
    def not_yet_started(self) -> bool:
        return any(isinstance(r, NotYetStarted) for r in self.reasons)

    @property
    def word(self) -> str:
        """The colour's word, or why there is none: "Not yet started" before the action or its plan begins."""
        return NOT_YET_STARTED if self.not_yet_started else rag_label(self.rag)


def assess(state: ActionState, as_at: datetime.date) -> Assessment:
    """The action's delivery colour at the end of `as_at`, with the reasons for it. The override wins (the only
    place it does), except on a withdrawn action, which has no colour to replace."""
    computed, reasons = _computed(state, as_at)
    if computed is None or not state.rag_override:
        return Assessment(computed, computed, reasons)
    return Assessment(state.rag_override, computed, reasons, True, state.rag_override_reason)


def _computed(state: ActionState, as_at: datetime.date) -> tuple[str | None, tuple[Reason, ...]]:
    if state.status == ActionStatus.WITHDRAWN:
        return None, ()
    if (begins := _begins_after(state, as_at)) is not None:
        return None, (NotYetStarted(begins),)
    if state.status == ActionStatus.COMPLETE:
        return RAG.BLUE, ()
    if late := days_overdue(state.status, state.due_date, as_at):
        return RAG.RED, (Overdue(state.due_date, late, state.progress),)
    # Counted from the day the action begins for the board (its own start or its plan's, whichever is later): an
    # action cannot be late to start before its plan exists.
    begins = state.begins
    if state.status == ActionStatus.NOT_STARTED and state.start_date is not None and begins is not None:
        waited = (as_at - begins).days
        if waited > NOT_STARTED_GRACE_DAYS:
            return RAG.RED, (NotStartedLate(begins, waited, begins != state.start_date),)
    left = (state.due_date - as_at).days
    if left <= DUE_SOON_DAYS:
        return RAG.AMBER, (DueSoon(state.due_date, left, state.progress),)
    expected = expected_progress(state, as_at)
    if expected - state.progress > PROGRESS_SLIP_POINTS:
        return RAG.AMBER, (BehindSchedule(state.progress, expected, PROGRESS_SLIP_POINTS),)
    return RAG.GREEN, ()


def computed_rag(state: ActionState, as_at: datetime.date) -> str | None:
    """The colour the rules give, ignoring any override; None for a withdrawn action and for one not yet
    started, which are rated nowhere and count in no total."""
    return _computed(state, as_at)[0]


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
    """A priority's or plan's colour with the counts by colour it follows from, and why it is red or amber."""

    rag: str | None
    counts: dict[str, int]
    reasons: tuple[Reason, ...] = ()

    @property
    def not_yet_started(self) -> bool:
        return any(isinstance(r, NotYetStarted) for r in self.reasons)

    @property
    def word(self) -> str:
        """The colour's word, or why there is none: "Not yet started" before the plan begins."""
        if self.not_yet_started:
            return NOT_YET_STARTED
        return rag_label(self.rag)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def open_total(self) -> int:
        return self.total - self.counts[RAG.BLUE]

    def count(self, colour: str) -> int:
        return self.counts[colour]


def rollup(
    colours: Iterable[str | None], *, begins: datetime.date | None = None, as_at: datetime.date | None = None
) -> Rollup:
    """Blue if every counted action is complete; Red if 20% or more of open actions are red; Amber if any open
    action is red or amber; Green otherwise. Withdrawn and not yet started actions (None) are not counted.
    Before `begins` (the plan's start) a plan or priority is not yet started: no colour and nothing counted."""
    return rollup_of_counts(Counter(c for c in colours if c is not None), begins=begins, as_at=as_at)


def rollup_of_counts(
    tally: Mapping[str, int], *, begins: datetime.date | None = None, as_at: datetime.date | None = None
) -> Rollup:
    """`rollup` from counts by colour (as a GROUP BY in the database gives them)."""
    colours: tuple[str, ...] = (RAG.RED, RAG.AMBER, RAG.GREEN, RAG.BLUE)
    if begins is not None and as_at is not None and as_at < begins:
        return Rollup(None, dict.fromkeys(colours, 0), (NotYetStarted(begins),))
    counts = {colour: tally.get(colour, 0) for colour in colours}
    total = sum(counts.values())
    red, amber = counts[RAG.RED], counts[RAG.AMBER]
    open_total = total - counts[RAG.BLUE]
    if total == 0:
        return Rollup(None, counts)
    if open_total == 0:
        return Rollup(RAG.BLUE, counts)
    if Fraction(red, open_total) >= RED_SHARE_FOR_RED_ROLLUP:
        return Rollup(RAG.RED, counts, (RedShare(red, open_total, RED_SHARE_FOR_RED_ROLLUP),))
    if red or amber:
        return Rollup(RAG.AMBER, counts, (RedOrAmber(red, amber, open_total),))
    return Rollup(RAG.GREEN, counts)
