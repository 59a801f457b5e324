"""Production: refuses to start without a real secret key and host list."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("insecure"):
    raise ImproperlyConfigured("Set SECRET_KEY to a random value of at least 50 characters.")

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the comma-separated host names served.")
if (
    not os.environ.get("ID_NUMBER_ENCRYPTION_KEYS")
    or len(os.environ.get("ID_NUMBER_HASH_KEY", "")) < 32
):
    raise ImproperlyConfigured(
        "Set ID_NUMBER_ENCRYPTION_KEYS (Fernet keys, comma-separated, newest first) and "
        "ID_NUMBER_HASH_KEY (a random value of at least 32 characters)."
    )

if not os.environ.get("CACHE_URL"):
    raise ImproperlyConfigured(
        "Set CACHE_URL (e.g. redis://redis:6379/1): sign-in rate limits need a shared cache."
    )

# The console backend prints every message, recipient included, to stdout: into the logs.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "")
if SMS_BACKEND in ("", "portal.sms.ConsoleBackend"):
    raise ImproperlyConfigured(
        "Set SMS_BACKEND to the dotted path of the SMS gateway's backend class: the console "
        "backend prints residents' messages to the log."
    )

# The README's deployment: one TLS-terminating reverse proxy in front of gunicorn.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))

REQUIRE_STAFF_MFA = env_bool("REQUIRE_STAFF_MFA", True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8  # a working day; staff sign in again each morning

CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# Behind a TLS-terminating reverse proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
