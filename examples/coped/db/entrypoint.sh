#!/bin/bash
# Makes the COPED database on an empty data directory (role and database named by
# POSTGRES_USER and POSTGRES_DB, password POSTGRES_PASSWORD), then runs PostgreSQL.
# The schema is not made here: Django's migrations make it (`testbed run <set> migrate`).
set -euo pipefail

: "${PGDATA:?}" "${POSTGRES_USER:=coped}" "${POSTGRES_DB:=coped}"
MARKER="$PGDATA/.coped-initialized"

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
    printf '%s\n' 'host all all all scram-sha-256' >>"$PGDATA/pg_hba.conf"

    # Unix socket only meanwhile, so the healthcheck (TCP) stays red until the role exists.
    pg_ctl --pgdata="$PGDATA" --wait --silent -o "-c listen_addresses=''" start
    psql --quiet --no-psqlrc -v ON_ERROR_STOP=1 --username=postgres --dbname=postgres \
        -v user="$POSTGRES_USER" -v db="$POSTGRES_DB" -v password="$POSTGRES_PASSWORD" <<'SQL'
CREATE ROLE :"user" LOGIN PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"user";
SQL
    pg_ctl --pgdata="$PGDATA" --wait --silent --mode=fast stop
    touch "$MARKER"
    echo "entrypoint: initialised, starting PostgreSQL" >&2
fi

exec postgres -D "$PGDATA" -c listen_addresses='*' "$@"
