"""The dashboard's first load in a real browser: Debian's Chromium (through Playwright, nothing downloaded), a new
browser context each time (so an empty cache), against gunicorn on 127.0.0.1, signed in by a session cookie.

    python -m bench.first_load PORT SESSION [RUNS]

Prints one JSON object: the median time from navigation start to the load event, and the bytes transferred
(the page and every file it loaded, as sent: compressed where the server compressed them).
"""

from __future__ import annotations

import json
import os
import statistics
import sys

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
MEASURE = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const files = performance.getEntriesByType("resource");
  return {
    load_ms: nav.loadEventEnd - nav.startTime,
    bytes: nav.transferSize + files.reduce((sum, f) => sum + f.transferSize, 0),
    files: files.map(f => [f.name.replace(location.origin, ""), f.transferSize, f.decodedBodySize]),
  };
}"""


def measure(port: int, session: str, runs: int = 5) -> dict:
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    url = f"http://127.0.0.1:{port}/"
    loads = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for _ in range(runs):
                context = browser.new_context()  # a fresh profile: nothing cached
                context.add_cookies([{"name": "sessionid", "value": session, "url": url}])
                page = context.new_page()
                response = page.goto(url, wait_until="load")
                if response is None or response.status != 200:
                    raise RuntimeError(f"{url} answered {response and response.status}")
                page.wait_for_function("performance.getEntriesByType('navigation')[0].loadEventEnd > 0")
                loads.append(page.evaluate(MEASURE))
                context.close()
        finally:
            browser.close()
    return {
        "load_ms": round(statistics.median(load["load_ms"] for load in loads), 1),
        "bytes": max(load["bytes"] for load in loads),
        "files": loads[-1]["files"],
        "runs": runs,
    }


if __name__ == "__main__":
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    print(json.dumps(measure(int(sys.argv[1]), sys.argv[2], runs)))
