from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from django.contrib import admin
        from django.db.models.signals import post_migrate, pre_migrate

        from core import checks, signals  # noqa: F401  (registers the start-up checks, connects the audit log)
        from core.auth import ThrottledAdminAuthenticationForm

        # The admin site has its own sign-in form; without this it would be a way round the throttle.
        admin.site.login_form = ThrottledAdminAuthenticationForm
        # The data version's triggers (core.versions): dropped before every migrate, which may alter or remove what
        # they name, and created again after it on every watched table as it then is.
        pre_migrate.connect(_remove_version_triggers, sender=self, dispatch_uid="core.versions.remove")
        post_migrate.connect(_install_version_triggers, sender=self, dispatch_uid="core.versions.install")


def _remove_version_triggers(sender, using="default", **kwargs):
    from core.versions import remove_triggers

    remove_triggers(using)


def _install_version_triggers(sender, using="default", **kwargs):
    from core.versions import install_triggers

    install_triggers(using)
