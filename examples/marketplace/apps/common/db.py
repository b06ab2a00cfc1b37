"""One PostgreSQL connection per thread of a worker, opened on first use and opened again when
the database went away (a restart of db, a snapshot being taken). Settings come from libpq's
environment: PGHOST, PGDATABASE, PGUSER, PGPASSWORD.
"""
import threading
from contextlib import contextmanager

import psycopg2
import psycopg2.extras

_local = threading.local()


def _connection():
    conn = getattr(_local, "conn", None)
    if conn is None or conn.closed:
        conn = psycopg2.connect(connect_timeout=3, application_name="marketplace")
        _local.conn = conn
    return conn


@contextmanager
def cursor():
    """A dict cursor in a transaction: committed when the block ends, rolled back on error."""
    conn = _connection()
    try:
        with conn:
            with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
                yield cur
    except (psycopg2.OperationalError, psycopg2.InterfaceError):
        # The connection is broken: drop it, so that the next request opens a new one.
        try:
            conn.close()
        finally:
            _local.conn = None
        raise
