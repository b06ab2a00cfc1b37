"""Unit tests of COPED's pages, run in the dev image only (pytest is a dev dependency):
testbed test dev unit-tests."""
from django.template.loader import render_to_string
from django.urls import reverse


def test_urls():
    assert reverse("home") == "/"
    assert reverse("healthz") == "/healthz"


def test_not_migrated_page_says_how_to_migrate():
    html = render_to_string("catalogue/not_migrated.html", {"environment": "PRODUCTION"})
    assert "testbed run SET migrate" in html
    assert "PRODUCTION" in html
