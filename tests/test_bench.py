"""The `make bench` harness's own logic: pooled rounds and a table of only the parts that ran."""

from bench import pages
from bench.__main__ import table


def _round(ms, queries=5, issue=False):
    found = {"dashboard": {"url": "/", "median_ms": ms[0], "times_ms": ms, "queries": queries, "queries_vary": False}}
    if issue:
        found["issue report"] = {"median_ms": 2000.0, "runs": 3}
    return found


def test_rounds_are_pooled_into_one_median_and_any_change_of_query_count_is_reported():
    pooled = pages.pooled([_round([10, 30], issue=True), _round([20, 40], queries=6)])
    assert pooled["dashboard"]["median_ms"] == 25.0
    assert pooled["dashboard"]["runs"] == 4
    assert pooled["dashboard"]["queries_vary"]
    assert pooled["issue report"]["median_ms"] == 2000.0


def test_the_table_has_rows_only_for_the_parts_that_ran():
    results = {
        "pages": {},
        "trivial": {"rps": 800.0, "errors": 0},
        "dashboard": {"rps": 200.0, "errors": 0},
        "postgres": {"failed": "PostgreSQL run failed: port in use"},
    }
    text = table(results, 1, 10)
    assert (
        "| throughput, SQLite, 1 gunicorn server: dashboard | 200 req/s | | >= 1/8 of trivial | yes (ratio 1/4.0) |"
        in text
    )
    assert "not run: PostgreSQL run failed: port in use" in text
    assert "issuing a report" not in text and "import" not in text


def test_the_import_benchmark_file_has_no_figure_for_a_period_not_yet_ended():
    """The file's months once ran from 1990 past the current month (10,000 rows at four indicators): every run
    after November 2026 was refused whole and the benchmark measured nothing."""
    import datetime

    from django.utils import timezone

    from bench.import_observations import _csv, indicator_codes
    from performance.rules import latest_plausible_period_end

    for rows in (10_000, 100_000):
        lines = _csv(rows, indicator_codes(rows)).decode().splitlines()[1:]
        assert len(lines) == rows
        latest = max(datetime.date.fromisoformat(line.split(",")[1]) for line in lines)
        assert latest <= latest_plausible_period_end(timezone.localdate())
