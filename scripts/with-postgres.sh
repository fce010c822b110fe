#!/usr/bin/env bash
# with-postgres.sh CMD [ARGS...]
#
# Starts a throwaway PostgreSQL cluster, runs CMD with DATABASE_URL pointing at it, then stops the cluster and
# removes its files, whether CMD passed, failed or was interrupted. Exits with CMD's exit status.
#
# The cluster lives in a temporary directory, listens only on 127.0.0.1 on a private port (54329, or the next free
# one; WITH_POSTGRES_PORT overrides) and keeps its socket in that directory, so it never meets a system PostgreSQL.
# Root cannot run initdb, so as root the server runs as the `postgres` user; anyone else runs it as themselves.
# Durability is switched off: the data is thrown away at the end.
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 64
fi

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [[ -z "$pg_bin" || ! -x "$pg_bin/initdb" ]]; then
    echo "with-postgres: no PostgreSQL server binaries in /usr/lib/postgresql/*/bin; install the postgresql package." >&2
    exit 69
fi

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

port=${WITH_POSTGRES_PORT:-54329}
if [[ -z "${WITH_POSTGRES_PORT:-}" ]]; then
    while port_in_use "$port"; do
        port=$((port + 1))
    done
elif port_in_use "$port"; then
    echo "with-postgres: port $port on 127.0.0.1 is already in use; choose another WITH_POSTGRES_PORT." >&2
    exit 69
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/with-postgres.XXXXXX")
as_owner=()
if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$tmp"
    as_owner=(runuser -u postgres --)
fi

child=""
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [[ -n "$child" ]] && kill -0 "$child" 2>/dev/null; then
        kill -TERM "$child" 2>/dev/null || true
        wait "$child" 2>/dev/null || true
    fi
    if [[ -f "$tmp/data/postmaster.pid" ]]; then
        "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"${as_owner[@]}" "$pg_bin/initdb" -D "$tmp/data" -U postgres --auth=trust --encoding=UTF8 --no-locale \
    >"$tmp/initdb.log" 2>&1 || {
    cat "$tmp/initdb.log" >&2
    echo "with-postgres: initdb failed (log above)." >&2
    exit 70
}
"${as_owner[@]}" "$pg_bin/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 60 start -o \
    "-c listen_addresses=127.0.0.1 -p $port -k $tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
    >/dev/null || {
    cat "$tmp/server.log" >&2
    echo "with-postgres: the server did not start (log above)." >&2
    exit 70
}

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
echo "with-postgres: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2

# In the background so that a signal to this script is handled at once (bash defers traps until a foreground
# command ends); cleanup passes it on to the command.
set +e
"$@" &
child=$!
wait "$child"
status=$?
set -e
exit "$status"
