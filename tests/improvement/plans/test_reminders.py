"""send_reminders: one digest per owner, overdue and due within 14 days; a second run the same day sends nothing."""

import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from improvement.models import Action, ReminderLog
from tests import factories

DAY = datetime.date(2026, 11, 22)


@pytest.fixture
def owner_with_actions(db):
    owner = factories.ManagerFactory(email="owner@council.example")
    make = factories.ActionFactory
    make(owner=owner, reference="1.1", start_date=None, due_date=DAY - datetime.timedelta(days=3))
    make(owner=owner, reference="1.2", start_date=None, due_date=DAY + datetime.timedelta(days=14))
    make(owner=owner, reference="1.3", start_date=None, due_date=DAY + datetime.timedelta(days=15))
    make(
        owner=owner,
        reference="1.4",
        start_date=None,
        due_date=DAY - datetime.timedelta(days=9),
        status=Action.Status.COMPLETE,
    )
    return owner


def test_one_digest_per_owner_with_overdue_and_due_soon(owner_with_actions):
    factories.ActionFactory(start_date=None, due_date=DAY - datetime.timedelta(days=1))  # another owner
    call_command("send_reminders", "--date", DAY.isoformat())
    assert len(mail.outbox) == 2
    message = next(m for m in mail.outbox if m.to == ["owner@council.example"])
    assert message.subject == "Your improvement actions: 1 overdue and 1 due in the next 14 days"
    assert "1.1" in message.body and "1.2" in message.body
    assert "1.3" not in message.body and "1.4" not in message.body


def test_second_run_the_same_day_sends_nothing(owner_with_actions):
    call_command("send_reminders", "--date", DAY.isoformat())
    call_command("send_reminders", "--date", DAY.isoformat())
    assert len(mail.outbox) == 1
    assert ReminderLog.objects.get().overdue_count == 1


def test_next_day_sends_again(owner_with_actions):
    call_command("send_reminders", "--date", DAY.isoformat())
    call_command("send_reminders", "--date", (DAY + datetime.timedelta(days=1)).isoformat())
    assert len(mail.outbox) == 2


def test_failed_send_is_not_logged(owner_with_actions, settings):
    settings.EMAIL_BACKEND = "tests.improvement.plans.test_reminders.FailingBackend"
    with pytest.raises(OSError):
        call_command("send_reminders", "--date", DAY.isoformat())
    assert not ReminderLog.objects.exists()


def test_bad_date_is_a_clear_error(db):
    with pytest.raises(CommandError, match="use YYYY-MM-DD"):
        call_command("send_reminders", "--date", "22/11/2026")


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("mail server unreachable")
