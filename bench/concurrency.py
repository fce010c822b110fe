"""Concurrent updates on the database DATABASE_URL names (run by `python -m bench` inside
scripts/with-postgres.sh): migrate, seed a factor-1 council, 50 managers updating at once. Prints JSON."""

import json
import os
import sys

from bench.serving import concurrent_updates, environment, manage

if __name__ == "__main__":
    env = environment(os.environ["DATABASE_URL"], sys.argv[1])
    manage(env, "migrate", "--noinput")
    manage(env, "seed_scale", "--factor", "1")
    print(json.dumps(concurrent_updates(env)))
