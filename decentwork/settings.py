"""Django settings, read from the environment.

The embedded default (no variable set) is a development setup on a SQLite file
with in-process jobs. Production sets ``DEBUG=0`` and must then provide
``SECRET_KEY`` and ``FIELD_ENCRYPTION_KEY``: we refuse to start rather than run
with a guessable key.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DECENTWORK_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None


def env_proxy_ssl_header(name: str) -> tuple[str, str] | None:
    raw = os.environ.get(name, "")
    if raw == "":
        return None
    header, _comma, value = raw.partition(",")
    if not header.startswith("HTTP_") or not value:
        raise ImproperlyConfigured(
            f"{name} must read HEADER,VALUE such as HTTP_X_FORWARDED_PROTO,https, got {raw!r}")
    return header.strip(), value.strip()


def env_required_in_production(name: str, development_default: str) -> str:
    value = os.environ.get(name, "")
    if value:
        return value
    if DEBUG:
        return development_default
    raise ImproperlyConfigured(f"{name} must be set when DEBUG is off")


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_required_in_production("SECRET_KEY", "insecure-development-key-do-not-use")
# Fernet keys (comma-separated, newest first) for sensitive attributes; see ADR 0004.
FIELD_ENCRYPTION_KEYS = env_required_in_production(
    "FIELD_ENCRYPTION_KEY", "aW5zZWN1cmUtZGV2ZWxvcG1lbnQta2V5LTMyLWJ5dGU="
).split(",")

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]
if DEBUG:
    ALLOWED_HOSTS += ["127.0.0.1", "localhost", "testserver"]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # The API docs page from ninja's own copy of Swagger UI, not from a CDN.
    "ninja",
    "decentwork.accounts",
    "decentwork.audit",
    "decentwork.network",
    "decentwork.inbox",
    "decentwork.taxonomy",
    "decentwork.staff",
    "decentwork.programmes",
    "decentwork.seekers",
    "decentwork.employers",
    "decentwork.applications",
    "decentwork.recommendations",
    "decentwork.agenda",
    "decentwork.casenotes",
    "decentwork.followup",
    "decentwork.assistance",
    "decentwork.casework",
    "decentwork.insights",
    "decentwork.demo",
    "decentwork.privacy",
    # Accounts (ADR 0014): sign-in throttling, the TOTP second factor, recovery codes.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Static files were answered above; everything below comes from a view.
    "decentwork.serving.middleware.RequestLogMiddleware",
    "decentwork.serving.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before the CSRF check reads a form: 413/400 for bodies too large or malformed.
    "decentwork.request_limits.RequestBodyLimitMiddleware",
    # A call over its rate limit, from any view, is answered with 429 and Retry-After.
    "decentwork.ratelimit.RateLimitMiddleware",
    "decentwork.accounts.middleware.StaffIdleTimeoutMiddleware",
    "decentwork.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a lockout flagged by the axes backend into the locked-out page.
    "axes.middleware.AxesMiddleware",
]

# Request bodies larger than this are refused with 413 before any view reads them
# (decentwork/request_limits.py), forms with more fields with 400. 2.5 MB, Django's
# default, is far above any form or API call here; the service takes no file uploads.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 1000)

ROOT_URLCONF = "decentwork.urls"
WSGI_APPLICATION = "decentwork.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "decentwork" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "decentwork.accounts.context.scope",
                "decentwork.inbox.context.unread_count",
                "decentwork.demo.context.demo_logins",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'decentwork.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        # A kept connection is checked before a request uses it: after a database
        # restart the request reconnects instead of failing (bench/load.py faults).
        conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the demo server read while an import writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Accounts (ADR 0014) -------------------------------------------------------------
# Argon2 hashes new passwords; a PBKDF2 hash still verifies and is rehashed with
# Argon2 at the person's next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
# django-axes first: it refuses a locked-out client before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed sign-ins are counted per user name from one address, per user name and per
# address, each against its own limit, until LOGIN_COOLOFF_MINUTES after the latest
# failure (decentwork.accounts.throttling).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
LOGIN_FAILURE_LIMIT_PER_ACCOUNT = env_int("LOGIN_FAILURE_LIMIT_PER_ACCOUNT", 20)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 50)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_HANDLER = "decentwork.accounts.throttling.TieredLimitsHandler"
AXES_CLIENT_IP_CALLABLE = "decentwork.accounts.throttling.client_address"
AXES_LOCKOUT_CALLABLE = "decentwork.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
# Axes' own request log duplicates the audit log (decentwork.audit.receivers).
AXES_DISABLE_ACCESS_LOG = True
# Reverse proxies of ours in front of the app, each appending to X-Forwarded-For.
# 0: the client's address is REMOTE_ADDR, and a forged header changes nothing.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
OTP_TOTP_ISSUER = "Decent Work Exchange"
# A password-reset link works once, for this long.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT_MINUTES", 60) * 60
# Sessions last a working day; staff (second-factor roles) are signed out sooner when idle.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE_HOURS", 12) * 3600
STAFF_IDLE_MINUTES = env_int("STAFF_IDLE_MINUTES", 30)

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
    ("tr", _("Turkish")),
    ("nl", _("Dutch")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
    ("id", _("Indonesian")),
    ("th", _("Thai")),
    ("vi", _("Vietnamese")),
    ("km", _("Khmer")),
]
LOCALE_PATHS = [BASE_DIR / "decentwork" / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "decentwork" / "static"]
# Filled by `manage.py collectstatic` (make serve) when DEBUG is off.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Production: names carry a hash of the content, so browsers keep them for a year.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG
                    else "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Serve straight from the app folders in development: no collectstatic step for the demo.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL}}

# Jobs (imports, batch matching): Celery on Redis in production; in-process
# ("eager") on the embedded default, so the demo needs no other service. ADR 0003.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", REDIS_URL or None)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Deployments (or test runs) sharing one Redis keep their tasks apart by queue.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE") or "celery"
# Redis transport options as JSON, e.g. {"visibility_timeout": 3600}: a task whose
# worker vanished is delivered again after visibility_timeout seconds (ADR 0010).
try:
    CELERY_BROKER_TRANSPORT_OPTIONS = json.loads(
        os.environ.get("CELERY_BROKER_TRANSPORT_OPTIONS") or "{}")
except ValueError:
    raise ImproperlyConfigured("CELERY_BROKER_TRANSPORT_OPTIONS must be a JSON object") from None

# Casework reminders (appointments tomorrow, follow-ups due): every hour,
# run by `celery -A decentwork.celery beat`; `manage.py send_reminders` does the same for cron.
CELERY_BEAT_SCHEDULE = {
    "casework-reminders": {"task": "casework.send_reminders", "schedule": 3600.0},
    "audit-retention": {"task": "audit.prune", "schedule": 86400.0},
    "privacy-erase-due": {"task": "privacy.erase_due", "schedule": 3600.0},
}

# Days between a person's request to be erased and the erasure (docs/privacy.md): the
# time they have to change their mind.
PRIVACY_ERASURE_GRACE_DAYS = env_int("PRIVACY_ERASURE_GRACE_DAYS", 30)

# How long audit entries are kept (docs/security.md): two years by default, long enough
# for a complaint or an inspection, short enough not to become a second case file.
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 730)

# Where the linking index is persisted so start-up does not re-encode the taxonomy.
LINKING_INDEX_DIR = Path(os.environ.get("LINKING_INDEX_DIR", VAR_DIR / "linking-index"))
LINKING_DENSE = env_bool("LINKING_DENSE", False)

# Rate limits (decentwork/ratelimit.py), "<calls>/<period>" with an optional " sliding":
# linking per user (the link API and every page that links text), link feedback given
# through the API per user, and self-service sign-up per address (raise it where a
# whole office signs people up from one address).
RATE_LIMIT_LINK = os.environ.get("RATE_LIMIT_LINK") or "60/minute sliding"
RATE_LIMIT_LINK_FEEDBACK = os.environ.get("RATE_LIMIT_LINK_FEEDBACK") or "20/hour"
RATE_LIMIT_SIGN_UP = os.environ.get("RATE_LIMIT_SIGN_UP") or "10/hour"
# Deployments (or test runs) sharing one cache keep their counters apart.
RATE_LIMIT_KEY_PREFIX = os.environ.get("RATE_LIMIT_KEY_PREFIX") or "ratelimit"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# HTTPS (docs/deploy.md): on by default when DEBUG is off, each part settable for a
# deployment whose TLS proxy already does it.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
# Which header a TLS-terminating proxy sets to say the request came over HTTPS.
# Trust it only when that proxy strips the header from what clients send.
SECURE_PROXY_SSL_HEADER = env_proxy_ssl_header("SECURE_PROXY_SSL_HEADER")

# No inline script or style anywhere (templates use site.css, Swagger UI its own files):
# injected markup cannot run, nor restyle a page to mislead.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Plain lines for a developer; LOG_FORMAT=json for production's log collectors: one
# object a line on stderr, each with the id of the request it was written under.
LOG_FORMAT = os.environ.get("LOG_FORMAT") or "plain"
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json, got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "decentwork.serving.logs.RequestIdFilter"}},
    "formatters": {"plain": {"format": "%(message)s"},
                   "json": {"()": "decentwork.serving.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT,
                             "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "jieba": {"level": "WARNING"},
        # decentwork.requests logs each request (with its id and duration): runserver's
        # own line for each would say it twice.
        "django.server": {"level": "WARNING"},
    },
}

# Email: notices go to the inbox and by email. The development default prints them
# on the console; production sets EMAIL_HOST (and the rest) for SMTP.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@decentwork.invalid")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    raise ImproperlyConfigured("EMAIL_HOST must be set when DEBUG is off")
