"""The pytest run. DATABASE_URL picks PostgreSQL (CI always does); without it, SQLite."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = ""
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "availability": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "availability",
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    },
}
SMS_BACKEND = "portal.sms.LocmemBackend"
