"""gunicorn settings shared by the three apps (the module to serve is the command's argument).

MARKETPLACE_DEV=1 (compose.override.yaml) reloads a worker when a Python file changes, and
Flask re-reads templates on change, so code mounted from the host shows without a rebuild.
"""
import os

bind = "0.0.0.0:8000"
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
# Threads, so a slow search does not hold the only free worker; psycopg2 and redis are thread-safe per connection.
threads = 4
worker_class = "gthread"
timeout = 30
graceful_timeout = 5
accesslog = "-"
errorlog = "-"
# The healthchecks ask every few seconds: keep them out of the access log.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
reload = os.environ.get("MARKETPLACE_DEV") == "1"
reload_engine = "poll"
# The app is imported once, in the master, and the workers are forked from it: half the start-up
# CPU of importing it in each worker. Not in development, where a reloaded worker must import
# the edited code itself.
preload_app = not reload
