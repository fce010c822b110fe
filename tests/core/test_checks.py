"""With DEBUG off the site refuses to start, in one line naming the command, when the static manifest that
`collectstatic` writes with DEBUG off is missing or stale (otherwise every page would be a server error)."""

import os
import subprocess
import sys

import pytest

from tests.core.test_settings import ROOT, manage

COMMAND = "DEBUG=0 python manage.py collectstatic --noinput"


@pytest.fixture
def production(tmp_path) -> dict[str, str]:
    return {
        "DEBUG": "0",
        "SECRET_KEY": "a-long-random-string-for-this-test-only-0123456789abcdef",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
    }


def check_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if "core.E001" in line]
    assert len(lines) == 1, result.stderr
    assert COMMAND in lines[0]
    return lines[0]


def test_never_collected_static_files_stop_start_up(production):
    assert "static files are not collected for DEBUG=0" in check_error(manage("check", **production))


def test_static_files_collected_with_debug_on_stop_start_up_with_debug_off(production):
    assert manage("collectstatic", "--noinput", "-v0", **{**production, "DEBUG": "1"}).returncode == 0
    assert "static files are not collected for DEBUG=0" in check_error(manage("check", **production))


def test_a_stale_manifest_stops_start_up_and_a_fresh_one_starts(production):
    assert manage("collectstatic", "--noinput", "-v0", **production).returncode == 0
    assert manage("check", **production).returncode == 0

    manifest = os.path.join(production["STATIC_ROOT"], "staticfiles.json")
    os.utime(manifest, (1_000_000_000, 1_000_000_000))  # collected long before the static files last changed
    assert "static files changed since they were collected" in check_error(manage("check", **production))


def test_debug_on_needs_no_collected_files(production):
    assert manage("check", **{**production, "DEBUG": "1"}).returncode == 0


def test_the_wsgi_application_refuses_to_start_in_one_line(production):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env={**clean, **production},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"Start-up error: static files are not collected for DEBUG=0 (no readable "
        f"{production['STATIC_ROOT']}/staticfiles.json); run `{COMMAND}`."
    ]
