"""Print a report to PDF with headless Chromium.

The report's HTML is written to a temporary folder as one self-contained page (styles inline, plotly.js and the
chart script linked by file path from the installed packages, chart data inline), so Chromium needs no server, no
network and no login; `--virtual-time-budget` lets the charts draw before the page is printed.

Printing is bounded: at most settings.PDF_RENDERS_AT_ONCE at once across the site (core.slots; a request beyond
that is told the printer is busy rather than queued behind a worker), and Chromium, with every process it started,
is stopped after settings.PDF_RENDER_TIMEOUT seconds, before the application server would kill the worker.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

from core import slots

DEFAULT_CHROMIUM = "/usr/bin/chromium"
VIRTUAL_TIME_BUDGET_MS = 15000


class PdfError(Exception):
    """The PDF could not be made; the message says why in words an admin can act on."""


class ChromiumMissing(PdfError):
    pass


class PdfBusy(PdfError):
    """Every print slot is taken; the request may be tried again shortly."""

    retry_after_seconds = 30


def chromium_path() -> str:
    candidate = os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM
    resolved = shutil.which(candidate)
    if not resolved:
        raise ChromiumMissing(
            f"Chromium was not found at {candidate}. Install it (apt-get install chromium) or set CHROMIUM_PATH "
            "to the browser's path."
        )
    return resolved


def html_to_pdf(html: str, *, timeout: int | None = None) -> bytes:
    timeout = timeout or settings.PDF_RENDER_TIMEOUT
    browser = chromium_path()
    limit = settings.PDF_RENDERS_AT_ONCE
    try:
        with slots.slot("pdf-render", limit=limit, hold_seconds=timeout + 30):
            return _print(browser, html, timeout)
    except slots.Busy as exc:
        raise PdfBusy(
            f"{limit} report{'s are' if limit > 1 else ' is'} being printed at the moment, the most the site prints "
            "at once. Try again in a minute."
        ) from exc


def _print(browser: str, html: str, timeout: int) -> bytes:
    with tempfile.TemporaryDirectory(prefix="report-pdf-") as folder:
        work = Path(folder)
        page = work / "report.html"
        output = work / "report.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            "--no-pdf-header-footer",
            "--allow-file-access-from-files",
            f"--user-data-dir={work / 'profile'}",
            f"--virtual-time-budget={VIRTUAL_TIME_BUDGET_MS}",
            f"--print-to-pdf={output}",
            page.as_uri(),
        ]
        try:
            # A session of its own, so that on a timeout every process Chromium started is stopped with it.
            process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
            )
        except OSError as exc:
            raise ChromiumMissing(f"Chromium could not be started ({exc}).") from exc
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise PdfError(f"Chromium did not finish printing the report within {timeout} seconds.") from exc
        finally:
            # Helpers Chromium left behind after a normal exit go too.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        if not output.exists() or output.stat().st_size == 0:
            detail = stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise PdfError("Chromium did not produce a PDF. " + " ".join(detail))
        return output.read_bytes()
