"""The audit trail in the log: every recorded change and every sign-in event, with who and when.

The history tables (simple_history) hold the before and after of each change; these log lines are what an
operator greps and what a log shipper keeps after the database is restored from a backup. Values are not
logged: children's data stays in the database.
"""

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from simple_history.signals import post_create_historical_record

from core.auth import client_address

audit = logging.getLogger("core.audit")

_CHANGE_WORDS = {"+": "created", "~": "changed", "-": "deleted"}


def _who(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "system"
    return f"{user.get_username()} (id {user.pk})"


@receiver(post_create_historical_record, dispatch_uid="core.audit.history")
def log_change(sender, instance, history_instance, **kwargs):
    audit.info(
        "change: %s %s id=%s by %s at %s",
        instance._meta.label,
        _CHANGE_WORDS.get(history_instance.history_type, history_instance.history_type),
        instance.pk,
        _who(history_instance.history_user),
        history_instance.history_date.isoformat(),
    )


@receiver(post_save, sender="improvement.ProgressUpdate", dispatch_uid="core.audit.progress_update")
def log_progress_update(sender, instance, created, raw=False, **kwargs):
    """Progress updates have no history table (they are the history); their creation is still a change."""
    if raw or not created:
        return
    audit.info(
        "change: %s created id=%s by %s at %s",
        sender._meta.label,
        instance.pk,
        _who(instance.author),
        instance.created_at.isoformat(),
    )


@receiver(user_login_failed, dispatch_uid="core.audit.login_failed")
def log_failed_login(sender, credentials, request=None, **kwargs):
    audit.warning(
        "login failed: username=%r address=%s at %s",
        credentials.get("username", ""),
        client_address(request),
        timezone.now().isoformat(),
    )


@receiver(user_logged_in, dispatch_uid="core.audit.logged_in")
def log_login(sender, request, user, **kwargs):
    audit.info("login: %s address=%s at %s", _who(user), client_address(request), timezone.now().isoformat())


@receiver(user_logged_out, dispatch_uid="core.audit.logged_out")
def log_logout(sender, request, user, **kwargs):
    audit.info("logout: %s at %s", _who(user), timezone.now().isoformat())
