#!/bin/bash
# Initialises an empty data directory on first start, then runs PostgreSQL in the foreground.
set -euo pipefail

: "${PGDATA:?}"
MARKER="$PGDATA/.quickstart-initialized"

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
    initdb --pgdata="$PGDATA" --username=postgres --encoding=UTF8 --locale=C.UTF-8 \
        --auth-local=peer --auth-host=scram-sha-256 >/dev/null
    # Other containers connect over the network, with a password.
    printf '%s\n' 'host all all all scram-sha-256' >>"$PGDATA/pg_hba.conf"

    # A temporary server on the Unix socket only, so the healthcheck (TCP) stays red meanwhile.
    pg_ctl --pgdata="$PGDATA" --wait --silent -o "-c listen_addresses=''" start
    psql --quiet --no-psqlrc -v ON_ERROR_STOP=1 --username=postgres --dbname=postgres \
        -v app_password="$POSTGRES_PASSWORD" <<'SQL'
CREATE ROLE app LOGIN PASSWORD :'app_password';
CREATE DATABASE app OWNER app;
\connect app
SET ROLE app;
\i /usr/local/share/quickstart/init.sql
SQL
    pg_ctl --pgdata="$PGDATA" --wait --silent --mode=fast stop
    touch "$MARKER"
    echo "entrypoint: initialised, starting PostgreSQL" >&2
fi

exec postgres -D "$PGDATA" -c listen_addresses='*' "$@"
