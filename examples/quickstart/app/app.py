"""Testbed quick start: a tiny notes API on port 8000.

GET  /health  200 "ok" when the database answers a query, else 503
GET  /notes   the notes, as a JSON list
POST /notes   {"text": "..."} adds one note, answers 201 with it

The database connection comes from libpq's environment: PGHOST, PGDATABASE, PGUSER, PGPASSWORD.
"""
import json
import os
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psycopg2

PORT = int(os.environ.get("PORT", "8000"))
MAX_BODY = 16 * 1024
MAX_TEXT = 1000


def connect():
    # A connection per request: simple, and it survives the database restarting.
    return psycopg2.connect(connect_timeout=3, application_name="quickstart-app")


def query(sql, params=(), commit=False):
    conn = connect()
    try:
        with conn.cursor() as cur:
            cur.execute(sql, params)
            rows = cur.fetchall()
        if commit:
            conn.commit()
        return rows
    finally:
        conn.close()


def note(row):
    return {"id": row[0], "text": row[1], "created_at": row[2].isoformat()}


class Handler(BaseHTTPRequestHandler):
    server_version = "quickstart-app/1"

    def send(self, status, body, content_type="application/json"):
        data = body if isinstance(body, bytes) else (json.dumps(body) + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == "/health":
            try:
                query("SELECT count(*) FROM notes")
            except psycopg2.Error as err:
                self.log_message("health: database not ready: %s", str(err).strip())
                return self.send(503, b"database not ready\n", "text/plain")
            return self.send(200, b"ok\n", "text/plain")
        if path == "/notes":
            try:
                rows = query("SELECT id, text, created_at FROM notes ORDER BY id")
            except psycopg2.Error as err:
                self.log_message("notes: %s", str(err).strip())
                return self.send(503, {"error": "database unavailable"})
            return self.send(200, [note(r) for r in rows])
        self.send(404, {"error": "not found"})

    def do_POST(self):
        if self.path.split("?", 1)[0] != "/notes":
            return self.send(404, {"error": "not found"})
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length <= 0 or length > MAX_BODY:
            return self.send(400, {"error": f"send a JSON body of 1 to {MAX_BODY} bytes"})
        try:
            body = json.loads(self.rfile.read(length))
        except ValueError:
            return self.send(400, {"error": "body is not valid JSON"})
        text = body.get("text") if isinstance(body, dict) else None
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
            return self.send(400, {"error": f'expected {{"text": "..."}} with 1 to {MAX_TEXT} characters'})
        try:
            rows = query(
                "INSERT INTO notes (text) VALUES (%s) RETURNING id, text, created_at",
                (text.strip(),),
                commit=True,
            )
        except psycopg2.Error as err:
            self.log_message("insert: %s", str(err).strip())
            return self.send(503, {"error": "database unavailable"})
        self.send(201, note(rows[0]))

    def log_request(self, code="-", size="-"):
        # The healthcheck asks every 2 s; log it only when it fails.
        if self.path == "/health" and str(code) == "200":
            return
        super().log_request(code, size)


def main():
    # As PID 1, Python would ignore SIGTERM; exit promptly instead.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server = ThreadingHTTPServer(("0.0.0.0", PORT), Handler)
    server.daemon_threads = True
    print(f"quickstart app listening on :{PORT}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
