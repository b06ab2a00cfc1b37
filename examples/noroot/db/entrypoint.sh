#!/bin/bash
# First start with an empty data directory: the system tables, then the application's database
# and user from the environment (MARIADB_DATABASE, MARIADB_USER, MARIADB_PASSWORD), through the
# server's bootstrap mode: no file holds the password, no network is open meanwhile. Then the
# server in the foreground, as PID 1, logging to stderr. Whatever UID runs it.
set -euo pipefail

datadir=/var/lib/mysql
if [ ! -d "$datadir/mysql" ]; then
    : "${MARIADB_DATABASE:?is not set}" "${MARIADB_USER:?is not set}" "${MARIADB_PASSWORD:?is not set}"
    echo "entrypoint: initialising $datadir as uid $(id -u), gid $(id -g)"
    # (As non-root it cannot chown the PAM helper, which is not used here: drop that message.)
    mariadb-install-db --datadir="$datadir" --auth-root-authentication-method=socket --skip-test-db \
        >/dev/null 2> >(grep -v 'auth_pam_tool' >&2)
    mariadbd --bootstrap --datadir="$datadir" --skip-networking --log-error= <<SQL
FLUSH PRIVILEGES;
CREATE DATABASE IF NOT EXISTS \`${MARIADB_DATABASE}\`;
CREATE USER IF NOT EXISTS '${MARIADB_USER}'@'%' IDENTIFIED BY '${MARIADB_PASSWORD}';
GRANT ALL PRIVILEGES ON \`${MARIADB_DATABASE}\`.* TO '${MARIADB_USER}'@'%';
SQL
    echo "entrypoint: database ${MARIADB_DATABASE} and user ${MARIADB_USER} are ready"
fi

exec /usr/sbin/mariadbd "$@"
