"""Settings read through django-environ: every variable the README lists keeps its name, its
default and its meaning (each case loads the settings in a fresh interpreter)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.portal.test_settings import PRODUCTION_ENV

_PRINT = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "db = s.DATABASES['default']; c = s.CACHES['default']; print(json.dumps({"
    "'engine': db['ENGINE'], 'name': str(db['NAME']), 'host': db.get('HOST', ''), "
    "'port': db.get('PORT', ''), 'user': db.get('USER', ''), 'password': db.get('PASSWORD', ''), "
    "'max_age': db['CONN_MAX_AGE'], 'health': db['CONN_HEALTH_CHECKS'], "
    "'cache': c['BACKEND'], 'cache_location': c.get('LOCATION', ''), "
    "'proxies': s.TRUSTED_PROXY_COUNT, 'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, "
    "'secret': s.SECRET_KEY, 'mfa': s.REQUIRE_STAFF_MFA, 'broker': s.CELERY_BROKER_URL, "
    "'visibility': s.CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'], "
    "'max_active': s.APPOINTMENT_MAX_ACTIVE_PER_RESIDENT, 'media': str(s.PRIVATE_MEDIA_ROOT), "
    "'keys': s.ID_NUMBER_ENCRYPTION_KEYS, 'origins': getattr(s, 'CSRF_TRUSTED_ORIGINS', [])}))"
)


def _settings(module: str = "portal.settings.local", **env: str) -> dict:
    base = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": module}
    if module.endswith("production"):
        base.update(PRODUCTION_ENV)
    result = subprocess.run(
        [sys.executable, "-c", _PRINT], env={**base, **env}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_nothing_set_gives_the_embedded_defaults():
    s = _settings()
    assert s["engine"] == "django.db.backends.sqlite3" and s["name"].endswith("db.sqlite3")
    assert s["max_age"] == 0 and s["health"] is True
    assert s["cache"].endswith("LocMemCache")
    assert s["proxies"] == 0 and s["debug"] is False and s["mfa"] is False
    assert s["hosts"] == ["127.0.0.1", "localhost", "[::1]"]
    assert s["broker"] == "" and s["visibility"] == 3600 and s["max_active"] == 3
    assert s["media"].endswith("private_media")


def test_urls_numbers_flags_and_lists_are_parsed():
    s = _settings(
        DATABASE_URL="postgres://portal:s3cret@db.internal:5433/portal",
        DB_CONN_MAX_AGE="60",
        CACHE_URL="redis://redis:6379/1",
        TRUSTED_PROXY_COUNT="2",
        DJANGO_DEBUG="yes",
        ALLOWED_HOSTS=" a.example , b.example,",
        REQUIRE_STAFF_MFA="1",
        CELERY_BROKER_VISIBILITY_TIMEOUT="7200",
        APPOINTMENT_MAX_ACTIVE_PER_RESIDENT="5",
        PRIVATE_MEDIA_ROOT="/srv/private",
    )
    assert s["engine"] == "django.db.backends.postgresql"
    assert (s["name"], s["host"], s["port"], s["user"], s["password"]) == (
        "portal",
        "db.internal",
        5433,
        "portal",
        "s3cret",
    )
    assert s["max_age"] == 60
    # Django's own Redis backend, as before (not the django-redis package).
    assert s["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert s["cache_location"] == "redis://redis:6379/1"
    assert s["proxies"] == 2 and s["debug"] is True and s["mfa"] is True
    assert s["hosts"] == ["a.example", "b.example"]
    assert s["visibility"] == 7200 and s["max_active"] == 5 and s["media"] == "/srv/private"


def test_empty_values_mean_the_default():
    s = _settings(DJANGO_DEBUG="", ALLOWED_HOSTS="", REQUIRE_STAFF_MFA="")
    assert s["debug"] is False and s["mfa"] is False
    assert s["hosts"] == ["127.0.0.1", "localhost", "[::1]"]
    assert _settings("portal.settings.production", REQUIRE_STAFF_MFA="")["mfa"] is True


def test_a_secret_beginning_with_a_dollar_sign_is_taken_as_it_is():
    """django-environ reads "$NAME" as another variable's value; a secret is never that."""
    secret = "$" + "k" * 60
    assert _settings("portal.settings.production", SECRET_KEY=secret)["secret"] == secret


def test_production_defaults_and_lists():
    s = _settings(
        "portal.settings.production",
        CSRF_TRUSTED_ORIGINS="https://notary.example.gov.cn, https://www.example.gov.cn",
    )
    assert s["proxies"] == 1 and s["mfa"] is True
    assert s["origins"] == ["https://notary.example.gov.cn", "https://www.example.gov.cn"]
    assert _settings("portal.settings.production", TRUSTED_PROXY_COUNT="0")["proxies"] == 0
