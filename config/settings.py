"""Settings, read from the environment (see README "Configuration").

Every value a deployment changes comes from an environment variable; a bad value stops start-up with one line
that says what to set, rather than a traceback.
"""

import ipaddress
import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONCE

BASE_DIR = Path(__file__).resolve().parent.parent


def _fail(message: str):
    sys.stderr.write(f"Configuration error: {message}\n")
    raise SystemExit(2)


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    return _fail(f"{name}={raw!r} is not a boolean; set {name} to 1 or 0.")


DEBUG = _env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        _fail("DEBUG is off but SECRET_KEY is not set; set SECRET_KEY to a long random string.")
    SECRET_KEY = "development-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]


def _networks(name: str) -> list:
    found = []
    for item in (part.strip() for part in os.environ.get(name, "").split(",")):
        if not item:
            continue
        try:
            found.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            _fail(f"{name} has {item!r}, which is not an IP address or network; use e.g. 10.0.0.5,10.1.0.0/24.")
    return found


# Proxies whose X-Forwarded-For is believed (core.auth.client_address); from anyone else the header is ignored.
TRUSTED_PROXIES = _networks("TRUSTED_PROXIES")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "django_htmx",
    "simple_history",
    "core",
    "inspections",
    "performance",
    "improvement",
    "demo",
]

MIDDLEWARE = [
    # First: an oversized body is refused before anything reads (and spools to disk) a byte of it.
    "core.middleware.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "core.access.AccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.params.QueryParameterMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "core.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Database: SQLite file in the project unless DATABASE_URL says otherwise.
_default_db_url = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or _default_db_url)}
except Exception as exc:  # dj_database_url raises several types for a bad URL
    # Its messages run on with a list of every backend it knows; the first sentence says what was wrong.
    _reason = str(exc).split(". ")[0].rstrip(".")
    _fail(
        "DATABASE_URL could not be parsed; set it to sqlite:///path/to/file.sqlite3 "
        f"or postgres://user:password@host:5432/name ({_reason})."
    )
if DATABASES["default"]["ENGINE"] not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
    # Cached pages are keyed by a data version that database triggers keep (core/versions.py): written for these two.
    _fail(
        f"DATABASE_URL names {DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, which is not supported; "
        "set it to sqlite:///path/to/file.sqlite3 or postgres://user:password@host:5432/name."
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue behind one another (IMMEDIATE takes the write lock at BEGIN, WAL lets readers carry on,
    # the timeout makes a waiting writer wait rather than fail), so "database is locked" never reaches a user.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    # Each worker keeps its connection a while: opening one (with the PRAGMAs above) took some 1.5 ms, half of
    # a cached dashboard's time through gunicorn.
    DATABASES["default"]["CONN_MAX_AGE"] = 60
else:
    # dj_database_url always sets CONN_MAX_AGE (to 0), so it is set here rather than defaulted.
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and sessions live in the database, so several app servers share them. Rendered pages are cached in each
# process under the data version (core.versions): a version is the same on every server, and a new release (new
# templates) starts empty. A dashboard is about 100 KB: at most some 20 MB per process.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "cache_table",
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 200},
    },
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 60 * 60 * 8  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    # Evidence files are private: never under STATIC_ROOT or a public MEDIA_URL; served by a view that checks access.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ.get("EVIDENCE_ROOT", str(BASE_DIR / "var" / "evidence"))},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
# The largest legitimate request: a 10 MB evidence file or figures import, with the form's other fields and the
# multipart framing. Anything larger is refused by its Content-Length before it is read (the proxy's
# client_max_body_size in the README matches).
REQUEST_BODY_MAX_BYTES = 11 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# Report PDFs are printed by headless Chromium (about 200 MB and a core each): at most this many at once across the
# site, each stopped after PDF_RENDER_TIMEOUT seconds, well inside gunicorn's --timeout 60 (README, Deployment).
try:
    PDF_RENDERS_AT_ONCE = int(os.environ.get("PDF_RENDERS_AT_ONCE") or 2)
except ValueError:
    PDF_RENDERS_AT_ONCE = 0
if PDF_RENDERS_AT_ONCE < 1:
    _fail("PDF_RENDERS_AT_ONCE must be a whole number of 1 or more: how many report PDFs may be printed at once.")
PDF_RENDER_TIMEOUT = 40

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "improvement-tracker@localhost")
# SMTP, for EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend (reminders to action owners).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
try:
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT") or 25)
except ValueError:
    _fail(f"EMAIL_PORT={os.environ['EMAIL_PORT']!r} is not a number; set EMAIL_PORT to the SMTP port, e.g. 587.")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)

DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "data-table"}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Content-Security-Policy: no inline script anywhere; scripts come from this site only, and charts are drawn
# by a static script from JSON data islands. Plotly sets inline styles on the elements it draws.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # NONCE adds a per-response nonce only on pages that use one; the literal "'nonce'" is not a valid source.
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if not DEBUG:
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "core.staticfinders.PlotlyFinder",
]
