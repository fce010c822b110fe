"""`load_demo` is safe to run every day: it loads only into an empty database, refuses with DEBUG off, and
replaces data only on an explicit, confirmed `--reset`."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from improvement.models import Action, CommitteeReport, Plan, ProgressUpdate
from improvement.plans import services as action_services
from improvement.reports import services as report_services
from performance.importer import import_file
from performance.models import Observation
from tests.demo.test_demo import state_of_database


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


def month_end(day: datetime.date, months_back: int) -> datetime.date:
    first = day.replace(day=1)
    for _ in range(months_back):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return first - datetime.timedelta(days=1)


@pytest.mark.django_db
def test_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to run with DEBUG off"):
        call_command("load_demo")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_loads_into_an_empty_database_with_one_line(debug_on, capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert out.startswith("Demo council loaded as at ") and "67 actions" in out


def test_skips_a_database_that_holds_data_and_says_so(demo, debug_on, capsys):
    before = state_of_database()
    call_command("load_demo", today=(demo.today + datetime.timedelta(days=40)).isoformat())
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert out.startswith("Demo not loaded: the database already holds data (")
    assert "make demo-reset" in out
    assert state_of_database() == before


@pytest.mark.django_db
def test_a_database_with_only_one_user_counts_as_in_use(debug_on, capsys):
    User.objects.create_user("clerk", password="not-the-demo-one-9876")
    call_command("load_demo")
    assert "1 users" in capsys.readouterr().out
    assert list(User.objects.values_list("username", flat=True)) == ["clerk"]


def test_reset_asks_and_a_no_changes_nothing(demo, debug_on, monkeypatch):
    Plan.objects.filter(name="Learning and Improvement Plan").update(name="Our own plan")
    before = state_of_database()
    questions = []
    monkeypatch.setattr("builtins.input", lambda prompt: questions.append(prompt) or "no")
    with pytest.raises(CommandError, match="Reset cancelled"):
        call_command("load_demo", reset=True)
    assert len(questions) == 1 and "Type 'yes'" in questions[0] and "plans" in questions[0]
    assert state_of_database() == before


def test_reset_with_no_one_to_answer_changes_nothing(demo, debug_on, monkeypatch):
    before = state_of_database()

    def closed_stdin(prompt):
        raise EOFError

    monkeypatch.setattr("builtins.input", closed_stdin)
    with pytest.raises(CommandError, match="Reset cancelled"):
        call_command("load_demo", reset=True)
    assert state_of_database() == before


def test_reset_with_noinput_replaces_the_data_with_the_demo(demo, debug_on, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: pytest.fail("--noinput must not ask"))
    Plan.objects.filter(name="Learning and Improvement Plan").update(name="Our own plan")
    User.objects.create_user("clerk", password="not-the-demo-one-9876")
    call_command("load_demo", reset=True, interactive=False)
    assert not Plan.objects.filter(name="Our own plan").exists()
    assert Plan.objects.filter(name="Learning and Improvement Plan").exists()
    assert not User.objects.filter(username="clerk").exists()
    assert Action.objects.count() == 67


def test_the_make_run_start_up_sequence_on_another_day_keeps_the_users_work(demo, debug_on):
    """Figures imported, an action updated and verified, a report issued: the next day's `make run` keeps them."""
    admin = User.objects.get(username="admin")
    day = month_end(demo.today, 2)
    result = import_file(
        f"indicator,period_end,value\nopen_cases,{day.isoformat()},4321\n".encode(), "f.csv", user=admin
    )
    assert result.created + result.updated == 1

    action = Action.objects.filter(status=Action.Status.IN_PROGRESS).select_related("owner").first()
    action_services.action_update(
        action=action,
        user=action.owner,
        status=Action.Status.COMPLETE,
        progress=100,
        commentary="Done; see the signed-off procedure.",
        evidence_link="https://intranet.example/procedure",
        expected_version=action.version,
    )
    action.refresh_from_db()
    action_services.action_verify(action=action, user=admin)
    draft = CommitteeReport.objects.filter(status=CommitteeReport.Status.DRAFT).first()
    report_services.report_issue(report=draft, user=admin)
    before = state_of_database()

    later = demo.today + datetime.timedelta(days=35)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", today=later.isoformat())

    assert state_of_database() == before
    assert (
        Observation.objects.get(indicator__code="open_cases", period_end=day, authority__code="sunderland").value
        == 4321
    )
    action.refresh_from_db()
    assert action.status == Action.Status.COMPLETE and action.verified_by == admin
    assert action.updates.filter(kind=ProgressUpdate.Kind.VERIFIED).exists()
    draft.refresh_from_db()
    assert draft.status == CommitteeReport.Status.ISSUED
    assert timezone.localdate(draft.issued_at) == timezone.localdate()
