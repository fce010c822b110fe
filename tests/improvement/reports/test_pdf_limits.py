"""Report PDFs are printed at most PDF_RENDERS_AT_ONCE at a time across the site, and never for longer than
PDF_RENDER_TIMEOUT (shorter than the application server's worker timeout); beyond that a clear "busy" page."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from core import slots
from improvement.reports import pdf

ROOT = Path(__file__).resolve().parents[3]

FAKE_CHROMIUM = r"""#!/bin/sh
# Stands in for Chromium: logs its start and end, holds for $HOLD seconds through a child process, prints a PDF.
for arg; do case "$arg" in --print-to-pdf=*) out="${arg#--print-to-pdf=}";; esac; done
sleep "$HOLD" &
echo "start $(date +%s.%N) $$ $!" >> "$LOG"
wait
printf '%%PDF-1.4 fake\n' > "$out"
echo "end $(date +%s.%N) $$" >> "$LOG"
"""


@pytest.fixture
def chromium(tmp_path, monkeypatch):
    path = tmp_path / "chromium"
    path.write_text(FAKE_CHROMIUM)
    path.chmod(0o755)
    log = tmp_path / "chromium.log"
    monkeypatch.setenv("CHROMIUM_PATH", str(path))
    monkeypatch.setenv("LOG", str(log))
    monkeypatch.setenv("HOLD", "0")
    return log


def most_at_once(log: Path) -> int:
    events = sorted(
        (float(line.split()[1]), 1 if line.startswith("start") else -1) for line in log.read_text().split("\n") if line
    )
    running = peak = 0
    for _, change in events:
        running += change
        peak = max(peak, running)
    return peak


CALLER = """
import sys, time
from pathlib import Path
import django
django.setup()
from improvement.reports import pdf
while not Path(sys.argv[1]).exists():
    time.sleep(0.01)
try:
    pdf.html_to_pdf("<p>report</p>")
    print("printed")
except pdf.PdfBusy as exc:
    print("busy:", exc)
"""


def test_more_requests_than_the_limit_at_once_print_only_the_limit(chromium, tmp_path, monkeypatch):
    """Five worker processes ask at the same moment, sharing one database as app servers do; two print."""
    monkeypatch.setenv("HOLD", "4")
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "PDF_RENDERS_AT_ONCE": "2",
    }
    subprocess.run([sys.executable, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True, timeout=120)
    go = tmp_path / "go"
    workers = [
        subprocess.Popen([sys.executable, "-c", CALLER, str(go)], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(5)
    ]
    time.sleep(3)  # every worker has started Django and waits for the go
    go.touch()
    answers = [worker.communicate(timeout=120)[0].strip() for worker in workers]
    assert sorted(a.split(":")[0] for a in answers) == ["busy", "busy", "busy", "printed", "printed"], answers
    assert "2 reports are being printed at the moment" in next(a for a in answers if a.startswith("busy"))
    assert most_at_once(chromium) == 2

    # The slots are free again once the prints are done.
    monkeypatch.setenv("HOLD", "0")
    again = subprocess.run(
        [sys.executable, "-c", CALLER, str(go)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert again.stdout.strip() == "printed"


def test_a_print_that_runs_too_long_is_stopped_with_its_child_processes(chromium, db, monkeypatch):
    monkeypatch.setenv("HOLD", "60")
    started = time.monotonic()
    with pytest.raises(pdf.PdfError, match="within 1 seconds"):
        pdf.html_to_pdf("<p>report</p>", timeout=1)
    assert time.monotonic() - started < 10
    child = int(chromium.read_text().split()[3])
    time.sleep(0.2)
    state = Path(f"/proc/{child}/status")
    assert not state.exists() or "zombie" in state.read_text()
    # The slot was given back.
    assert cache.get("slot:pdf-render:0") is None


def test_render_timeout_is_shorter_than_the_worker_timeout_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    worker_timeout = int(re.search(r"gunicorn config\.wsgi:application .*--timeout (\d+)", readme).group(1))
    assert worker_timeout >= settings.PDF_RENDER_TIMEOUT + 10


def test_a_busy_printer_gives_a_clear_page_to_try_again(council, admin_user, chromium, settings):
    settings.PDF_RENDERS_AT_ONCE = 1
    cache.add("slot:pdf-render:0", "someone else", timeout=60)
    client = Client()
    client.force_login(admin_user)
    response = client.get(reverse("improvement:report_pdf", args=[council["report"].pk]))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "1 report is being printed at the moment" in page and "Try again in a minute" in page
    assert not chromium.exists(), "Chromium was started although the printer was busy"

    cache.delete("slot:pdf-render:0")
    response = client.get(reverse("improvement:report_pdf", args=[council["report"].pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_a_slot_is_given_back_when_the_work_fails(db):
    with pytest.raises(RuntimeError), slots.slot("test", limit=1, hold_seconds=60):
        raise RuntimeError("render crashed")
    with slots.slot("test", limit=1, hold_seconds=60) as number:
        assert number == 0
        with pytest.raises(slots.Busy), slots.slot("test", limit=1, hold_seconds=60):
            pass
