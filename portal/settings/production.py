"""Production: refuses to start without a real secret key and host list."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, env_bool, env_list

DEBUG = False

SECRET_KEY = env.str("SECRET_KEY", default="")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("insecure"):
    raise ImproperlyConfigured("Set SECRET_KEY to a random value of at least 50 characters.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the comma-separated host names served.")
if (
    not env_list("ID_NUMBER_ENCRYPTION_KEYS", [])
    or len(env.str("ID_NUMBER_HASH_KEY", default="")) < 32
):
    raise ImproperlyConfigured(
        "Set ID_NUMBER_ENCRYPTION_KEYS (Fernet keys, comma-separated, newest first) and "
        "ID_NUMBER_HASH_KEY (a random value of at least 32 characters)."
    )

if not env.str("CACHE_URL", default=""):
    raise ImproperlyConfigured(
        "Set CACHE_URL (e.g. redis://redis:6379/1): sign-in rate limits need a shared cache."
    )

# The console backend prints every message, recipient included, to stdout: into the logs.
SMS_BACKEND = env.str("SMS_BACKEND", default="")
if SMS_BACKEND in ("", "portal.sms.ConsoleBackend"):
    raise ImproperlyConfigured(
        "Set SMS_BACKEND to the dotted path of the SMS gateway's backend class: the console "
        "backend prints residents' messages to the log."
    )

# The demo verifier answers from a table the demo data fills: no authority. Empty: off.
VERIFIER_BACKEND = env.str("VERIFIER_BACKEND", default="")
if VERIFIER_BACKEND == "verification.backends.DemoVerifier":
    raise ImproperlyConfigured(
        "VERIFIER_BACKEND names the demo verifier, which answers from demo data: set the data "
        "link's backend class, or leave it empty to verify nothing online."
    )

# The README's deployment: one TLS-terminating reverse proxy in front of gunicorn.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)

REQUIRE_STAFF_MFA = env_bool("REQUIRE_STAFF_MFA", True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8  # a working day; staff sign in again each morning

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Behind a TLS-terminating reverse proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
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

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
