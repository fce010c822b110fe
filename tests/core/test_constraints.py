"""Every named rule on the domain models, proved twice: `full_clean()` rejects it with a message that says what is
wrong, and the database itself refuses the row (so a bulk write that skips validation cannot break it either).
Nothing is saved in either case."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from improvement.models import Action, Committee, CommitteeReport, Plan, Priority, ProgressUpdate
from inspections.models import Framework, Grade, Inspection, Judgement, Recommendation
from performance.models import Authority, Indicator, Observation, Target
from tests import factories

D = datetime.date


def _indicator_duplicate_code():
    existing = factories.IndicatorFactory(code="unallocated_cases")
    return Indicator(code=existing.code, name="Another", unit=Indicator.Unit.COUNT, polarity="lower")


def _derived_indicator_without_factor():
    numerator = factories.IndicatorFactory()
    return Indicator(
        code="derived_without_factor", name="Derived", unit="percent", polarity="higher", numerator=numerator
    )


def _second_home_council():
    factories.AuthorityFactory(code="home", kind=Authority.Kind.COUNCIL)
    return Authority(name="Another council", code="another", kind=Authority.Kind.COUNCIL)


def _authority_duplicate_code():
    factories.AuthorityFactory(code="england", name="England", kind=Authority.Kind.ENGLAND)
    return Authority(name="England again", code="england", kind=Authority.Kind.ENGLAND)


def _second_observation_for_period():
    first = factories.ObservationFactory(period_end=D(2015, 5, 31), value=1003)
    return Observation(indicator=first.indicator, authority=first.authority, period_end=D(2015, 5, 31), value=129)


def _observation_neither_value_nor_reason():
    return Observation(
        indicator=factories.IndicatorFactory(), authority=factories.AuthorityFactory(), period_end=D(2015, 5, 31)
    )


def _observation_value_and_reason():
    return Observation(
        indicator=factories.IndicatorFactory(),
        authority=factories.AuthorityFactory(),
        period_end=D(2015, 5, 31),
        value=Decimal(4),
        missing_reason=Observation.MissingReason.SUPPRESSED,
    )


def _second_target_same_date():
    first = factories.TargetFactory(effective_from=D(2015, 4, 1))
    return Target(indicator=first.indicator, value=Decimal(10), effective_from=D(2015, 4, 1))


def _negative_tolerance():
    return Target(
        indicator=factories.IndicatorFactory(), value=Decimal(10), tolerance=Decimal(-1), effective_from=D(2015, 4, 1)
    )


def _inspection_ending_before_start():
    return Inspection(
        kind=Inspection.Kind.OFSTED_SIF,
        title="Backwards inspection",
        body="Ofsted",
        framework=Framework.SIF,
        start_date=D(2015, 6, 4),
        end_date=D(2015, 5, 11),
    )


def _recommendation_duplicate_number():
    first = factories.RecommendationFactory(number=3)
    return Recommendation(inspection=first.inspection, addressee=first.addressee, number=3, text="Same number")


def _committee_duplicate_name():
    factories.CommitteeFactory(name="Scrutiny committee")
    return Committee(name="Scrutiny committee")


def _plan_ending_before_start():
    return Plan(name="Backwards plan", kind=Plan.Kind.IMPROVEMENT, start_date=D(2016, 1, 1), end_date=D(2015, 12, 31))


def _priority_duplicate_number():
    first = factories.PriorityFactory(number=1)
    return Priority(plan=first.plan, number=1, title="Same number")


def _action(**overrides):
    fields = {
        "priority": factories.PriorityFactory(),
        "reference": "1.1",
        "description": "Reduce unallocated cases",
        "start_date": D(2015, 6, 1),
        "due_date": D(2015, 9, 1),
        "progress": 50,
        "status": Action.Status.IN_PROGRESS,
    }
    return Action(**{**fields, **overrides})


def _action_duplicate_reference():
    first = factories.ActionFactory(reference="3.2")
    return _action(priority=first.priority, reference="3.2")


def _update(progress):
    action = factories.ActionFactory()
    return ProgressUpdate(action=action, author=action.owner, status=action.status, progress=progress)


def _report(**overrides):
    fields = {
        "committee": factories.CommitteeFactory(),
        "meeting_date": D(2015, 9, 25),
        "title": "Progress of improvement activity",
        "baseline_date": D(2015, 5, 19),
        "current_date": D(2015, 9, 1),
    }
    return CommitteeReport(**{**fields, **overrides})


CASES = [
    pytest.param(_indicator_duplicate_code, "indicator codes must be unique", id="indicator-code-unique"),
    pytest.param(_derived_indicator_without_factor, "A derived indicator needs a factor", id="derived-needs-factor"),
    pytest.param(_second_home_council, "already an authority marked as this council", id="one-home-council"),
    pytest.param(_authority_duplicate_code, "Authority with this Code already exists", id="authority-code-unique"),
    pytest.param(
        _second_observation_for_period, "already a figure for this indicator, authority and date", id="one-observation"
    ),
    pytest.param(_observation_neither_value_nor_reason, "either a value or a reason", id="observation-no-value"),
    pytest.param(_observation_value_and_reason, "either a value or a reason", id="observation-value-and-reason"),
    pytest.param(_second_target_same_date, "already has a target from that date", id="one-target-per-date"),
    pytest.param(_negative_tolerance, "A tolerance cannot be negative", id="target-tolerance"),
    pytest.param(_inspection_ending_before_start, "end date cannot be before the start date", id="inspection-dates"),
    pytest.param(
        _recommendation_duplicate_number, "already has a recommendation with that number", id="recommendation-number"
    ),
    pytest.param(_committee_duplicate_name, "Committee with this Name already exists", id="committee-name-unique"),
    pytest.param(_plan_ending_before_start, "end date cannot be before its start date", id="plan-dates"),
    pytest.param(_priority_duplicate_number, "already has a priority with that number", id="priority-number"),
    pytest.param(lambda: _action(progress=101), "Progress must be between 0 and 100", id="action-progress-over-100"),
    pytest.param(
        lambda: _action(start_date=D(2015, 9, 2)), "due date cannot be before the start date", id="action-due-dates"
    ),
    pytest.param(
        lambda: _action(rag_override="green"), "Give a reason for overriding", id="action-override-needs-reason"
    ),
    pytest.param(_action_duplicate_reference, "already has an action with that reference", id="action-reference"),
    pytest.param(lambda: _update(101), "Progress must be between 0 and 100", id="update-progress-over-100"),
    pytest.param(
        lambda: _report(current_date=D(2015, 5, 1)), "current date cannot be before the baseline", id="report-dates"
    ),
    pytest.param(
        lambda: _report(
            status=CommitteeReport.Status.ISSUED, issued_at=datetime.datetime(2015, 9, 20, tzinfo=datetime.UTC)
        ),
        "issued report must have its frozen snapshot",
        id="issued-report-needs-snapshot",
    ),
]


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


@pytest.mark.django_db
@pytest.mark.parametrize(("build", "message"), CASES)
def test_full_clean_rejects_with_clear_message(build, message):
    instance = build()
    model = type(instance)
    before = model.objects.count()

    with pytest.raises(ValidationError) as caught:
        instance.full_clean()

    assert message in _messages(caught.value)
    assert model.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize(("build", "message"), CASES)
def test_database_refuses_row_that_skips_validation(build, message):
    instance = build()
    model = type(instance)
    before = model.objects.count()

    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()

    assert model.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("progress", "field", "message"),
    [(-1, "progress", "greater than or equal to 0"), (101, "__all__", "Progress must be between 0 and 100")],
)
def test_progress_outside_0_to_100_never_saved(progress, field, message):
    """Below 0 the field's own validator answers first (Django then skips the constraint on that field); above 100
    the constraint does. The database refuses both."""
    action = _action(progress=progress)
    with pytest.raises(ValidationError) as caught:
        action.full_clean()
    assert message in " ".join(caught.value.message_dict[field])
    with pytest.raises(IntegrityError), transaction.atomic():
        action.save()
    assert not Action.objects.filter(description="Reduce unallocated cases").exists()


@pytest.mark.django_db
def test_action_within_rules_is_accepted():
    """The rules above refuse only what they name: a well-formed action with an explained override passes."""
    action = _action(rag_override="amber", rag_override_reason="Partner agency staffing gap, escalated to the board")
    action.full_clean()
    action.save()
    assert Action.objects.filter(pk=action.pk, rag_override="amber").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("framework", "grade", "kind"),
    [
        pytest.param(Framework.SIF, Grade.ADEQUATE, Inspection.Kind.OFSTED_SIF, id="adequate-under-sif"),
        pytest.param(Framework.ILACS, Grade.ADEQUATE, Inspection.Kind.OFSTED_ILACS, id="adequate-under-ilacs"),
        pytest.param(
            Framework.SLAC,
            Grade.REQUIRES_IMPROVEMENT,
            Inspection.Kind.OFSTED_SLAC,
            id="requires-improvement-under-slac",
        ),
    ],
)
def test_judgement_grade_must_belong_to_the_inspection_framework(framework, grade, kind):
    inspection = factories.InspectionFactory(framework=framework, kind=kind, overall_grade="")
    judgement = Judgement(inspection=inspection, service_area="Safeguarding", area_name="Leadership", grade=grade)

    with pytest.raises(ValidationError) as caught:
        judgement.full_clean()

    assert f"does not use the grade “{Grade(grade).label}”" in _messages(caught.value)
    assert "grade" in caught.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("framework", "grade"),
    [(Framework.SLAC, Grade.ADEQUATE), (Framework.SIF, Grade.REQUIRES_IMPROVEMENT), (Framework.ILACS, Grade.GOOD)],
)
def test_judgement_grade_on_the_framework_scale_is_accepted(framework, grade):
    inspection = factories.InspectionFactory(framework=framework, overall_grade="")
    judgement = Judgement(inspection=inspection, service_area="Safeguarding", area_name="Leadership", grade=grade)
    judgement.full_clean()


@pytest.mark.django_db
def test_self_assessment_grade_follows_the_same_scale():
    inspection = factories.InspectionFactory(framework=Framework.SIF)
    judgement = Judgement(
        inspection=inspection,
        service_area="Safeguarding",
        area_name="Leadership",
        grade=Grade.INADEQUATE,
        self_assessment_grade=Grade.ADEQUATE,
    )
    with pytest.raises(ValidationError) as caught:
        judgement.full_clean()
    assert "self_assessment_grade" in caught.value.message_dict


@pytest.mark.django_db
def test_overall_grade_follows_the_framework_scale():
    inspection = _inspection_ending_before_start()
    inspection.end_date = D(2015, 6, 30)
    inspection.overall_grade = Grade.ADEQUATE
    with pytest.raises(ValidationError) as caught:
        inspection.full_clean()
    assert "overall_grade" in caught.value.message_dict
