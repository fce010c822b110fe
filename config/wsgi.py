import os
import sys

import django
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup(set_prefix=False)

# gunicorn runs no system checks: refuse to start, in one line, rather than answer every page with a server error.
from core.checks import static_manifest_problem  # noqa: E402  (needs the apps loaded above)

if problem := static_manifest_problem():
    sys.stderr.write(f"Start-up error: {problem}\n")
    raise SystemExit(2)

application = get_wsgi_application()
