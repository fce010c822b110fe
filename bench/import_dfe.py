"""Benchmark: import each DfE Explore Education Statistics file as published (every council, region and England,
every year), after loading the national reference data; then import it again (nothing changes).

`run()` is called by `python -m bench`; `python -m bench.import_dfe` runs it alone, on a fresh SQLite database in
a temporary directory (inside an already configured Django, everything it writes is rolled back).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from bench.import_observations import _ensure_django

FILES = sorted((Path(__file__).resolve().parent.parent / "tests" / "performance" / "data" / "dfe").glob("*.csv"))


def run() -> dict:
    _ensure_django()
    from django.db import transaction

    from performance import importer, reference

    measured: list[dict[str, Any]] = []
    with transaction.atomic():
        reference.load_reference()
        for path in FILES:
            content = path.read_bytes()
            rows = content.count(b"\n") - 1
            started = time.perf_counter()
            first = importer.import_file(content, path.name, user=None)
            seconds = time.perf_counter() - started
            started = time.perf_counter()
            again = importer.import_file(content, path.name, user=None)
            measured.append(
                {
                    "file": path.name,
                    "rows": rows,
                    "figures": first.created,
                    "derived": first.derived,
                    "seconds": round(seconds, 3),
                    "rows_per_second": round(rows / seconds),
                    "figures_per_second": round(first.created / seconds),
                    "reimport_seconds": round(time.perf_counter() - started, 3),
                    "reimport_changed": again.created + again.updated,
                }
            )
        transaction.set_rollback(True)
    rows = sum(m["rows"] for m in measured)
    seconds = sum(m["seconds"] for m in measured)
    return {
        "name": "import_dfe",
        "files": measured,
        "rows": rows,
        "seconds": round(seconds, 3),
        "rows_per_second": round(rows / seconds),
        "figures_per_second": round(sum(m["figures"] for m in measured) / seconds),
    }


if __name__ == "__main__":
    result = run()
    for one in result["files"]:
        print(
            f"{one['file']}: {one['rows']:,} rows, {one['figures']:,} figures in {one['seconds']} s "
            f"({one['rows_per_second']:,} rows/s, {one['figures_per_second']:,} figures/s); "
            f"again in {one['reimport_seconds']} s, {one['reimport_changed']} changed"
        )
    print(f"all: {result['rows']:,} rows in {result['seconds']} s, {result['rows_per_second']:,} rows/s")
    sys.exit(0)
