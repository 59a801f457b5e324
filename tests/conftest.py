import datetime as dt
import os
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.utils import translation

_travel = None


def _fixed_today(value: str) -> dt.datetime:
    """PORTAL_TEST_TODAY as a moment in the city: "2026-12-04" (10:00) or "2026-12-04T16:30"."""
    moment = dt.datetime.fromisoformat(value if "T" in value else f"{value}T10:00")
    return moment.replace(tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


def pytest_configure(config):
    """With PORTAL_TEST_TODAY set, the whole run (web server threads, workers, browser tests'
    live server) believes that is today; the clock ticks on from there. CI runs the suite under
    several such days: a test that only passes on some weekdays fails there, every time."""
    global _travel
    value = os.environ.get("PORTAL_TEST_TODAY", "").strip()
    if value:
        _travel = time_machine.travel(_fixed_today(value), tick=True)
        _travel.start()


def pytest_unconfigure(config):
    if _travel is not None:
        _travel.stop()


def pytest_report_header(config):
    value = os.environ.get("PORTAL_TEST_TODAY", "").strip()
    return f"today: {_fixed_today(value):%Y-%m-%d %H:%M %A} (PORTAL_TEST_TODAY)" if value else None


@pytest.fixture(autouse=True, scope="session")
def _ci_runs_on_postgresql(django_db_setup, django_db_blocker):
    """CI must exercise PostgreSQL (constraints, locks); a silent fall-back to SQLite is a failure."""
    if os.environ.get("CI"):
        with django_db_blocker.unblock():
            assert connection.vendor == "postgresql", "CI must run the suite on PostgreSQL"


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's default language, whatever an earlier test activated, so
    no test passes or fails by the order it runs in."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters (allauth's and the portal's) and cached answers live in the cache: each
    test starts with it empty, so no test is limited by what an earlier one sent."""
    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()


@pytest.fixture
def english(client):
    """A client that asked for English, as a browser's Accept-Language would."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def chinese(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-CN,zh;q=0.9"
    return client
