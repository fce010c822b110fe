"""Print a report to PDF with headless Chromium.

The report's HTML is written to a temporary folder as one self-contained page (styles inline, plotly.js and the
chart script linked by file path from the installed packages, chart data inline), so Chromium needs no server, no
network and no login; `--virtual-time-budget` lets the charts draw before the page is printed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

DEFAULT_CHROMIUM = "/usr/bin/chromium"
TIMEOUT_SECONDS = 90
VIRTUAL_TIME_BUDGET_MS = 15000


class PdfError(Exception):
    """The PDF could not be made; the message says why in words an admin can act on."""


class ChromiumMissing(PdfError):
    pass


def chromium_path() -> str:
    candidate = os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM
    resolved = shutil.which(candidate)
    if not resolved:
        raise ChromiumMissing(
            f"Chromium was not found at {candidate}. Install it (apt-get install chromium) or set CHROMIUM_PATH "
            "to the browser's path."
        )
    return resolved


def html_to_pdf(html: str, *, timeout: int = TIMEOUT_SECONDS) -> bytes:
    browser = chromium_path()
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
            result = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise PdfError(f"Chromium did not finish printing the report within {timeout} seconds.") from exc
        except OSError as exc:
            raise ChromiumMissing(f"Chromium could not be started ({exc}).") from exc
        if not output.exists() or output.stat().st_size == 0:
            detail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise PdfError("Chromium did not produce a PDF. " + " ".join(detail))
        return output.read_bytes()
