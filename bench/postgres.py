"""The PostgreSQL half of `make bench`, run inside scripts/with-postgres.sh (DATABASE_URL names its cluster):

    python -m bench.postgres STATIC_ROOT SMALL LARGE SECONDS THREADS

One database per factor in the same cluster, each migrated and filled by seed_scale: page times and queries (as
on SQLite); on the small one, throughput of /healthz and the dashboard through two gunicorn servers sharing the
database (the deployment the README describes), then 50 managers updating at once. Prints one JSON object.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time

from bench.pages import alternating_pages
from bench.serving import concurrent_updates, environment, gunicorn, manage, run_json

SERVERS = 2


def database_url(base: str, name: str) -> str:
    return base.rsplit("/", 1)[0] + "/" + name


def create_database(base: str, name: str) -> None:
    import psycopg

    with psycopg.connect(base.replace("postgres://", "postgresql://", 1), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def main(static_root: str, small: int, large: int, seconds: float, threads: int) -> dict:
    base = os.environ["DATABASE_URL"]
    results: dict = {"pages": {}, "seed_seconds": {}}
    envs = {}
    for factor in (small, large):
        name = f"bench_factor{factor}"
        create_database(base, name)
        env = envs[factor] = environment(database_url(base, name), static_root)
        manage(env, "migrate", "--noinput")
        seeded = time.monotonic()
        manage(env, "seed_scale", "--factor", str(factor))
        results["seed_seconds"][factor] = round(time.monotonic() - seeded, 1)
    results["pages"] = alternating_pages(envs, lambda message: print(message, file=sys.stderr, flush=True))
    env = envs[small]
    [admin] = run_json(env, "bench.sessions", 1, "Admin")
    with contextlib.ExitStack() as stack:
        ports = ",".join(str(stack.enter_context(gunicorn(env))) for _ in range(SERVERS))
        results["trivial"] = run_json(env, "bench.load", "throughput", ports, "/healthz", seconds, threads)
        results["dashboard"] = run_json(env, "bench.load", "throughput", ports, "/", seconds, threads, admin["session"])
    results["servers"] = SERVERS
    results["updates"] = concurrent_updates(env)
    return results


if __name__ == "__main__":
    static_root, small, large, seconds, threads = sys.argv[1:6]
    print(json.dumps(main(static_root, int(small), int(large), float(seconds), int(threads))))
