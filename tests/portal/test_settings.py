import os
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "k" * 60,
    "ALLOWED_HOSTS": "notary.example.gov.cn",
    "ID_NUMBER_ENCRYPTION_KEYS": "J0Ck1kYQ3Z2mQm3o9c0Yw1kP8x1bQm7vJ5b2rT3nL6s=",
    "ID_NUMBER_HASH_KEY": "h" * 40,
    "CACHE_URL": "redis://127.0.0.1:6379/1",
    "SMS_BACKEND": "portal.sms.LocmemBackend",  # stands in for the operator's gateway
    "PATH": os.environ.get("PATH", ""),
}


def _load_production(**overrides) -> subprocess.CompletedProcess:
    env = {**PRODUCTION_ENV, **overrides}
    env = {k: v for k, v in env.items() if v is not None}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_starts_with_a_secret_key_and_hosts():
    result = _load_production()
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": " , "}, "ALLOWED_HOSTS"),
        ({"ID_NUMBER_ENCRYPTION_KEYS": None}, "ID_NUMBER_ENCRYPTION_KEYS"),
        ({"ID_NUMBER_HASH_KEY": "short"}, "ID_NUMBER_HASH_KEY"),
        ({"CACHE_URL": None}, "CACHE_URL"),
        ({"SMS_BACKEND": None}, "SMS_BACKEND"),
        ({"SMS_BACKEND": "portal.sms.ConsoleBackend"}, "SMS_BACKEND"),
    ],
)
def test_production_refuses_to_start_without_real_secrets(overrides, message):
    result = _load_production(**overrides)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_default_settings_need_no_configuration():
    env = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "portal.settings.local"}
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND, s.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
        "False",
    ]


def test_a_broker_url_turns_inline_tasks_off():
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "portal.settings.local",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        "DATABASE_URL": "postgres://u@db.example:5432/portal",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CELERY_TASK_ALWAYS_EAGER, s.DATABASES['default']['ENGINE'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.stdout.split() == ["False", "django.db.backends.postgresql"]


def test_chinese_is_the_default_language_and_time_is_beijing_time():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai" and settings.USE_TZ


def test_no_page_loads_assets_from_another_host():
    for root, _dirs, files in os.walk("templates"):
        for name in files:
            with open(os.path.join(root, name), encoding="utf-8") as handle:
                body = handle.read()
            assert "cdn" not in body.lower(), name
            assert 'src="http' not in body and 'href="http' not in body.replace(
                'href="https://github.com', ""
            ), name
