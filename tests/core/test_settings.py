"""Settings come from the environment; a bad value stops start-up with one line saying what to set.

Each case runs `manage.py` in a fresh process, as a deployment would start it, so the settings module is read
from scratch with exactly the environment given.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Variables that would change what the settings read; each test sets only what it means to.
SETTINGS_VARIABLES = ("DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "EVIDENCE_ROOT")


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES and not k.startswith(("DJANGO_", "EMAIL_"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def database_settings(**env: str) -> dict:
    printed = manage(
        "shell",
        "-c",
        "import json; from django.conf import settings; print(json.dumps(settings.DATABASES['default']))",
        **env,
    )
    assert printed.returncode == 0, printed.stderr
    return json.loads(printed.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "url",
    ["not a url", "nonsense://host/db", "postgres://user:pw@host:notaport/db"],
)
def test_unparsable_database_url_stops_with_one_line_naming_it(url):
    result = manage("check", DATABASE_URL=url)

    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Configuration error: DATABASE_URL")
    assert "set it to sqlite:///" in lines[0]
    assert "postgres://" in lines[0]


@pytest.mark.parametrize("url", ["mysql://user:pw@host:3306/db", "oracle://user:pw@host:1521/db"])
def test_a_database_other_than_sqlite_or_postgresql_stops_with_one_line_naming_it(url):
    """The data version's triggers (core/versions.py) exist for SQLite and PostgreSQL only: refused at start-up,
    not at the first `migrate`."""
    result = manage("check", DATABASE_URL=url)

    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Configuration error: DATABASE_URL names ")
    assert "not supported" in lines[0] and "postgres://" in lines[0]


def test_debug_off_without_secret_key_stops_with_one_line_naming_it():
    result = manage("check", DEBUG="0")

    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "SECRET_KEY" in lines[0]
    assert "set SECRET_KEY" in lines[0]


def test_unreadable_debug_value_stops_with_one_line_naming_it():
    result = manage("check", DEBUG="maybe")

    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Configuration error: DEBUG='maybe' is not a boolean; set DEBUG to 1 or 0."
    ]


def test_debug_off_with_secret_key_starts(tmp_path):
    production = {
        "DEBUG": "0",
        "SECRET_KEY": "a-long-random-string-for-this-test-only-0123456789abcdef",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    assert manage("collectstatic", "--noinput", "-v0", **production).returncode == 0
    result = manage("check", **production)
    assert result.returncode == 0, result.stderr


def test_sqlite_queues_writers_instead_of_failing(tmp_path):
    database = database_settings(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(tmp_path / "db.sqlite3")
    options = database["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 20
    assert "journal_mode=WAL" in options["init_command"]


def test_sqlite_connection_really_uses_wal_and_waits(tmp_path):
    """The options reach the connection: journal mode WAL and a busy timeout, as sqlite itself reports them."""
    script = (
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    print(c.execute('PRAGMA journal_mode').fetchone()[0], c.execute('PRAGMA busy_timeout').fetchone()[0])\n"
    )
    result = manage("shell", "-c", script, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")

    assert result.returncode == 0, result.stderr
    journal_mode, busy_timeout_ms = result.stdout.strip().splitlines()[-1].split()
    assert journal_mode == "wal"
    assert int(busy_timeout_ms) >= 20_000


def test_default_database_is_sqlite_file_in_the_project():
    database = database_settings()

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(ROOT / "db.sqlite3")


def test_postgres_url_selects_postgresql_and_nothing_else_changes():
    database = database_settings(DATABASE_URL="postgres://tracker:secret@db.example:5433/tracker")

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.example", 5433, "tracker")
    assert (database["USER"], database["PASSWORD"]) == ("tracker", "secret")
    assert "transaction_mode" not in database.get("OPTIONS", {})
    # Connections are reused between requests, and checked first so a restarted server is not an error page.
    assert database["CONN_MAX_AGE"] > 0
    assert database["CONN_HEALTH_CHECKS"] is True


def test_allowed_hosts_and_trusted_origins_come_from_the_environment():
    printed = manage(
        "shell",
        "-c",
        "import json; from django.conf import settings; "
        "print(json.dumps([settings.ALLOWED_HOSTS, settings.CSRF_TRUSTED_ORIGINS]))",
        ALLOWED_HOSTS="tracker.council.example, localhost",
        CSRF_TRUSTED_ORIGINS="https://tracker.council.example",
    )
    assert printed.returncode == 0, printed.stderr
    hosts, origins = json.loads(printed.stdout.strip().splitlines()[-1])
    assert hosts == ["tracker.council.example", "localhost"]
    assert origins == ["https://tracker.council.example"]


def test_unreadable_email_port_stops_with_one_line_naming_it():
    result = manage("check", EMAIL_PORT="smtp")

    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Configuration error: EMAIL_PORT='smtp' is not a number; set EMAIL_PORT to the SMTP port, e.g. 587."
    ]


def test_smtp_settings_come_from_the_environment():
    printed = manage(
        "shell",
        "-c",
        "import json; from django.conf import settings as s; "
        "print(json.dumps([s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_USE_TLS]))",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="smtp.council.example",
        EMAIL_PORT="587",
        EMAIL_HOST_USER="tracker",
        EMAIL_USE_TLS="1",
    )
    assert printed.returncode == 0, printed.stderr
    assert json.loads(printed.stdout.strip().splitlines()[-1]) == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.council.example",
        587,
        "tracker",
        True,
    ]
