from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from django.contrib import admin

        from core import signals  # noqa: F401  (connects the audit-log receivers)
        from core.auth import ThrottledAdminAuthenticationForm

        # The admin site has its own sign-in form; without this it would be a way round the throttle.
        admin.site.login_form = ThrottledAdminAuthenticationForm
