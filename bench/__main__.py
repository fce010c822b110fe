"""`python -m bench` (`make bench`): one table of the project's speed and robustness at council scale.

For the dashboard, action list, a plan page, an indicator page and a committee report: SQL queries per page and
median server time (Django test Client, warm, 20 runs) on `seed_scale` data at factor 1 and factor 10, on SQLite and
on PostgreSQL; requests per second for the dashboard beside the trivial /healthz view in the same run, through one
gunicorn server on SQLite and two sharing one PostgreSQL database; the dashboard's first load in Chromium with an
empty cache; issuing a report; errors while 50 managers update actions at once on each database; the observation
importer's rows per second; time and peak memory of a 1,000,000-row CSV through the command and a 100,000-row XLSX
through the upload page (`bench.import_scale`); the DfE files as published; the Ofsted report reader over the
development set. Everything runs on throwaway databases (a temporary directory, a throwaway PostgreSQL cluster); the
project's own database is never touched. `--write-readme` also puts the table in README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import ofsted_reports, pages
from bench.serving import PYTHON, ROOT, concurrent_updates, environment, gunicorn, manage, run_json

PAGES = ["dashboard", pages.AFTER_A_WRITE, "action list", "plan page", "indicator page", "committee report"]
RATIO_GOAL = 1.5
PG_PORT = 55432
IMPORT_SNIPPET = (
    "import json, django; django.setup(); from bench.import_observations import run; print(json.dumps(run()))"
)
DFE_SNIPPET = "import json, django; django.setup(); from bench.import_dfe import run; print(json.dumps(run()))"


def yes(ok: bool) -> str:
    return "yes" if ok else "**no**"


def runs(measured: dict) -> str:
    return "" if measured.get("runs", 20) >= 20 else f" ({measured['runs']} runs)"


def postgres_run(static_root: str, args) -> dict:
    """bench.postgres inside a throwaway cluster (a port of its own, away from the suite's default 54329)."""
    script = ROOT / "scripts" / "with-postgres.sh"
    small, large = args.factors
    env = {**os.environ, "WITH_POSTGRES_PORT": os.environ.get("WITH_POSTGRES_PORT", str(PG_PORT))}
    command = [str(script), PYTHON, "-m", "bench.postgres", static_root, small, large, args.seconds, args.threads]
    result = subprocess.run([str(c) for c in command], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        raise RuntimeError(f"PostgreSQL run failed:\n{result.stdout}\n{result.stderr}")
    found = json.loads(result.stdout.strip().splitlines()[-1])
    # JSON keys are strings: the factors are numbers again here, as the SQLite half has them.
    for name in ("pages", "seed_seconds"):
        found[name] = {int(factor): value for factor, value in found[name].items()}
    return found


def page_rows(label: str, pages: dict, small: int, large: int) -> list[str]:
    rows = []
    for page in PAGES:
        a, b = pages[small][page], pages[large][page]
        same = a["queries"] == b["queries"] and not (a["queries_vary"] or b["queries_vary"])
        rows.append(f"| {page}, {label}: SQL queries | {a['queries']} | {b['queries']} | identical | {yes(same)} |")
        ratio = b["median_ms"] / a["median_ms"]
        rows.append(
            f"| {page}, {label}: median server time | {a['median_ms']:.1f} ms{runs(a)} | {b['median_ms']:.1f} ms"
            f"{runs(b)} (x{ratio:.2f}) | factor {large} <= {RATIO_GOAL}x factor {small} | {yes(ratio <= RATIO_GOAL)} |"
        )
    return rows


def throughput_rows(label: str, trivial: dict, dashboard: dict) -> list[str]:
    ratio = dashboard["rps"] / trivial["rps"] if trivial["rps"] else 0
    errors = trivial["errors"] + dashboard["errors"]
    return [
        f"| throughput, {label}: trivial view /healthz | {trivial['rps']:.0f} req/s | | baseline | |",
        f"| throughput, {label}: dashboard | {dashboard['rps']:.0f} req/s | | >= 1/8 of trivial | "
        + (f"{yes(ratio >= 1 / 8)} (ratio 1/{1 / ratio:.1f}) |" if ratio else "**no** |"),
        f"| load errors, {label} (trivial + dashboard) | {errors} | | 0 | {yes(errors == 0)} |",
    ]


def table(results: dict, small: int, large: int) -> str:
    """The rows of the parts that ran; a part that failed says so in its row."""
    rows = ["| Measure | Factor " + f"{small} | Factor {large} | Goal | Met |", "|---|---:|---:|---|---|"]
    if results["pages"]:
        rows += page_rows("SQLite", results["pages"], small, large)
    pg = results.get("postgres")
    if pg is not None and "failed" in pg:
        rows.append(f"| PostgreSQL pages and throughput | not run: {pg['failed']} | | | **no** |")
    elif pg is not None:
        rows += page_rows("PostgreSQL", pg["pages"], small, large)
    if "trivial" in results:
        rows += throughput_rows("SQLite, 1 gunicorn server", results["trivial"], results["dashboard"])
    if pg is not None and "failed" not in pg:
        rows += throughput_rows(f"PostgreSQL, {pg['servers']} gunicorn servers", pg["trivial"], pg["dashboard"])
    rows += first_load_rows(results.get("first_load"))
    if small in results["pages"]:
        issue = results["pages"][small]["issue report"]
        rows.append(
            f"| issuing a report (snapshot and PDF), SQLite | {issue['median_ms']:.0f} ms | | < 3,000 ms | "
            f"{yes(issue['median_ms'] < 3000)} |"
        )
    updates = {"SQLite": results.get("sqlite_updates")}
    if pg is not None:
        updates["PostgreSQL"] = pg.get("updates", {"failed": "see above"})
    for label, run in updates.items():
        if run is None:
            continue
        if "failed" in run:
            rows.append(f"| errors, 50 users updating actions, {label} | not run: {run['failed']} | | 0 | **no** |")
            continue
        rows.append(
            f"| errors, 50 users updating actions, {label} | {run['errors']} of {run['posts']} posts "
            f"({run['posts'] / run['seconds']:.0f} posts/s) | | 0 | {yes(run['errors'] == 0)} |"
        )
    rows += import_rows(results)
    if "import_command" in results:
        rows += import_scale_rows(results)
    return "\n".join(rows)


def first_load_rows(first: dict | None) -> list[str]:
    if first is None:
        return []
    if "failed" in first:
        return [f"| dashboard first load, Chromium, empty cache | not run: {first['failed']} | | | **no** |"]
    return [
        f"| dashboard first load, Chromium, empty cache | {first['load_ms']:.0f} ms | | < 1,000 ms | "
        f"{yes(first['load_ms'] < 1000)} |",
        f"| dashboard first load: bytes transferred | {first['bytes'] / 1e6:.2f} MB | | < 1.5 MB | "
        f"{yes(first['bytes'] < 1.5e6)} |",
    ]


def import_rows(results: dict) -> list[str]:
    rows = []
    imp = results.get("import")
    if imp is not None and "failed" in imp:
        rows.append(f"| import_observations | not run: {imp['failed']} | | | **no** |")
    elif imp is not None:
        rows.append(
            f"| import_observations, {imp['rows']:,} rows | {imp['rows_per_second']:,} rows/s | | "
            f">= {imp['goal_rows_per_second']:,} rows/s | {yes(imp['meets_goal'])} |"
        )
    dfe = results.get("import_dfe")
    if dfe is not None and "failed" in dfe:
        rows.append(f"| DfE files as published | not run: {dfe['failed']} | | | **no** |")
    elif dfe is not None:
        rows.append(
            f"| DfE files as published, {len(dfe['files'])} files, {dfe['rows']:,} rows | "
            f"{dfe['rows_per_second']:,} rows/s ({dfe['figures_per_second']:,} figures/s) | | | |"
        )
    if "ofsted" in results:
        rows.extend(ofsted_reports.rows(results["ofsted"]))
    return rows


def import_scale_rows(results: dict) -> list[str]:
    command, page = results["import_command"], results["import_page"]
    if "failed" in command or "failed" in page:
        return [
            f"| import_scale {name} | not run: {found['failed']} | | | **no** |"
            for name, found in (("command", command), ("page", page))
            if "failed" in found
        ]
    return [
        f"| import command, {command['rows']:,}-row CSV ({command['megabytes']} MB) | {command['rows_per_second']:,} "
        f"rows/s ({command['seconds']:,} s, {command['cpu_seconds']:,} s CPU), peak {command['peak_mb']:,} MB | | "
        f"finishes, <= 500 MB | {yes(command['meets_goal'])} |",
        f"| import page, {page['rows']:,}-row XLSX ({page['megabytes']} MB) | preview {page['preview_seconds']} s "
        f"({page['preview_cpu_seconds']} s CPU) + commit {page['commit_seconds']} s ({page['commit_cpu_seconds']} s "
        f"CPU), {page['rows_per_second']:,} rows/s, peak {page['peak_mb']:,} MB | | each request < 60 s (15 s CPU), "
        f"<= 500 MB | {yes(page['meets_goal'])} |",
    ]


README_INTRO = (
    "From `make bench` (`python -m bench`; one part alone with `make bench BENCH=pages` or `python -m bench pages "
    "serving`, parts: pages, serving, updates, postgres, imports, import_scale), on throwaway SQLite databases and a "
    "throwaway PostgreSQL cluster (scripts/with-postgres.sh, port 55432 unless WITH_POSTGRES_PORT says otherwise), "
    "each filled by `manage.py seed_scale` (factor 1: 10 plans, 2,000 actions, 20,000 updates, 28,800 observations, "
    "200 users; factor 10: ten times that). Page times are the median of 20 warm requests through Django's test "
    "client, signed in as an admin, with DEBUG off (fewer runs where a page is too slow to fit the time budget, as "
    "shown); warm includes the dashboard's cached body and the action list's cached count and page ids, valid until "
    "the next write (data version, `core/versions.py`); the dashboard is also timed as the first view after a "
    "manager's save (one action saved before each run, in a different plan each time: the page is built again, "
    "its plan's counts counted again, the other plans' read back). "
    "Throughput is through gunicorn (2 sync workers per server, 127.0.0.1) with 8 client threads from a separate "
    "process for 10 s per URL, on the factor 1 data: one server on SQLite, two servers sharing one PostgreSQL "
    "database (the threads take the servers in turn). The first load is the dashboard in Debian's Chromium with an "
    "empty cache (a new browser context per run, median of 5) from the SQLite server. Issuing a report is the "
    "snapshot and one PDF render. The concurrency rows are 50 managers each posting 10 updates to their own actions "
    "through the real update endpoint at once. Figures from a shared 2-core machine are noisy; compare ratios "
    "measured in the same run rather than absolute times."
)


def write_readme(text: str) -> None:
    readme = ROOT / "README.md"
    content = readme.read_text(encoding="utf-8")
    section = re.compile(r"(## Benchmarks\n)(.*?)(?=\n## |\Z)", re.S)
    if not section.search(content):
        raise SystemExit("README.md has no '## Benchmarks' section to write into.")
    body = f"\n{README_INTRO}\n\n{text}\n"
    readme.write_text(section.sub(lambda m: m.group(1) + body, content, count=1), encoding="utf-8")


PARTS = {
    "pages": "page times and queries at both factors on SQLite, and issuing a report",
    "serving": "throughput of /healthz and the dashboard through gunicorn on SQLite, and the first load in Chromium",
    "updates": "50 managers updating actions at once on SQLite",
    "postgres": "pages at both factors, two gunicorn servers and 50 managers updating, on PostgreSQL",
    "imports": "import_observations, the DfE files as published, the Ofsted report reader",
    "import_scale": "a 1,000,000-row CSV through the command and a 100,000-row XLSX through the upload page",
}


class Run:
    """One `make bench`: throwaway SQLite databases, each migrated and seeded once, on first use, by the parts that
    need it; the static files collected once before anything runs (production settings refuse to start without)."""

    def __init__(self, tmp: Path, factors: list[int], started: float):
        self.tmp = tmp
        self.static_root = str(tmp / "static")
        self.factors = factors
        self.started = started
        self.envs: dict[int, dict] = {}
        self.results: dict = {"pages": {}, "seed_seconds": {}}

    def step(self, message: str) -> None:
        print(f"[{time.monotonic() - self.started:6.1f}s] {message}", file=sys.stderr, flush=True)

    def sqlite(self, factor: int) -> dict:
        if factor not in self.envs:
            env = environment(f"sqlite:///{self.tmp / f'factor{factor}.sqlite3'}", self.static_root)
            if not self.envs:
                manage(env, "collectstatic", "--noinput", "--verbosity", "0")
            self.step(f"factor {factor}: migrate and seed_scale")
            manage(env, "migrate", "--noinput")
            seeded = time.monotonic()
            manage(env, "seed_scale", "--factor", str(factor))
            self.results["seed_seconds"][factor] = round(time.monotonic() - seeded, 1)
            self.envs[factor] = env
        return self.envs[factor]


def failed(exc: Exception) -> dict:
    # One failed part must not lose the measurements already made: the table says what failed instead.
    lines = [line for line in str(exc).strip().splitlines() if line.strip()] or ["no output"]
    return {"failed": lines[0] if len(lines) == 1 else f"{lines[0]} {lines[-1]}"}


def part_pages(run: Run, args) -> None:
    envs = {factor: run.sqlite(factor) for factor in run.factors}
    run.results["pages"] = pages.alternating_pages(envs, run.step)


def part_serving(run: Run, args) -> None:
    env = run.sqlite(run.factors[0])
    run.step("throughput and first load through gunicorn")
    [admin] = run_json(env, "bench.sessions", 1, "Admin")
    with gunicorn(env) as port:
        run.results["trivial"] = run_json(env, "bench.load", "throughput", port, "/healthz", args.seconds, args.threads)
        run.results["dashboard"] = run_json(
            env, "bench.load", "throughput", port, "/", args.seconds, args.threads, admin["session"]
        )
        try:
            run.results["first_load"] = run_json(env, "bench.first_load", port, admin["session"])
        except RuntimeError as exc:
            run.results["first_load"] = failed(exc)


def part_updates(run: Run, args) -> None:
    env = run.sqlite(run.factors[0])
    run.step("50 users updating actions: SQLite")
    try:
        run.results["sqlite_updates"] = concurrent_updates(env)
    except RuntimeError as exc:
        run.results["sqlite_updates"] = failed(exc)


def part_postgres(run: Run, args) -> None:
    if not run.envs:  # the static files, collected once for every server of the run
        manage(environment(f"sqlite:///{run.tmp / 'static.sqlite3'}", run.static_root), "collectstatic", "--noinput")
    run.step("PostgreSQL: pages at both factors, two gunicorn servers, 50 users updating")
    try:
        run.results["postgres"] = postgres_run(run.static_root, args)
    except RuntimeError as exc:
        run.results["postgres"] = failed(exc)


def part_imports(run: Run, args) -> None:
    env = run.sqlite(run.factors[0])
    run.step("import_observations")
    done = subprocess.run(
        [PYTHON, "-c", IMPORT_SNIPPET], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        run.results["import"] = {"failed": (done.stderr.strip().splitlines() or ["no output"])[-1]}
    else:
        run.results["import"] = json.loads(done.stdout.strip().splitlines()[-1])
    run.step("DfE files as published")
    done = subprocess.run([PYTHON, "-c", DFE_SNIPPET], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        run.results["import_dfe"] = {"failed": (done.stderr.strip().splitlines() or ["no output"])[-1]}
    else:
        run.results["import_dfe"] = json.loads(done.stdout.strip().splitlines()[-1])
    run.step("Ofsted report reader over the development set (../shared)")
    run.results["ofsted"] = ofsted_reports.run()


def snippet(env: dict, code: str) -> dict:
    done = subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        return {"failed": (done.stderr.strip().splitlines() or ["no output"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def part_import_scale(run: Run, args) -> None:
    env = run.sqlite(run.factors[0])
    run.step(f"import_scale: {args.import_csv_rows:,}-row CSV through the command")
    try:
        run.results["import_command"] = run_json(env, "bench.import_scale", "command", args.import_csv_rows)
    except RuntimeError as exc:
        run.results["import_command"] = failed(exc)
    run.step(f"import_scale: {args.import_xlsx_rows:,}-row XLSX through the page")
    try:
        run.results["import_page"] = run_json(env, "bench.import_scale", "page", args.import_xlsx_rows)
    except RuntimeError as exc:
        run.results["import_page"] = failed(exc)


RUNNERS = {
    "pages": part_pages,
    "serving": part_serving,
    "updates": part_updates,
    "postgres": part_postgres,
    "imports": part_imports,
    "import_scale": part_import_scale,
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__.split("\n\n")[0],
        epilog="Parts: " + "; ".join(f"{name}: {what}" for name, what in PARTS.items()) + ".",
    )
    parser.add_argument("parts", nargs="*", choices=[*PARTS, []], metavar="PART", help="Parts to run (default: all).")
    parser.add_argument("--factors", type=int, nargs=2, default=[1, 10], metavar=("SMALL", "LARGE"))
    parser.add_argument("--seconds", type=float, default=10, help="Length of each throughput run.")
    parser.add_argument("--threads", type=int, default=8, help="Concurrent clients in the throughput runs.")
    parser.add_argument("--write-readme", action="store_true", help="Also write the table into README.md.")
    parser.add_argument("--import-csv-rows", type=int, default=1_000_000, help="Rows of the command-line import.")
    parser.add_argument("--import-xlsx-rows", type=int, default=100_000, help="Rows of the upload-page import.")
    args = parser.parse_args(argv)
    parts = args.parts or list(PARTS)
    if args.write_readme and set(parts) != set(PARTS):
        parser.error("--write-readme replaces the whole table: run every part with it.")
    small, large = args.factors
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    run = Run(tmp, [small, large], started)
    try:
        for part in parts:
            RUNNERS[part](run, args)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    total = time.monotonic() - started
    # Every figure measured, before the table is built from them: nothing is lost if a row cannot be written.
    print(json.dumps(run.results, default=str), file=sys.stderr, flush=True)
    seeds = run.results["seed_seconds"]
    text = (
        table(run.results, small, large) + f"\n\nParts run: {', '.join(parts)}; the whole run {total / 60:.1f} minutes"
    )
    if seeds:
        text += "; seeding (with the colour intervals) on SQLite " + ", ".join(
            f"{s} s at factor {f}" for f, s in seeds.items()
        )
    text += f"; load average at the end {load_average()}."
    print(text)
    if args.write_readme:
        write_readme(text)
    return 0


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}"


if __name__ == "__main__":
    sys.exit(main())
