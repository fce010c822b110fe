"""Factories for every domain model: one place, used by every test module."""

import datetime

import factory
from django.contrib.auth.models import Group, User

from core.roles import Role
from improvement.models import Action, Committee, CommitteeReport, Plan, Priority, PriorityAssessment, ProgressUpdate
from inspections.models import Finding, Framework, Grade, Inspection, Judgement, Recommendation
from performance.models import Authority, Indicator, Observation, Target

TODAY = datetime.date(2026, 11, 22)


def _join(user, create, group_name):
    if create and group_name:
        user.groups.add(Group.objects.get(name=group_name))


def _role(default):
    return factory.PostGeneration(lambda user, create, extracted, **kw: _join(user, create, extracted or default))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@council.example")
    password = factory.django.Password("a-long-test-password")

    role = factory.PostGeneration(lambda user, create, extracted, **kw: _join(user, create, extracted))


class AdminFactory(UserFactory):
    role = _role(Role.ADMIN)
    is_staff = True


class ManagerFactory(UserFactory):
    role = _role(Role.MANAGER)


class CommitteeMemberFactory(UserFactory):
    role = _role(Role.COMMITTEE)


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    kind = Inspection.Kind.OFSTED_SIF
    title = factory.Sequence(lambda n: f"Inspection of children's services {n}")
    body = "Ofsted"
    framework = Framework.SIF
    start_date = datetime.date(2015, 5, 11)
    end_date = datetime.date(2015, 6, 4)
    published_date = datetime.date(2015, 7, 20)
    overall_grade = Grade.INADEQUATE


class JudgementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Judgement

    inspection = factory.SubFactory(InspectionFactory)
    service_area = "Safeguarding"
    area_name = factory.Sequence(lambda n: f"Judgement area {n}")
    grade = Grade.INADEQUATE


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    inspection = factory.SubFactory(InspectionFactory)
    kind = Finding.Kind.STRENGTH
    text = factory.Sequence(lambda n: f"Finding {n}")


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    inspection = factory.SubFactory(InspectionFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Ensure that recommendation {n} is met")
    timescale = Recommendation.Timescale.WITHIN_3_MONTHS


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Committee {n}")
    kind = Committee.Kind.IMPROVEMENT_BOARD


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    name = factory.Sequence(lambda n: f"Improvement plan {n}")
    kind = Plan.Kind.IMPROVEMENT
    owner = factory.SubFactory(AdminFactory)
    board = factory.SubFactory(CommitteeFactory)
    start_date = datetime.date(2014, 1, 1)
    status = Plan.Status.ACTIVE


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Priority {n}")
    lead = factory.SubFactory(ManagerFactory)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    priority = factory.SubFactory(PriorityFactory)
    reference = factory.Sequence(lambda n: f"A{n}")
    description = factory.Sequence(lambda n: f"Deliver improvement action {n}")
    owner = factory.SubFactory(ManagerFactory)
    start_date = datetime.date(2026, 10, 1)
    due_date = datetime.date(2027, 3, 31)
    status = Action.Status.IN_PROGRESS
    progress = 30


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    author = factory.LazyAttribute(lambda u: u.action.owner)
    status = factory.LazyAttribute(lambda u: u.action.status)
    progress = factory.LazyAttribute(lambda u: u.action.progress)
    commentary = "Work is under way."


class PriorityAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityAssessment

    priority = factory.SubFactory(PriorityFactory)
    rag = "amber"
    commentary = "Progress is slower than planned."
    assessed_by = factory.LazyAttribute(lambda a: a.priority.lead)


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority
        django_get_or_create = ("code",)

    name = "Sunderland"
    code = "sunderland"
    kind = Authority.Kind.COUNCIL
    child_population = 54500


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"indicator_{n}")
    name = factory.Sequence(lambda n: f"Indicator {n}")
    unit = Indicator.Unit.COUNT
    polarity = Indicator.Polarity.LOWER_IS_BETTER
    frequency = Indicator.Frequency.MONTHLY
    category = "Front door"


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    value = 0
    effective_from = datetime.date(2015, 1, 1)


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    indicator = factory.SubFactory(IndicatorFactory)
    authority = factory.SubFactory(AuthorityFactory)
    period_end = datetime.date(2015, 5, 31)
    value = 100


class CommitteeReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeReport

    committee = factory.SubFactory(CommitteeFactory)
    meeting_date = datetime.date(2015, 9, 25)
    title = "Progress of improvement activity"
    author = factory.SubFactory(AdminFactory)
    baseline_date = datetime.date(2015, 5, 19)
    current_date = datetime.date(2015, 9, 1)
