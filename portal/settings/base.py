"""Settings shared by every mode. Environment variables are read here and in the mode files only,
through django-environ's `env` (typed: str, int, bool, list, database and cache URLs).

Safe defaults make the portal run with no configuration at all: a SQLite file, tasks run inline,
e-mail printed to the console. `production.py` removes the defaults that must not reach production.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


class _Env(environ.Env):
    """django-environ without its "$OTHER_VARIABLE" indirection: a random secret key may well
    begin with a dollar sign, and must be read as it is, not as the name of another variable."""

    def get_value(self, var, cast=None, default=environ.Env.NOTSET, parse_default=False):
        raw = self.ENVIRON.get(f"{self.prefix}{var}")
        if isinstance(raw, str) and raw.startswith("$"):
            return self.parse_value(raw, cast) if cast is not None else raw
        return super().get_value(var, cast=cast, default=default, parse_default=parse_default)


env = _Env()


def env_bool(name: str, default: bool) -> bool:
    """A flag: 1, true, yes, on (any case) are on; unset or empty is the default."""
    if not env.str(name, default="").strip():
        return default
    return env.bool(name, default=default)


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list, items stripped; unset or empty is the default."""
    items = [item.strip() for item in env.list(name, default=[]) if item.strip()]
    return items or default


SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-do-not-use-in-production")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    # The open-data API (portal/api.py); listed for its vendored Swagger UI files.
    "ninja",
    "accounts",
    "notaries",
    "appointments",
    "casework",
    "workspace",
    "blacklist",
    "hotline",
    "supervision",
    "events",
    "waitlist",
    "legalaid",
    "commitments",
    "verification",
    "consult",
    # The demo loader sits on top of every app: it fills them all (`manage.py seed_demo`).
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the form (CsrfViewMiddleware does): 405 and 400 for what cannot be read.
    "portal.middleware.RejectMalformedRequestMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.PrivateCacheControlMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.StaffMfaRequiredMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portal.context_processors.portal",
            ],
            # `|when`: "12月4日 周五 09:30" on Chinese pages (portal/dates.py).
            "builtins": ["portal.dates"],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
# No DATABASE_URL: a SQLite file beside manage.py (the embedded default). Production and CI use
# PostgreSQL, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal
DATABASES = {
    "default": {
        **env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        "CONN_MAX_AGE": env.int("DB_CONN_MAX_AGE", default=0),
        "CONN_HEALTH_CHECKS": True,
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache --------------------------------------------------------------------------------------
# allauth's rate limits keep their counters in the cache: production points it at Redis.
if env.str("CACHE_URL", default=""):
    # Django's own Redis backend (not django-redis), whatever the URL's scheme says.
    CACHES = {
        "default": env.cache_url("CACHE_URL", backend="django.core.cache.backends.redis.RedisCache")
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Free times per office and day, under versions every write bumps (appointments/availability_cache):
# shared by every host through Redis, else local memory (one process: the embedded default). With
# Redis down the engine computes from the database, so the timeouts are short.
CACHES["availability"] = (
    {
        **CACHES["default"],
        "KEY_PREFIX": "availability",
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
    }
    if env.str("CACHE_URL", default="")
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "availability",
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    }
)

# --- Accounts -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"

# Resident identity numbers are stored encrypted (Fernet; the first key encrypts, all decrypt, so
# keys can be rotated) with a keyed hash beside them for look-ups and uniqueness. The development
# defaults are derived from SECRET_KEY; production requires its own keys.
ID_NUMBER_ENCRYPTION_KEYS = env_list("ID_NUMBER_ENCRYPTION_KEYS", [])
ID_NUMBER_HASH_KEY = env.str("ID_NUMBER_HASH_KEY", default="")

# How many reverse proxies of our own stand in front of the app. The client's address is the entry
# this many hops from the right of X-Forwarded-For (portal.client_ip); 0 reads no header at all.
# More than the real number lets a client choose its own address and escape every rate limit.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Rate limits on sign-in, sign-up and password reset (allauth's own, kept in the cache: Redis in
# production; they do nothing on a dummy cache). They count per client address (through
# accounts.adapters.AccountAdapter.get_client_ip) and, where the key is the e-mail, per account:
# failed sign-ins are limited per address and per account.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
}
# The portal's own write forms (portal.ratelimit): "amount/period[/ip|user]"; without a "per",
# the limit counts per client address and, when signed in, per account as well.
# A legal-aid grant waives notarization fees for appointments this many days after it.
LEGAL_AID_GRANT_VALID_DAYS = env.int("LEGAL_AID_GRANT_VALID_DAYS", default=365)

PORTAL_RATE_LIMITS = {
    "opinion": "5/10m",
    "home_visit": "3/h/user,20/h/ip",
    "booking": "10/10m/user,60/10m/ip",
    "event_signup": "10/10m/user,60/10m/ip",
    # Sign-in codes by text message: asking for one costs an SMS, checking one is a guess.
    "sms_code": "5/h/ip",
    "sms_code_check": "20/h/ip",
    "waitlist": "10/h/user,30/h/ip",
    "legal_aid_application": "5/h/user,30/h/ip",
    # 12348 questions: anyone may ask without an account, so the address counts most.
    "consultation": "5/h/user,10/h/ip",
    "consultation_lookup": "30/h/ip",
    # The open-data free times, per client address: enough for any app, not for starving the
    # portal (answers are cacheable for 30 s and revalidate with If-None-Match).
    "api_availability": "120/m/ip",
}
# Multi-factor authentication (TOTP with recovery codes). Office staff, hotline operators and
# bureau admins must turn it on before they can use any page but the MFA set-up itself.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "City Notary Service"
REQUIRE_STAFF_MFA = env_bool("REQUIRE_STAFF_MFA", False)

# --- Content Security Policy ----------------------------------------------------------------------
# Scripts only from our own static files (no inline script anywhere). Inline style attributes
# are allowed: a few layout tweaks use them, and they cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- History -------------------------------------------------------------------------------------
# Every admin record's History page is for reading: a revert from there would bypass what saving
# through the admin or a service does (conflict warnings, inline materials, booked appointments).
SIMPLE_HISTORY_REVERT_DISABLED = True

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
# Named date formats per language (portal/formats/zh_Hans/formats.py: 2026年12月4日 09:30).
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- Static files -------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The app serves its own static files (no separate web server needed); in development and tests
# WhiteNoise finds them in place without collectstatic.
WHITENOISE_USE_FINDERS = True
# Until `collectstatic` has run there is no STATIC_ROOT; the finders serve the files meanwhile.
warnings.filterwarnings("ignore", message="No directory at")

# --- Forms --------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail -------------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="no-reply@notary-portal.invalid")

# --- Celery -------------------------------------------------------------------------------------
# No broker configured: tasks run inline in the calling process (the embedded default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A task that a worker took but never acknowledged (the worker was killed) goes back to the queue
# once it is this many seconds old. It must exceed the longest task, or a slow task runs twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_BROKER_VISIBILITY_TIMEOUT", default=3600),
}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "appointment-reminders": {
        "task": "appointments.tasks.send_due_reminders",
        "schedule": 10 * 60,  # seconds; each reminder is claimed once, so overlap is harmless
    },
    "personal-data-retention": {
        "task": "appointments.tasks.anonymise_personal_data",
        "schedule": crontab(minute=30, hour=3),
    },
    # Times freed by new hours, lifted leave or the green-channel share released the day before
    # (cancellations and moves trigger a run at once); expired offers pass to the next resident.
    "waitlist-offers": {
        "task": "waitlist.tasks.make_waitlist_offers",
        "schedule": 5 * 60,
    },
    # Each January, the return-visit draw for the year just ended (idempotent per year).
    "annual-return-visit-draw": {
        "task": "supervision.tasks.run_annual_draw",
        "schedule": crontab(minute=0, hour=2, day_of_month=5, month_of_year=1),
    },
}

# --- Portal -------------------------------------------------------------------------------------
HOTLINE_NUMBER = "12348"
# Legal consultation (consult): a request is answered within this many working days of the
# statutory calendar, by the end of the working day.
CONSULT_ANSWER_WORKING_DAYS = env.int("CONSULT_ANSWER_WORKING_DAYS", default=1)
CONSULT_WORKING_DAY_ENDS = env.str("CONSULT_WORKING_DAY_ENDS", default="17:30")
# When the consultation desk's working hours start: answer times count working hours only.
CONSULT_WORKING_DAY_STARTS = env.str("CONSULT_WORKING_DAY_STARTS", default="09:00")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "portal.logging.MaskPersonalDataFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_personal_data"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
DEFAULT_EXCEPTION_REPORTER_FILTER = "portal.logging.PortalExceptionReporterFilter"

# --- Booking ------------------------------------------------------------------------------------
APPOINTMENT_SLOT_STEP_MINUTES = env.int("APPOINTMENT_SLOT_STEP_MINUTES", default=30)
APPOINTMENT_MAX_ACTIVE_PER_RESIDENT = env.int("APPOINTMENT_MAX_ACTIVE_PER_RESIDENT", default=3)
# An account booking for relatives or as an agent manages at most this many upcoming appointments
# (its own included); each person stays within the limit above, whoever books for them.
APPOINTMENT_MAX_ACTIVE_PER_ACCOUNT = env.int("APPOINTMENT_MAX_ACTIVE_PER_ACCOUNT", default=6)
APPOINTMENT_CANCEL_CUTOFF_MINUTES = env.int("APPOINTMENT_CANCEL_CUTOFF_MINUTES", default=120)
# Check-in opens this long before the start (people come early), on the visit's own day only.
APPOINTMENT_CHECK_IN_OPENS_MINUTES = env.int("APPOINTMENT_CHECK_IN_OPENS_MINUTES", default=180)
APPOINTMENT_REMINDER_HOURS = env.int("APPOINTMENT_REMINDER_HOURS", default=24)

# --- SMS ----------------------------------------------------------------------------------------
# A pluggable backend beside e-mail: the console in development, locmem in tests.
SMS_BACKEND = env.str("SMS_BACKEND", default="portal.sms.ConsoleBackend")

# --- Verification through data links ---------------------------------------------------------
# A pluggable verifier (verification/backends.py): the demo one answers from the local table the
# demo data fills; empty turns online verification off. A verifier gives up after the timeout.
VERIFIER_BACKEND = env.str("VERIFIER_BACKEND", default="verification.backends.DemoVerifier")
VERIFIER_TIMEOUT_SECONDS = env.float("VERIFIER_TIMEOUT_SECONDS", default=5.0)

# Absolute links in e-mail and calendar files.
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000")

# --- Uploaded materials ---------------------------------------------------------------------------
# Residents' scans live outside the static and public media areas; they are served only through
# a permission-checked view (to the resident and the office's staff).
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private_media")))
MATERIAL_UPLOAD_MAX_BYTES = env.int("MATERIAL_UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Personal data of appointments is removed this long after they ended (the statistics stay).
PERSONAL_DATA_RETENTION_DAYS = env.int("PERSONAL_DATA_RETENTION_DAYS", default=3 * 365)
