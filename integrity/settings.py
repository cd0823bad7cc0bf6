"""Settings for the Huaiyin integrity portal: everything comes from the environment.

The defaults are the embedded mode (SQLite, a broker folder, mail to the console), so a
fresh machine with only Python runs the portal. Production sets the variables listed in
the README's configuration table.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (export SECRET_KEY=… or DEBUG=true for development)."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug-mode-do-not-deploy"  # noqa: S105


def _derived_key(purpose: str) -> str:
    # Development only: production must set its own keys (checked below).
    digest = hashlib.sha256(f"{purpose}:{SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


# ID numbers are encrypted at rest (Fernet). Several comma-separated keys allow rotation:
# the first encrypts, all decrypt.
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEY", default=[])
LOOKUP_HASH_KEY = env.str("LOOKUP_HASH_KEY", default="")
# HMAC keys of the audit chain (core.services.audit), kept outside the database so that whoever
# can write the table cannot recompute the chain. Comma-separated: the first signs, all verify.
AUDIT_CHAIN_KEYS = env.list("AUDIT_CHAIN_KEY", default=[])
if (
    not DEBUG
    and not env.bool("ALLOW_DERIVED_KEYS", default=False)
    and not (FIELD_ENCRYPTION_KEYS and LOOKUP_HASH_KEY and AUDIT_CHAIN_KEYS)
):
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEY, LOOKUP_HASH_KEY and AUDIT_CHAIN_KEY must be set when DEBUG is off."
    )
FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or [_derived_key("field-encryption")]
LOOKUP_HASH_KEY = LOOKUP_HASH_KEY or _derived_key("lookup-hash")
AUDIT_CHAIN_KEYS = AUDIT_CHAIN_KEYS or [_derived_key("audit-chain")]

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "core.apps.PortalAdminConfig",  # django.contrib.admin with a second factor for staff
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "core",
    "records",
    "disclosure",
    "objections",
    "commitments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Early, so every answer carries the policy, the 400 of the next-but-one too.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A NUL in the path or query string is a 400 before any view (or the session) sees it.
    "core.middleware.MalformedRequestMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.security.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.RequestContextMiddleware",
    "axes.middleware.AxesMiddleware",  # last (django-axes): turns a lockout into the sign-in page with the reason
    "core.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "integrity.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "integrity.wsgi.application"
ASGI_APPLICATION = "integrity.asgi.application"

DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Persistent connections are worth 7x on this machine type (bench/README.md).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A safety net for web processes on PostgreSQL: no single query may hold a worker longer
# than this (0 = off; migrations and Celery workers run without it).
STATEMENT_TIMEOUT_MS = env.int("DB_STATEMENT_TIMEOUT_MS", default=0)
if STATEMENT_TIMEOUT_MS and DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c statement_timeout={STATEMENT_TIMEOUT_MS}"
# A database that does not answer must cost a request seconds, not a worker (issue 7, item 16):
# libpq gives up connecting after DB_CONNECT_TIMEOUT_SECONDS, and with DB_QUERY_WAIT_SECONDS
# every round trip has a client-side deadline (core/db.py) for a server too hung to enforce its
# own statement_timeout. By default that deadline is the statement timeout plus 2 s, so the
# server normally cancels first. Both end as a 503 page (core.middleware).
DB_CONNECT_TIMEOUT_SECONDS = env.int("DB_CONNECT_TIMEOUT_SECONDS", default=5)
DB_QUERY_WAIT_SECONDS = env.float(
    "DB_QUERY_WAIT_SECONDS", default=STATEMENT_TIMEOUT_MS / 1000 + 2 if STATEMENT_TIMEOUT_MS else 0
)
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = DB_CONNECT_TIMEOUT_SECONDS
# /readyz says 503 when a fresh connection and SELECT 1 take longer than this.
READYZ_DATABASE_TIMEOUT_SECONDS = env.float("READYZ_DATABASE_TIMEOUT_SECONDS", default=3)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the Celery worker use the file at the same time.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "admin:login"  # the public pages of civil servants name core:login
# django-axes first: it refuses a locked-out account or address before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A Redis that is down or hung is a cache miss within a second, not a 500 (core/cache.py).
    CACHES["default"]["BACKEND"] = "core.cache.TolerantRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update({"socket_connect_timeout": 1, "socket_timeout": 1})

# i18n: Simplified Chinese first, English second.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
# Evidence of credit records: its own storage alias, outside every public path (no URL is ever
# built from it; files are sent only by a permission-checked view). An S3-compatible store is
# configured here without code changes, e.g. EVIDENCE_STORAGE_BACKEND=storages.backends.s3.S3Storage
# and EVIDENCE_STORAGE_OPTIONS='{"bucket_name": "evidence", "endpoint_url": "http://minio:9000"}'
# (with django-storages[s3] installed).
_evidence_options = env.str("EVIDENCE_STORAGE_OPTIONS", default="")  # JSON; empty: the local folder
STORAGES["evidence"] = {
    "BACKEND": env.str("EVIDENCE_STORAGE_BACKEND", default="") or "django.core.files.storage.FileSystemStorage",
    "OPTIONS": json.loads(_evidence_options) if _evidence_options else {"location": str(VAR_DIR / "evidence")},
}
RECORDS_EVIDENCE_MAX_BYTES = env.int("RECORDS_EVIDENCE_MAX_BYTES", default=20 * 1024 * 1024)
# Credit records are imported in the request (records/services/imports.py): files are capped
# so that checking one stays well inside the web server's timeout.
RECORDS_IMPORT_MAX_ROWS = env.int("RECORDS_IMPORT_MAX_ROWS", default=5_000)
# Notices of published dishonesty records: the audit agency told of an agency's record,
# by its unified social credit code (none: no audit notice); the discipline-inspection body
# whose overseers are told of a civil servant's (none: every overseer).
RECORDS_AUDIT_AGENCY_USCC = env.str("RECORDS_AUDIT_AGENCY_USCC", default="")
RECORDS_DISCIPLINE_AGENCY_USCC = env.str("RECORDS_DISCIPLINE_AGENCY_USCC", default="")
# Working days before a sanction's explanation or rectification deadline the agency is reminded.
SANCTION_REMINDER_WORKDAYS = env.int("SANCTION_REMINDER_WORKDAYS", default=3)

# Mail: the console in the embedded mode, SMTP in production (EMAIL_URL=smtp+tls://…).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="槐荫区信用办 <credit@huaiyin.invalid>")

# Security. Production sits behind TLS; these defaults follow DEBUG.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env.bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The reverse proxies we run (addresses or networks): only from them is X-Forwarded-For read
# (core.client_ip). Empty: every client is its REMOTE_ADDR, whatever headers it sends.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp 4: this dict form; its old CSP_* settings fail a system
# check). Everything comes from this site: the templates carry no inline script, style or event
# handler, the admin has none, and the Swagger page loads its init script from a URL
# (urls.py). data: images are the icons inside Swagger UI's style sheet.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
SESSION_COOKIE_HTTPONLY = True

# Sign-in controls (core/security.py; README "Security").
# The client address for lockouts is core.client_ip's (TRUSTED_PROXIES above): a header the
# client writes itself is never believed.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # per account and, separately, per address
LOGIN_COOLOFF_MINUTES = env.int("LOGIN_COOLOFF_MINUTES", default=15)  # doubles with each lockout in a day
AXES_COOLOFF_TIME = "core.security.login_cool_off"
AXES_CLIENT_IP_CALLABLE = "core.security.client_ip"
AXES_LOCKOUT_CALLABLE = "core.security.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Two factors for staff (TOTP, django-otp); the embedded demo (DEBUG on) runs without, and says so.
OTP_REQUIRED = env.bool("OTP_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = "槐荫区政务诚信平台"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Idle limit: the session expires this long after its last request. The expiry is renewed by a
# request at most once every SESSION_RENEW_SECONDS (core.security.SessionLimitsMiddleware), so a
# session may end up to that much earlier than the limit, never later.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_RENEW_SECONDS = env.int("SESSION_RENEW_SECONDS", default=60)
# Absolute limit from sign-in, however active (core.security.SessionLimitsMiddleware).
SESSION_ABSOLUTE_HOURS = env.int("SESSION_ABSOLUTE_HOURS", default=12)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.security.VerifiedSessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="120/min"),
        # Downloads and uncached searches cost the database most (core.throttling).
        "download": env.str("DOWNLOAD_RATE", default="20/min"),
        "search": env.str("SEARCH_RATE", default="60/min"),
        # A counterparty's objection steps and the status look-up, per client address.
        "objection": env.str("OBJECTION_RATE", default="10/hour"),
        "objection_status": env.str("OBJECTION_STATUS_RATE", default="30/hour"),
    },
    "EXCEPTION_HANDLER": "core.api_errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "槐荫区政务诚信平台 API",
    "DESCRIPTION": "Huaiyin district government-integrity portal: open data and staff API.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name for a choice set used by several serializers.
    "ENUM_NAME_OVERRIDES": {
        "IdTypeEnum": "disclosure.models.IdType",
        "MeasureEnum": "records.models.Measure",
    },
}

# Celery. The embedded default is kombu's filesystem transport: no broker server, one host.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
BROKER_FOLDER = VAR_DIR / "broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_FOLDER / "data"),
        "data_folder_out": str(BROKER_FOLDER / "data"),
        "control_folder": str(BROKER_FOLDER / "control"),
        "processed_folder": str(BROKER_FOLDER / "processed"),
        "store_processed": False,
    }
    # kombu's filesystem transport fails if its folders are missing.
    for _folder in ("data", "control", "processed"):
        (BROKER_FOLDER / _folder).mkdir(parents=True, exist_ok=True)
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_RESULT_EXTENDED = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
# Every task is safe to run twice (docs/architecture.md, "Celery and faults"): it is acknowledged
# only when it has finished, and goes back to the queue when its worker process dies (without
# the second setting, a killed pool child acknowledged its message and the task was lost).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis hands an unacknowledged message to another worker after the visibility timeout; a retry
# delay (or countdown) longer than that would run twice. Set explicitly, and every task's longest
# retry delay is checked against it (tests/reliability/test_celery_configuration.py).
BROKER_VISIBILITY_TIMEOUT_SECONDS = env.int("BROKER_VISIBILITY_TIMEOUT_SECONDS", default=3600)
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": BROKER_VISIBILITY_TIMEOUT_SECONDS,
        # A broker that is down or hung costs a request a few seconds: the commit is already
        # made, and the rows are the outbox that beat re-enqueues (core.flush_mail_outbox,
        # disclosure.recover_imports).
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
# Mail outbox (core/services/notifications.py): first re-enqueue after this many seconds,
# doubling with each failed attempt, and no more tries after the maximum.
NOTIFICATION_MAIL_RETRY_SECONDS = env.int("NOTIFICATION_MAIL_RETRY_SECONDS", default=120)
NOTIFICATION_MAIL_MAX_ATTEMPTS = env.int("NOTIFICATION_MAIL_MAX_ATTEMPTS", default=10)
# An SMTP server that hangs must not hold a worker (and the notification's row lock) for ever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# Sharing to the city credit platform (R-3, core/services/sharing.py). Without a URL and a key,
# sharing is off: messages wait in the outbox (no attempts) and the credit office is told.
# Each message is POSTed as JSON signed with HMAC-SHA256 of the body under CITY_PLATFORM_KEY
# (X-Signature: sha256=<hex>) with its Idempotency-Key. A failure waits
# SHARING_RETRY_BASE_SECONDS, doubling up to SHARING_RETRY_CAP_SECONDS; after
# SHARING_MAX_ATTEMPTS failures the message is dead until the credit office replays it.
CITY_PLATFORM_URL = env.str("CITY_PLATFORM_URL", default="")
CITY_PLATFORM_KEY = env.str("CITY_PLATFORM_KEY", default="")
CITY_PLATFORM_TIMEOUT_SECONDS = env.float("CITY_PLATFORM_TIMEOUT_SECONDS", default=10)
SHARING_MAX_ATTEMPTS = env.int("SHARING_MAX_ATTEMPTS", default=8)
SHARING_RETRY_BASE_SECONDS = env.int("SHARING_RETRY_BASE_SECONDS", default=60)
SHARING_RETRY_CAP_SECONDS = env.int("SHARING_RETRY_CAP_SECONDS", default=6 * 3600)
SHARING_FLUSH_LIMIT = env.int("SHARING_FLUSH_LIMIT", default=200)
# Import recovery (disclosure/services/import_recovery.py): a job still waiting after this many
# minutes is enqueued again; one whose worker died is run again until it is this old, then
# failed with a reason. Where the database cannot tell a live worker from a dead one (SQLite),
# a job checking for longer than IMPORT_STUCK_MINUTES is presumed dead.
IMPORT_RESUME_PENDING_MINUTES = env.int("IMPORT_RESUME_PENDING_MINUTES", default=5)
IMPORT_GIVE_UP_MINUTES = env.int("IMPORT_GIVE_UP_MINUTES", default=360)
IMPORT_STUCK_MINUTES = env.int("IMPORT_STUCK_MINUTES", default=30)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    # The audit chain's head, written outside the database and mailed to the overseers daily.
    "audit-anchor": {
        "task": "core.anchor_audit_chain",
        "schedule": crontab(hour=6, minute=30),
    },
    "calendar-check-next-year": {
        "task": "core.check_next_year_calendar",
        "schedule": crontab(hour=8, minute=0),
    },
    "disclosure-publication-sweep": {
        "task": "disclosure.publication_sweep",
        "schedule": env.int("SWEEP_INTERVAL_SECONDS", default=300),
    },
    "disclosure-takedown-sweep": {
        "task": "disclosure.takedown_sweep",
        "schedule": crontab(hour=0, minute=5),
    },
    "commitments-publication-sweep": {
        "task": "commitments.publication_sweep",
        "schedule": env.int("SWEEP_INTERVAL_SECONDS", default=300),
    },
    "commitments-milestone-sweep": {
        "task": "commitments.milestone_sweep",
        "schedule": crontab(hour=7, minute=30),
    },
    "objections-answer-sweep": {
        "task": "objections.answer_sweep",
        "schedule": env.int("SWEEP_INTERVAL_SECONDS", default=300),
    },
    "objections-repair-sweep": {
        "task": "objections.repair_sweep",
        "schedule": env.int("SWEEP_INTERVAL_SECONDS", default=300),
    },
    "records-takedown-sweep": {
        "task": "records.takedown_sweep",
        "schedule": crontab(hour=0, minute=10),
    },
    "records-sanction-sweep": {
        "task": "records.sanction_sweep",
        "schedule": env.int("SWEEP_INTERVAL_SECONDS", default=300),
    },
    "records-notice-sweep": {
        "task": "records.notice_sweep",
        "schedule": env.int("SWEEP_INTERVAL_SECONDS", default=300),
    },
    # After the takedown sweeps, so what left the site that night is already counted as it is.
    "records-nightly-evaluation": {
        "task": "records.nightly_evaluation",
        "schedule": crontab(hour=0, minute=30),
    },
    "core-flush-mail-outbox": {
        "task": "core.flush_mail_outbox",
        "schedule": env.int("MAIL_OUTBOX_INTERVAL_SECONDS", default=60),
    },
    "core-flush-sharing-outbox": {
        "task": "core.flush_sharing_outbox",
        "schedule": env.int("SHARING_OUTBOX_INTERVAL_SECONDS", default=60),
    },
    "disclosure-recover-imports": {
        "task": "disclosure.recover_imports",
        "schedule": env.int("IMPORT_RECOVERY_INTERVAL_SECONDS", default=120),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Plan item 7: a commitment is published within 7 working days of being made; reminders before
# publication and before each milestone of a published commitment (calendar days).
COMMITMENT_PUBLICATION_DAYS = env.int("COMMITMENT_PUBLICATION_DAYS", default=7)
COMMITMENT_REMINDER_DAYS = env.int("COMMITMENT_REMINDER_DAYS", default=2)
COMMITMENT_MILESTONE_REMINDER_DAYS = env.int("COMMITMENT_MILESTONE_REMINDER_DAYS", default=5)

# Plan item 6: publish within 7 working days of the decision; per kind if ever needed.
DISCLOSURE_PUBLICATION_DAYS = {"default": env.int("DISCLOSURE_PUBLICATION_DAYS", default=7)}
# Calendar days before the due date when clerks and reviewers get their one reminder.
DISCLOSURE_REMINDER_DAYS = env.int("DISCLOSURE_REMINDER_DAYS", default=2)
# Publicity of kinds the rules give no period for (enforcement, confirmation, …); 0: no end.
DISCLOSURE_OTHER_PUBLICITY_YEARS = env.int("DISCLOSURE_OTHER_PUBLICITY_YEARS", default=3)
# Plan item 9: objections are answered within 10 working days of filing; the one reminder to the
# providing agency's reviewers goes out this many working days before the due date.
OBJECTION_ANSWER_DAYS = env.int("OBJECTION_ANSWER_DAYS", default=10)
OBJECTION_REMINDER_WORKDAYS = env.int("OBJECTION_REMINDER_WORKDAYS", default=2)
# A counterparty objects without an account: a one-time code confirms the contact address.
COUNTERPARTY_CODE_MINUTES = env.int("COUNTERPARTY_CODE_MINUTES", default=15)
COUNTERPARTY_CODE_ATTEMPTS = env.int("COUNTERPARTY_CODE_ATTEMPTS", default=5)
# Identification attempts on one item per day, from all addresses together.
COUNTERPARTY_ITEM_ATTEMPTS_PER_DAY = env.int("COUNTERPARTY_ITEM_ATTEMPTS_PER_DAY", default=20)
# Credit repair (信用修复管理办法, in force 2026-04-01): a request is accepted or refused within 3
# working days of filing and decided within 10; both due dates are stored at filing.
REPAIR_ACCEPT_WORKING_DAYS = env.int("REPAIR_ACCEPT_WORKING_DAYS", default=3)
REPAIR_DECIDE_WORKING_DAYS = env.int("REPAIR_DECIDE_WORKING_DAYS", default=10)
# Anonymous public pages are cached this long: a publication or takedown shows within it.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=30)
# Where the daily audit anchors (event count and head hash) are appended: outside the database,
# on storage the application's database role cannot rewrite (a mounted volume, a log shipper).
AUDIT_ANCHOR_FILE = Path(env.str("AUDIT_ANCHOR_FILE", default=str(VAR_DIR / "audit-anchors.log")))
# Import plausibility (issue 12): an amount of this many 万元 or more (1 亿元) is asked about
# before it is stored, as a routine fine written in 元 in the 万元 column lands there.
DISCLOSURE_AMOUNT_CEILING_WAN = env.int("DISCLOSURE_AMOUNT_CEILING_WAN", default=10000)
# A penalty imported without 严重程度 is derived 严重 from a fine of this many 万元 (disclosure.standard).
DISCLOSURE_DERIVED_SERIOUS_FINE_WAN = env.int("DISCLOSURE_DERIVED_SERIOUS_FINE_WAN", default=100)

# The integrity evaluation (records/evaluation.py, explained at /evaluation/method/): points per
# item counted in the period, added to the base and kept between 0 and the base. A new term
# (sanctions, commitments) needs its weight here (system check records.E001). Override as JSON,
# e.g. EVALUATION_WEIGHTS='{"dishonest_serious": -25}'; snapshots keep the weights they used.
EVALUATION_BASE = env.int("EVALUATION_BASE", default=100)
EVALUATION_WEIGHTS = {
    "dishonest_serious": -20,
    "dishonest_general": -8,
    "dishonest_minor": -3,
    "late_publication": -2,
    "late_objection_answer": -3,
    "trustworthy": 2,
    "active_sanctions": -2,  # each sanction in force in the period
    "missed_sanction_deadlines": -3,  # an explanation or rectification not done by its due day
    "commitments_fulfilled": 2,  # from the commitments app
    "commitments_breached": -5,  # on top of the dishonesty record the breach files
    **env.json("EVALUATION_WEIGHTS", default={}),
}
# Grade thresholds, highest first: A 优秀, B 良好, C 合格; below the last, D 不合格.
EVALUATION_GRADES = [("A", 90), ("B", 75), ("C", 60)]
# The font embedded in PDF credit reports (Debian fonts-wqy-zenhei); no network, no fallback.
REPORT_FONT_PATH = env.str("REPORT_FONT_PATH", default="/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
# How long a newly issued API client token is valid unless the credit office says otherwise.
API_CLIENT_TOKEN_DAYS = env.int("API_CLIENT_TOKEN_DAYS", default=365)
