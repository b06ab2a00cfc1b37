"""The WSGI application gunicorn serves (staging and prod)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coped.settings")
application = get_wsgi_application()
