#!/bin/bash
# Initialises an empty data directory on first start (the `marketplace` role and database, and
# the empty schema), then runs PostgreSQL in the foreground. The catalogue is put in by the
# `seed` job and the search index by the `index` job (compose.yaml).
set -euo pipefail

: "${PGDATA:?}"
MARKER="$PGDATA/.marketplace-initialized"

if [ -s "$PGDATA/PG_VERSION" ] && [ ! -e "$MARKER" ]; then
    # A first start that did not finish (killed, bad password, ...): begin again.
    echo "entrypoint: incomplete initialisation found in $PGDATA, starting over" >&2
    find "$PGDATA" -mindepth 1 -delete
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    if [ -z "${POSTGRES_PASSWORD:-}" ]; then
        echo "entrypoint: POSTGRES_PASSWORD must be set to initialise the database" >&2
        exit 1
    fi
    echo "entrypoint: initialising $PGDATA" >&2
    # --no-sync: a new test database need not wait for its empty files to reach the disk
    # (seconds on a busy machine); only a crash of the host in the next moments could hurt it.
    # --wal-segsize=1: WAL in 1 MB files rather than 16 MB, so the few kept after a clean stop
    # (min_wal_size in marketplace.conf) cost a snapshot and each set made from it 4 MB, not 32.
    initdb --pgdata="$PGDATA" --username=postgres --encoding=UTF8 --locale=C.UTF-8 \
        --auth-local=peer --auth-host=scram-sha-256 --no-sync --wal-segsize=1 >/dev/null
    printf '%s\n' 'host all all all scram-sha-256' >>"$PGDATA/pg_hba.conf"
    printf "include '/etc/postgresql/marketplace.conf'\n" >>"$PGDATA/postgresql.conf"

    # A temporary server on the Unix socket only, so the healthcheck (TCP) stays red meanwhile.
    pg_ctl --pgdata="$PGDATA" --wait --silent -o "-c listen_addresses=''" start
    psql --quiet --no-psqlrc -v ON_ERROR_STOP=1 --username=postgres --dbname=postgres \
        -v app_password="$POSTGRES_PASSWORD" <<'SQL'
CREATE ROLE marketplace LOGIN PASSWORD :'app_password';
CREATE DATABASE marketplace OWNER marketplace;
\connect marketplace
SET ROLE marketplace;
\i /usr/local/share/marketplace/schema.sql
SQL
    pg_ctl --pgdata="$PGDATA" --wait --silent --mode=fast stop
    touch "$MARKER"
    echo "entrypoint: initialised, starting PostgreSQL" >&2
fi

exec postgres -D "$PGDATA" "$@"
