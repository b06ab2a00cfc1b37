"""What the two front ends share: Flask set-up with sessions in redis, and the API client."""
import json
import os
import urllib.error
import urllib.parse
import urllib.request

import redis
from flask import Flask
from flask_session import Session

API_URL = os.environ.get("API_URL", "http://api:8000")


def create_app(name, url_prefix=""):
    app = Flask(name)
    dev = os.environ.get("MARKETPLACE_DEV") == "1"
    app.config.update(
        SECRET_KEY=os.environ["FLASK_SECRET_KEY"],
        # Sessions (a buyer's basket, a supplier's sign-in) live in redis, so every worker and
        # every replica of an app sees the same ones. Cookies are signed with the secret key.
        SESSION_TYPE="redis",
        SESSION_REDIS=redis.Redis(host=os.environ.get("REDIS_HOST", "redis"), port=6379, socket_timeout=3),
        SESSION_KEY_PREFIX=f"{name}:",
        SESSION_USE_SIGNER=True,
        SESSION_COOKIE_NAME=f"{name}_session",
        SESSION_COOKIE_PATH=url_prefix or "/",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        TEMPLATES_AUTO_RELOAD=dev,
    )
    Session(app)

    @app.get("/health")
    def health():
        # The container's healthcheck: the app answers and reaches redis (its sessions).
        try:
            app.config["SESSION_REDIS"].ping()
        except redis.RedisError:
            return "redis not ready\n", 503, {"Content-Type": "text/plain"}
        return "ok\n", 200, {"Content-Type": "text/plain"}

    return app


class ApiError(Exception):
    def __init__(self, status, body):
        super().__init__(f"API answered {status}: {body}")
        self.status = status
        self.body = body


def api(method, path, body=None, params=None):
    """Calls the API; returns its JSON, or raises ApiError with its status and answer."""
    url = API_URL + path + ("?" + urllib.parse.urlencode(params) if params else "")
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as res:
            return json.load(res)
    except urllib.error.HTTPError as err:
        raw = err.read().decode(errors="replace")
        try:
            raw = json.loads(raw)
        except ValueError:
            pass
        raise ApiError(err.code, raw) from None
