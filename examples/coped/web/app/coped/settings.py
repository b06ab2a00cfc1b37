"""COPED's settings: everything that differs between environments comes from the environment
(compose.yaml and the env file of the set), nothing from this file."""
import os

ENVIRONMENT = os.environ.get("ENVIRONMENT", "DEVELOPMENT")
DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
# Generated per set by Testbed (x-testbed.secrets.django_secret_key); Django refuses to start
# without one.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
# Behind nginx, reached by the set's own addresses and names (127.x.y.z, nginx.SET.lan).
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "*").split(",")

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.staticfiles",
    "catalogue",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
ROOT_URLCONF = "coped.urls"
WSGI_APPLICATION = "coped.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.debug"]},
    }
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": os.environ.get("PGHOST", "db"),
        "NAME": os.environ.get("PGDATABASE", "coped"),
        "USER": os.environ.get("PGUSER", "coped"),
        "PASSWORD": os.environ.get("PGPASSWORD", ""),
        "CONN_MAX_AGE": 60,
        "OPTIONS": {"connect_timeout": 3},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The data service (Redis): on the internal network only, password made per set.
DATA_HOST = os.environ.get("DATA_HOST", "data")
DATA_PASSWORD = os.environ.get("DATA_PASSWORD", "")

STATIC_URL = "/static/"
# A volume shared with nginx, which serves it.
STATIC_ROOT = os.environ.get("STATIC_ROOT", "/srv/static")

USE_TZ = True
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
