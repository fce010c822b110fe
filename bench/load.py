"""Load generator, run as its own process against a server on 127.0.0.1: threads with http.client.

    python -m bench.load throughput PORTS PATH SECONDS THREADS SESSION   (PORTS: one, or several comma-separated:
                                                                          the threads take them in turn)
    python -m bench.load updates PORT USERS_JSON_FILE UPDATES_PER_USER

Prints one JSON object. Standard library only, so it shares nothing with the server it measures.
"""

from __future__ import annotations

import http.client
import json
import secrets
import string
import sys
import threading
import time
from collections import Counter
from urllib.parse import urlencode

TIMEOUT = 60


def request(port: int, method: str, path: str, cookies: dict, body: str | None = None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        all_headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()), **(headers or {})}
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def throughput(ports: list[int], path: str, seconds: float, threads: int, session: str) -> dict:
    cookies = {"sessionid": session} if session else {}
    statuses: Counter = Counter()
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker(port):
        while time.perf_counter() < deadline:
            try:
                status = request(port, "GET", path, cookies)
            except Exception as exc:  # a refused or dropped connection is an error to count, not a crash
                status = type(exc).__name__
            with lock:
                statuses[status] += 1

    started = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(ports[n % len(ports)],)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    took = time.perf_counter() - started
    ok = statuses.get(200, 0)
    return {
        "path": path,
        "seconds": round(took, 2),
        "requests": sum(statuses.values()),
        "ok": ok,
        "rps": round(ok / took, 1),
        "errors": sum(n for s, n in statuses.items() if s != 200),
        "statuses": {str(k): v for k, v in statuses.items()},
    }


def updates(port: int, users: list[dict], per_user: int) -> dict:
    """Every user at once (a barrier starts them together) posts `per_user` progress updates to their own
    actions through the real update endpoint, carrying each action's version as the form does."""
    statuses: Counter = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(len(users))
    alphabet = string.ascii_letters + string.digits

    def worker(user):
        token = "".join(secrets.choice(alphabet) for _ in range(32))
        cookies = {"sessionid": user["session"], "csrftoken": token}
        versions = dict(user["actions"])
        pks = list(versions)
        barrier.wait()
        for n in range(per_user):
            pk = pks[n % len(pks)]
            prefix = f"action-{pk}-"
            body = urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    prefix + "status": "in_progress",
                    prefix + "progress": str((n * 7) % 100),
                    prefix + "commentary": f"Load test update {n} by {user['username']}",
                    prefix + "version": str(versions[pk]),
                    prefix + "return_to": "mine",
                }
            )
            try:
                status = request(
                    port,
                    "POST",
                    f"/actions/{pk}/update/",
                    cookies,
                    body,
                    {"Content-Type": "application/x-www-form-urlencoded"},
                )
            except Exception as exc:
                status = type(exc).__name__
            if status == 302:
                versions[pk] += 1
            with lock:
                statuses[status] += 1

    started = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(u,)) for u in users]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    took = time.perf_counter() - started
    return {
        "users": len(users),
        "posts": sum(statuses.values()),
        "saved": statuses.get(302, 0),
        "errors": sum(n for s, n in statuses.items() if s != 302),
        "seconds": round(took, 2),
        "statuses": {str(k): v for k, v in statuses.items()},
    }


if __name__ == "__main__":
    kind = sys.argv[1]
    if kind == "throughput":
        ports = [int(p) for p in sys.argv[2].split(",")]
        path, seconds, threads = sys.argv[3], float(sys.argv[4]), int(sys.argv[5])
        print(json.dumps(throughput(ports, path, seconds, threads, sys.argv[6] if len(sys.argv) > 6 else "")))
    elif kind == "updates":
        with open(sys.argv[3]) as handle:
            users = json.load(handle)
        print(json.dumps(updates(int(sys.argv[2]), users, int(sys.argv[4]))))
    else:
        sys.exit(f"unknown load kind {kind!r}")
