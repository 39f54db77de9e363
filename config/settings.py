"""Stadtdialog settings: one file, driven by environment variables.

With no variables set this is the embedded default (DEBUG, SQLite in var/, eager
Celery, mail to the console) so that ``make run`` works with nothing installed.
Every variable is listed with its default in docs/configuration.md.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.env import (
    SettingsError,
    env_bool,
    env_int,
    env_list,
    env_str,
    parse_database_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", default=False) if env_str("DEBUG") else not env_str("SECRET_KEY")
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise SettingsError(
            "SECRET_KEY must be set when DEBUG is off "
            '(generate one: python -c "import secrets; print(secrets.token_urlsafe(50))").'
        )
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105
elif not DEBUG and len(SECRET_KEY) < 50:
    raise SettingsError("SECRET_KEY must be at least 50 characters long when DEBUG is off.")

SITE_NAME = env_str("SITE_NAME", "Stadtdialog")
CITY_NAME = env_str("CITY_NAME", "Musterstadt")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise SettingsError("ALLOWED_HOSTS must list the host names when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "participation",
    "guidelines",
    "projects",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's own widget templates, for FORM_RENDERER below
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "markdownx",
    "csp",
    "simple_history",
    "import_export",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After LocaleMiddleware, so that the 400 page is in the reader's language.
    "participation.middleware.RejectControlCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "participation.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A page instead of Django's empty 405 (inside PrivatePagesMiddleware: it shows the user).
    "participation.middleware.MethodNotAllowedPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Records who made each staff edit in the history tables (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
CSRF_FAILURE_VIEW = "participation.views.csrf_failure"
# /healthz shows which part failed only to staff or to requests with this bearer token.
HEALTHZ_TOKEN = env_str("HEALTHZ_TOKEN")
WSGI_APPLICATION = "config.wsgi.application"

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
                "participation.context_processors.site",
            ],
        },
    },
]
# Widgets are rendered by the engine above, so that templates/ can override the admin's own
# widgets (templates/admin/widgets/: labels for the date and time inputs) and hold the
# templates of the project's widgets.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database ------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": parse_database_url(DATABASE_URL)}
else:
    VAR_DIR.mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "db.sqlite3"),
            # A file, not memory, so that a Celery worker started by a test sees the same
            # data; one per test process, so that parallel runs do not share it.
            "TEST": {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")},
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default, or sqlite:// (a worker started by a test): readers never wait
    # for the writer (WAL); writers queue for up to 20 s instead of failing with "database
    # is locked"; a transaction takes the write lock when it begins, so two processes
    # cannot deadlock upgrading from read to write.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60 if DATABASE_URL else 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Celery ------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Answers as a miss while Redis is unreachable (participation/cache.py).
            "BACKEND": "participation.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "stadtdialog",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    # Sessions are read from Redis and written through to the database: a signed-in page
    # view costs no session query, and a Redis outage or flush loses no session.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendered public pages in the cache (participation/pagecache.py). Without Redis each process
# would keep its own copies and miss the others' invalidations, so it is off unless Redis
# is configured or PAGE_CACHE=1 says there is one process (make run).
PAGE_CACHE = env_bool("PAGE_CACHE", bool(REDIS_URL))

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
CELERY_TIMEZONE = "Europe/Berlin"
CELERY_BEAT_SCHEDULE = {
    "sweep-outbox": {"task": "participation.tasks.sweep_outbox", "schedule": 60.0},
    "daily-digest": {
        "task": "participation.tasks.send_digests",
        "schedule": crontab(hour=7, minute=0),
        "args": ("daily",),
    },
    "weekly-digest": {
        "task": "participation.tasks.send_digests",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
        "args": ("weekly",),
    },
    "expire-subscriptions": {
        "task": "participation.tasks.expire_subscriptions",
        "schedule": crontab(hour=3, minute=30),
    },
    "announce-comment-periods": {
        "task": "guidelines.tasks.announce_comment_periods",
        "schedule": crontab(minute="*/15"),
    },
    "purge-board-applications": {
        "task": "participation.tasks.purge_board_applications",
        "schedule": crontab(hour=3, minute=45),
    },
}
# First retry delay of a failed mail; doubles per attempt (8 attempts, about 64 minutes).
MAIL_RETRY_BACKOFF_SECONDS = env_int("MAIL_RETRY_BACKOFF_SECONDS", 30)

# --- Beteiligungsbeirat ------------------------------------------------------------
# Applications for seats drawn by lot are deleted this many days after the lottery was
# confirmed (or the call closed without one); keep them as long as successors may move up.
BOARD_APPLICATION_RETENTION_DAYS = env_int("BOARD_APPLICATION_RETENTION_DAYS", 730)
BOARD_ATTACHMENT_MAX_BYTES = env_int("BOARD_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)

# --- Vorhabenliste (projects) -------------------------------------------------------
# Supporters an Anregung needs before it goes to the Beteiligungsbeirat; 0 = no quorum.
PROJECTS_REQUEST_QUORUM = env_int("PROJECTS_REQUEST_QUORUM", 0)
# Days after an entry was added during which Anregungen can be made and supported; 0 = always.
PROJECTS_REQUEST_WINDOW_DAYS = env_int("PROJECTS_REQUEST_WINDOW_DAYS", 0)
# Age residents confirm before they make or support an Anregung; 0 = no confirmation asked.
PROJECTS_REQUEST_MINIMUM_AGE = env_int("PROJECTS_REQUEST_MINIMUM_AGE", 14)
PROJECTS_OPEN_DATA_LICENCE = env_str("PROJECTS_OPEN_DATA_LICENCE", "dl-de/by-2-0")
# Tile server of the optional map, e.g. https://tile.example/{z}/{x}/{y}.png; empty = no map.
MAP_TILE_URL = env_str("MAP_TILE_URL")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION")

# --- OParl ------------------------------------------------------------------------
# The Body of the OParl endpoint /oparl/v1/ (docs/oparl.md): the city the boards belong to.
OPARL_BODY_NAME = env_str("OPARL_BODY_NAME", f"Stadt {CITY_NAME}")
OPARL_BODY_SHORT_NAME = env_str("OPARL_BODY_SHORT_NAME", CITY_NAME)

# --- Mail ------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <noreply@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
SMTP_HOST = env_str("SMTP_HOST")
if SMTP_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = SMTP_HOST
    EMAIL_PORT = env_int("SMTP_PORT", 587)
    EMAIL_HOST_USER = env_str("SMTP_USER")
    EMAIL_HOST_PASSWORD = env_str("SMTP_PASSWORD")
    EMAIL_USE_TLS = env_bool("SMTP_USE_TLS", default=EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("SMTP_USE_SSL", default=EMAIL_PORT == 465)
    EMAIL_TIMEOUT = env_int("SMTP_TIMEOUT", 30)
    if EMAIL_USE_TLS and EMAIL_USE_SSL:
        raise SettingsError("SMTP_USE_TLS and SMTP_USE_SSL cannot both be on.")
elif not DEBUG and not env_bool("ALLOW_CONSOLE_EMAIL", default=False):
    raise SettingsError("SMTP_HOST must be set when DEBUG is off (or ALLOW_CONSOLE_EMAIL=1).")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- Accounts (django-allauth) ---------------------------------------------------
AUTH_USER_MODEL = "participation.User"
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "participation:account"
ACCOUNT_LOGOUT_REDIRECT_URL = "participation:home"
ACCOUNT_ADAPTER = "participation.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "participation.forms.SignupForm",
    "login": "participation.forms.LoginForm",
    "reset_password": "participation.forms.ResetPasswordForm",
    "reset_password_from_key": "participation.forms.ResetPasswordKeyForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
# allauth's default limits (login, signup, password reset, …) stay on; these add our own
# actions, counted by the same machinery in the shared cache.
ACCOUNT_RATE_LIMITS = {
    "markdown_preview": "120/m/user",
    "image_upload": "20/m/user",
    # Email-only subscriptions: per client and per address (the form is open to anyone).
    "subscribe": "10/h/ip,5/h/key",
    # Applications for a board seat (anonymous form; staff read every one).
    "board_application": "10/h/ip",
}
# How many reverse proxies stand in front of gunicorn; allauth's per-IP limits read
# X-Forwarded-For through exactly that many hops.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Optional second factor (TOTP apps and recovery codes); recommended for staff.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = f"{SITE_NAME} {CITY_NAME}"

MINIMUM_AGE = env_int("MINIMUM_AGE", 0)

# --- Comments on guideline documents ---------------------------------------------------
COMMENT_MAX_LENGTH = 5000
COMMENT_MAX_DEPTH = env_int("COMMENT_MAX_DEPTH", 2)
COMMENT_EDIT_WINDOW_MINUTES = env_int("COMMENT_EDIT_WINDOW_MINUTES", 15)
COMMENTS_PER_PAGE = 50
# Who signs the city's responses (Rückmeldungen) unless staff name another office.
RESPONSE_OFFICE = env_str("RESPONSE_OFFICE", "Stadtverwaltung")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation ----------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
# locale_overrides holds formal ("Sie") versions of allauth's informal German messages.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media ----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Markdown (django-markdownx, locked down) ------------------------------------------
MARKDOWNX_MARKDOWNIFY_FUNCTION = "participation.markdown.render_markdown"
MARKDOWNX_UPLOAD_MAX_SIZE = 5 * 1024 * 1024
MARKDOWNX_UPLOAD_CONTENT_TYPES = ["image/jpeg", "image/png"]
MARKDOWNX_IMAGE_MAX_SIZE = {"size": (2000, 2000), "quality": 85}
MARKDOWNX_MEDIA_PATH = "markdownx/"
IMAGE_MAX_PIXELS = 40_000_000

# --- Security --------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise SettingsError("MAP_TILE_URL must be an http(s) address with a host name.")
    return f"{parts.scheme}://{parts.netloc}"


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # The optional map's tiles come from the configured tile server.
        "img-src": [SELF, "data:", *([_origin(MAP_TILE_URL)] if MAP_TILE_URL else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

# --- Logging: everything to stdout, one line per record ----------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stdout"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
