import os

import pytest
from django.db import connection


@pytest.fixture(autouse=True, scope="session")
def _ci_runs_on_postgresql(django_db_setup, django_db_blocker):
    """CI must exercise PostgreSQL (constraints, locks); a silent fall-back to SQLite is a failure."""
    if os.environ.get("CI"):
        with django_db_blocker.unblock():
            assert connection.vendor == "postgresql", "CI must run the suite on PostgreSQL"


@pytest.fixture
def english(client):
    """A client that asked for English, as a browser's Accept-Language would."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def chinese(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-CN,zh;q=0.9"
    return client
