"""The catalogue's pages. The front page counts its views in the data service, so it shows
that web reaches it (nothing else can: it is on the internal network only)."""
import django.db
import redis
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render

from .models import Project

TAGLINE = "A catalogue of energy research projects"


def data_service():
    return redis.Redis(host=settings.DATA_HOST, password=settings.DATA_PASSWORD, socket_timeout=2)


def home(request):
    context = {"environment": settings.ENVIRONMENT, "debug": settings.DEBUG, "tagline": TAGLINE}
    try:
        context["projects"] = list(Project.objects.all()[:50])
    except django.db.ProgrammingError:
        # Staging and prod do not migrate on `up` (seed 004): say so rather than fail with a 500.
        return render(request, "catalogue/not_migrated.html", context, status=503)
    context["views"] = data_service().incr("coped:home-views")
    return render(request, "catalogue/home.html", context)


def healthz(request):
    """Ready when the database and the data service answer (the schema may be missing)."""
    try:
        with django.db.connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        data_service().ping()
    except (django.db.Error, redis.RedisError) as err:
        return HttpResponse(f"not ready: {err}\n", status=503, content_type="text/plain")
    return HttpResponse(f"ok {settings.ENVIRONMENT}\n", content_type="text/plain")
