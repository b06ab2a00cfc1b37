#!/bin/bash
# Initialise the data directory on first start (as the mysql user: the system tables, a
# unix-socket-only root and mysql account, no test database, no network users), then run
# the server in the foreground. Users, grants and replication are set up by testbed jobs.
# The image's build runs it with --initialise-only, so a new set's volume, which the engine
# fills from the image, usually has the system tables already.
set -euo pipefail

datadir=/var/lib/mysql
if [ ! -d "$datadir/mysql" ]; then
    echo "entrypoint: initialising $datadir"
    # (As non-root it cannot chown the PAM helper, which is not used here: drop that message.)
    /usr/bin/mariadb-install-db --user=mysql --datadir="$datadir" \
        --auth-root-authentication-method=socket --skip-test-db \
        >/dev/null 2> >(grep -v 'auth_pam_tool' >&2)
fi

[ "${1:-}" != --initialise-only ] || exit 0
exec /usr/sbin/mariadbd "$@"
