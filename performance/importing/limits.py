"""How much an import may hold. The upload page refuses a file over a limit as soon as the limit is reached, with
the limit named; the command line (an administrator on the server) has no limit."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    bytes: int | None  # the file as uploaded
    rows: int | None  # rows holding any value, the header included
    cells: int | None  # cells and rows stored in a workbook, empty formatted ones included
    unpacked_bytes: int | None  # an XLSX workbook's parts once unzipped (a "zip bomb" is tiny until unpacked)
    errors: int = 200  # problems listed; the total is always counted

    def over(self, what: str, count: int) -> bool:
        limit = getattr(self, what)
        return limit is not None and count > limit


# 150,000 rows keeps each of the upload's two requests (preview, commit) to under 10 s of CPU, well within gunicorn's
# 60 s worker timeout on a loaded machine: `python -m bench.import_scale page 100000` needs about 5 s of CPU per
# request (README, Benchmarks).
WEB = Limits(bytes=10 * 1024 * 1024, rows=150_000, cells=3_000_000, unpacked_bytes=128 * 1024 * 1024)
COMMAND_LINE = Limits(bytes=None, rows=None, cells=None, unpacked_bytes=None, errors=1000)

COMMAND_HINT = "Larger files can be imported on the server with `python manage.py import_observations FILE`."
