"""Django's settings for plain pytest: these tests need no database."""
import django


def pytest_configure():
    django.setup()
