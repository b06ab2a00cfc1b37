#!/bin/bash
# Initialise the data directory on the first start (as root), with the passwords of the
# environment, then run the server as root.
set -euo pipefail
datadir=/var/lib/mysql
if [ ! -d "$datadir/mysql" ]; then
    mariadb-install-db --user=root --datadir="$datadir" --skip-test-db >/dev/null
    mariadbd --user=root --bootstrap --datadir="$datadir" --skip-networking <<SQL
FLUSH PRIVILEGES;
ALTER USER 'root'@'localhost' IDENTIFIED BY '${MARIADB_ROOT_PASSWORD}';
CREATE DATABASE IF NOT EXISTS \`${MARIADB_DATABASE}\`;
CREATE USER IF NOT EXISTS '${MARIADB_USER}'@'%' IDENTIFIED BY '${MARIADB_PASSWORD}';
GRANT ALL PRIVILEGES ON \`${MARIADB_DATABASE}\`.* TO '${MARIADB_USER}'@'%';
SQL
fi
exec mariadbd --user=root --bind-address=0.0.0.0
