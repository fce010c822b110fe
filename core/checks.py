"""Start-up checks that Django's own do not make.

With DEBUG off, every `{% static %}` tag is looked up in the manifest that `collectstatic` writes when it runs with
DEBUG off. A manifest that is missing (static files never collected, or collected while DEBUG was on) or stale
(a static file added or changed since) makes every page a server error, so the site refuses to start instead.
"""

import json
import os
from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig, apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.checks import Error, register

COLLECT = "DEBUG=0 python manage.py collectstatic --noinput"


def static_manifest_problem() -> str | None:
    """One line saying what is wrong with the static manifest and the command that mends it, or None.

    Only with DEBUG off and a manifest storage (WhiteNoise's CompressedManifestStaticFilesStorage in production)."""
    if settings.DEBUG or not isinstance(staticfiles_storage, ManifestFilesMixin):
        return None
    manifest = staticfiles_storage.path(staticfiles_storage.manifest_name)
    try:
        with open(manifest, encoding="utf-8") as handle:
            collected = json.load(handle).get("paths", {})
        collected_at = os.stat(manifest).st_mtime
    except (OSError, ValueError, AttributeError):
        return f"static files are not collected for DEBUG=0 (no readable {manifest}); run `{COLLECT}`."
    ignore = apps.get_app_config("staticfiles").ignore_patterns
    for finder in finders.get_finders():
        for path, storage in finder.list(ignore):
            # As collectstatic names it: a finder's storage may put its files under a prefix (plotly's "vendor").
            name = f"{storage.prefix}/{path}" if getattr(storage, "prefix", None) else path
            if name not in collected:
                return f"static files changed since they were collected ({name} is new); run `{COLLECT}`."
            if os.stat(storage.path(path)).st_mtime > collected_at:
                return f"static files changed since they were collected ({name}); run `{COLLECT}`."
    return None


# Its own tag, not Tags.staticfiles: `collectstatic` runs the staticfiles checks, and it is what mends this one.
@register("static_manifest")
def static_manifest_is_current(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[Error]:
    problem = static_manifest_problem()
    return [Error(problem, id="core.E001")] if problem else []
