"""`manage.py seed_scale --factor N`: a large council for benchmarks and load tests.

At factor 1: 10 plans, 100 priorities, 2,000 actions, 20,000 progress updates, 60 indicators with 120 monthly
figures for 4 authorities (28,800 observations), 200 users; factor N multiplies every one of those counts. Rows
are written with bulk_create, so factor 10 takes a minute or two, not hours.

Additive, not idempotent: each run adds a new batch whose names, codes and usernames carry a batch number
("scale1-...", "scale2-..."), next to whatever the database already holds. The four authorities are shared: the
database's own council and comparators are reused when they exist. Each plan, priority, action, indicator and
report gets one "created" history row, as if entered once (bulk_create bypasses simple_history); progress updates
are the actions' history. Every user's password is --password (default the demo password), hashed once.
"""

from __future__ import annotations

import datetime
import random
import time
from decimal import Decimal
from itertools import cycle

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.core.management import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from core.rag import RAG
from core.roles import Role
from improvement.models import Action, Committee, CommitteeReport, Plan, Priority, ProgressUpdate
from improvement.plans import intervals
from inspections.models import Framework, Grade, Inspection, Recommendation
from performance.models import Authority, Indicator, Observation, Target

PLANS = 10
PRIORITIES_PER_PLAN = 10
ACTIONS_PER_PRIORITY = 20
UPDATES_PER_ACTION = 10
INDICATORS = 60
MONTHS = 120
USERS = 200
REPORTS_PER_PLAN = 1
INDICATORS_PER_REPORT = 12
BATCH = 5000

# The four series every indicator has: the council and three comparators (DOMAIN.md section 3).
AUTHORITIES = [
    (Authority.Kind.COUNCIL, "scale-council", "Scaleshire", 60000),
    (Authority.Kind.ENGLAND, "england", "England", 12000000),
    (Authority.Kind.STATISTICAL_NEIGHBOURS, "statistical-neighbours", "Statistical neighbours", None),
    (Authority.Kind.REGION, "region", "Region", None),
]
UNITS = [
    (Indicator.Unit.PERCENT, Decimal("70"), Decimal("20")),
    (Indicator.Unit.COUNT, Decimal("400"), Decimal("150")),
    (Indicator.Unit.RATE_PER_10K, Decimal("50"), Decimal("15")),
    (Indicator.Unit.NUMBER, Decimal("16"), Decimal("5")),
    (Indicator.Unit.DAYS, Decimal("30"), Decimal("10")),
]
POLARITIES = [Indicator.Polarity.HIGHER_IS_BETTER, Indicator.Polarity.LOWER_IS_BETTER, Indicator.Polarity.CONTEXT]
CATEGORIES = ["Front door", "Assessment", "Child protection", "Children looked after", "Care leavers", "Workforce"]
STATUSES = [
    (Action.Status.NOT_STARTED, 0),
    (Action.Status.IN_PROGRESS, None),
    (Action.Status.IN_PROGRESS, None),
    (Action.Status.IN_PROGRESS, None),
    (Action.Status.COMPLETE, 100),
    (Action.Status.WITHDRAWN, None),
]


def month_ends(last: datetime.date, count: int) -> list[datetime.date]:
    """The last `count` month ends up to and including `last` (itself a month end), oldest first."""
    ends = []
    day = last
    for _ in range(count):
        ends.append(day)
        day = day.replace(day=1) - datetime.timedelta(days=1)
    return ends[::-1]


class Command(BaseCommand):
    help = "Add a large synthetic council (factor 1: 2,000 actions, 28,800 observations, 200 users) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=int, default=1, help="Multiplies every count (default 1).")
        parser.add_argument("--seed", type=int, default=2015, help="Random seed, for repeatable data.")
        parser.add_argument("--password", default="demo-password", help="Every generated user's password.")

    def handle(self, *args, factor=1, seed=2015, password="demo-password", **options):
        if factor < 1:
            raise CommandError("--factor must be 1 or more.")
        self.random = random.Random(seed)
        self.today = timezone.localdate()
        started = time.monotonic()
        with transaction.atomic():
            self.batch = self._next_batch()
            counts = self._seed(factor, password)
        took = time.monotonic() - started
        summary = ", ".join(f"{n:,} {label}" for label, n in counts.items())
        self.stdout.write(f"Batch scale{self.batch} at factor {factor} in {took:.1f}s: {summary}.")

    def _next_batch(self) -> int:
        taken = User.objects.filter(username__regex=r"^scale[0-9]+-").values_list("username", flat=True)
        return max((int(name[5 : name.index("-")]) for name in taken), default=0) + 1

    def _seed(self, factor: int, password: str) -> dict[str, int]:
        users = self._users(USERS * factor, password)
        managers = [user for user, role in users if role == Role.MANAGER]
        admins = [user for user, role in users if role == Role.ADMIN]
        authorities = self._authorities()
        indicators = self._indicators(INDICATORS * factor)
        observations = self._observations(indicators, authorities)
        committees = self._committees()
        inspections, recommendations = self._inspections(PLANS * factor)
        plans = self._plans(PLANS * factor, admins, committees, inspections)
        priorities = self._priorities(plans, managers)
        actions = self._actions(priorities, managers, recommendations, indicators)
        updates = self._updates(actions)
        reports = self._reports(plans, indicators, admins)
        for model, objs in ((Plan, plans), (Priority, priorities), (Action, actions), (Indicator, indicators)):
            model.history.bulk_history_create(objs, batch_size=BATCH)
        # bulk_create bypasses save(), which keeps each action's stored colour intervals: compute them here.
        intervals.refresh([a.pk for a in actions])
        CommitteeReport.history.bulk_history_create(reports, batch_size=BATCH)
        return {
            "users": len(users),
            "plans": len(plans),
            "priorities": len(priorities),
            "actions": len(actions),
            "progress updates": updates,
            "indicators": len(indicators),
            "observations": observations,
            "committee reports": len(reports),
        }

    def _users(self, count: int, password: str) -> list[tuple[User, str]]:
        """The new users, each with its role."""
        hashed = make_password(password)
        groups = {g.name: g for g in Group.objects.filter(name__in=Role.ALL)}
        roles = cycle([Role.ADMIN] + [Role.MANAGER] * 12 + [Role.COMMITTEE] * 7)  # 5% admins, 60% managers
        users: list[tuple[User, str]] = []
        for n in range(1, count + 1):
            role = next(roles)
            user = User(
                username=f"scale{self.batch}-user{n:05d}",
                first_name=f"User{n}",
                last_name=f"Scale{self.batch}",
                email=f"scale{self.batch}-user{n}@council.example",
                password=hashed,
                is_staff=role == Role.ADMIN,
            )
            users.append((user, role))
        User.objects.bulk_create([user for user, _role in users], batch_size=BATCH)
        Membership = User.groups.through
        Membership.objects.bulk_create(
            [Membership(user_id=user.pk, group_id=groups[role].pk) for user, role in users], batch_size=BATCH
        )
        return users

    def _authorities(self) -> list[Authority]:
        found: list[Authority] = []
        for kind, code, name, population in AUTHORITIES:
            authority = Authority.objects.filter(kind=kind).order_by("pk").first()
            if authority is None:
                authority = Authority.objects.create(
                    kind=kind, code=code, name=name, child_population=population, order=len(found)
                )
            found.append(authority)
        return found

    def _indicators(self, count: int) -> list[Indicator]:
        indicators = []
        for n in range(count):
            unit, _, _ = UNITS[n % len(UNITS)]
            indicators.append(
                Indicator(
                    code=f"scale{self.batch}-{n + 1:05d}",
                    name=f"Scale indicator {n + 1} (batch {self.batch})",
                    definition="Synthetic indicator for benchmarks.",
                    unit=unit,
                    polarity=POLARITIES[n % len(POLARITIES)],
                    category=CATEGORIES[n % len(CATEGORIES)],
                    source="local",
                    default_tolerance=Decimal("2"),
                    is_key=n % 10 == 0,
                    order=100 + n,
                )
            )
        Indicator.objects.bulk_create(indicators, batch_size=BATCH)
        targets = [
            Target(indicator=indicator, value=UNITS[n % len(UNITS)][1], effective_from=datetime.date(2015, 4, 1))
            for n, indicator in enumerate(indicators)
            if indicator.polarity != Indicator.Polarity.CONTEXT
        ]
        Target.objects.bulk_create(targets, batch_size=BATCH)
        return indicators

    def _observations(self, indicators: list[Indicator], authorities: list[Authority]) -> int:
        last_month_end = self.today.replace(day=1) - datetime.timedelta(days=1)
        periods = month_ends(last_month_end, MONTHS)
        written = 0
        rows: list[Observation] = []
        for n, indicator in enumerate(indicators):
            _, centre, spread = UNITS[n % len(UNITS)]
            for authority in authorities:
                level = float(centre) + self.random.uniform(-1, 1) * float(spread) / 2
                for period in periods:
                    level += self.random.uniform(-1, 1) * float(spread) / 10
                    value = max(0.0, level)
                    if indicator.unit == Indicator.Unit.PERCENT:
                        value = min(100.0, value)
                    rows.append(
                        Observation(
                            indicator=indicator,
                            authority=authority,
                            period_end=period,
                            value=Decimal(f"{value:.1f}"),
                        )
                    )
                if len(rows) >= BATCH:
                    Observation.objects.bulk_create(rows, batch_size=BATCH)
                    written += len(rows)
                    rows = []
        Observation.objects.bulk_create(rows, batch_size=BATCH)
        return written + len(rows)

    def _committees(self) -> list[Committee]:
        committees = []
        for kind, label in Committee.Kind.choices:
            committee, _ = Committee.objects.get_or_create(name=f"{label} (scale)", defaults={"kind": kind})
            committees.append(committee)
        return committees

    def _inspections(self, count: int) -> tuple[list[Inspection], list[Recommendation]]:
        inspections = [
            Inspection(
                kind=Inspection.Kind.OFSTED_ILACS,
                title=f"Inspection of children's services (scale{self.batch} {n + 1})",
                body="Ofsted",
                framework=Framework.ILACS,
                start_date=datetime.date(2023, 1, 9),
                end_date=datetime.date(2023, 1, 20),
                published_date=datetime.date(2023, 3, 1),
                overall_grade=Grade.INADEQUATE,
            )
            for n in range(count)
        ]
        Inspection.objects.bulk_create(inspections, batch_size=BATCH)
        recommendations = [
            Recommendation(
                inspection=inspection,
                number=number,
                text=f"Improve the timeliness and quality of practice, area {number}.",
                timescale=Recommendation.Timescale.WITHIN_6_MONTHS,
            )
            for inspection in inspections
            for number in range(1, 11)
        ]
        Recommendation.objects.bulk_create(recommendations, batch_size=BATCH)
        return inspections, recommendations

    def _plans(self, count, admins, committees, inspections) -> list[Plan]:
        plans = [
            Plan(
                name=f"Improvement plan {n + 1} (scale{self.batch})",
                kind=Plan.Kind.IMPROVEMENT if n % 3 else Plan.Kind.HUNDRED_DAY,
                description="Synthetic plan for benchmarks.",
                owner=admins[n % len(admins)],
                board=committees[n % len(committees)],
                start_date=self.today - datetime.timedelta(days=365),
                end_date=self.today + datetime.timedelta(days=365),
                status=Plan.Status.ACTIVE,
            )
            for n in range(count)
        ]
        Plan.objects.bulk_create(plans, batch_size=BATCH)
        Link = Plan.inspections.through
        Link.objects.bulk_create(
            [Link(plan_id=p.pk, inspection_id=i.pk) for p, i in zip(plans, inspections, strict=True)],
            batch_size=BATCH,
        )
        return plans

    def _priorities(self, plans, managers) -> list[Priority]:
        priorities = [
            Priority(
                plan=plan,
                number=number,
                title=f"Priority {number} of {plan.name}",
                lead=managers[(p * PRIORITIES_PER_PLAN + number) % len(managers)],
                description="Synthetic priority.",
            )
            for p, plan in enumerate(plans)
            for number in range(1, PRIORITIES_PER_PLAN + 1)
        ]
        Priority.objects.bulk_create(priorities, batch_size=BATCH)
        return priorities

    def _actions(self, priorities, managers, recommendations, indicators) -> list[Action]:
        actions = []
        for p, priority in enumerate(priorities):
            for number in range(1, ACTIONS_PER_PRIORITY + 1):
                status, progress = self.random.choice(STATUSES)
                start = self.today + datetime.timedelta(days=self.random.randint(-300, 30))
                due = start + datetime.timedelta(days=self.random.randint(30, 360))
                if progress is None:
                    progress = self.random.randrange(0, 100, 5)
                override = RAG.RED if number % 50 == 0 and status == Action.Status.IN_PROGRESS else ""
                actions.append(
                    Action(
                        priority=priority,
                        reference=f"{priority.number}.{number}",
                        description=f"Action {priority.number}.{number}: deliver part of {priority.title}.",
                        owner=managers[(p * ACTIONS_PER_PRIORITY + number) % len(managers)],
                        start_date=start,
                        due_date=due,
                        completed_date=min(due, self.today) if status == Action.Status.COMPLETE else None,
                        status=status,
                        progress=progress,
                        rag_override=override,
                        rag_override_reason="Escalated by the board." if override else "",
                        success_measure="The linked indicator meets its target.",
                    )
                )
        Action.objects.bulk_create(actions, batch_size=BATCH)
        RecommendationLink = Action.recommendations.through
        IndicatorLink = Action.indicators.through
        RecommendationLink.objects.bulk_create(
            [
                RecommendationLink(action_id=a.pk, recommendation_id=recommendations[n % len(recommendations)].pk)
                for n, a in enumerate(actions)
            ],
            batch_size=BATCH,
        )
        IndicatorLink.objects.bulk_create(
            [
                IndicatorLink(action_id=a.pk, indicator_id=indicators[n % len(indicators)].pk)
                for n, a in enumerate(actions)
            ],
            batch_size=BATCH,
        )
        return actions

    def _updates(self, actions) -> int:
        now = timezone.now()
        written = 0
        rows: list[ProgressUpdate] = []
        for action in actions:
            for n in range(UPDATES_PER_ACTION):
                last = n == UPDATES_PER_ACTION - 1
                progress = action.progress if last else action.progress * n // UPDATES_PER_ACTION
                rows.append(
                    ProgressUpdate(
                        action=action,
                        author_id=action.owner_id,
                        created_at=now - datetime.timedelta(days=30 * (UPDATES_PER_ACTION - n)),
                        status=action.status if last else Action.Status.IN_PROGRESS,
                        progress=progress,
                        rag=self.random.choice([RAG.GREEN, RAG.AMBER, RAG.RED]),
                        commentary=f"Update {n + 1}: work continues; {progress}% done.",
                    )
                )
            if len(rows) >= BATCH:
                ProgressUpdate.objects.bulk_create(rows, batch_size=BATCH)
                written += len(rows)
                rows = []
        ProgressUpdate.objects.bulk_create(rows, batch_size=BATCH)
        return written + len(rows)

    def _reports(self, plans, indicators, admins) -> list[CommitteeReport]:
        reports = [
            CommitteeReport(
                committee=plan.board,
                meeting_date=self.today + datetime.timedelta(days=14),
                title=f"Progress of {plan.name}",
                author=admins[n % len(admins)],
                baseline_date=self.today - datetime.timedelta(days=90),
                current_date=self.today,
                purpose="To update the committee on progress.",
                background="Synthetic report for benchmarks.",
            )
            for n, plan in enumerate(plans)
            for _ in range(REPORTS_PER_PLAN)
        ]
        CommitteeReport.objects.bulk_create(reports, batch_size=BATCH)
        PlanLink = CommitteeReport.plans.through
        IndicatorLink = CommitteeReport.indicators.through
        PlanLink.objects.bulk_create(
            [PlanLink(committeereport_id=r.pk, plan_id=p.pk) for r, p in zip(reports, plans, strict=True)]
        )
        IndicatorLink.objects.bulk_create(
            [
                IndicatorLink(committeereport_id=r.pk, indicator_id=indicators[(n + k) % len(indicators)].pk)
                for n, r in enumerate(reports)
                for k in range(INDICATORS_PER_REPORT)
            ],
            batch_size=BATCH,
        )
        return reports
