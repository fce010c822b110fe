from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from django.contrib import admin

        from core import checks, signals  # noqa: F401  (registers the start-up checks, connects the audit log)
        from core.auth import ThrottledAdminAuthenticationForm

        # The admin site has its own sign-in form; without this it would be a way round the throttle.
        admin.site.login_form = ThrottledAdminAuthenticationForm
