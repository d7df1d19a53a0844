"""Settings (配置), every one from the environment (see docs/deploy.md).

``JIXIAO_SECRET_KEY``, ``JIXIAO_DATABASE_URL`` (``postgresql://…``; default SQLite at
``$JIXIAO_DATA_DIR/jixiao.sqlite3``), ``JIXIAO_DATA_DIR`` (default ``./data``), ``JIXIAO_ALLOWED_HOSTS``
(comma-separated), ``JIXIAO_DEBUG`` (off unless set to 1/true/yes/on), ``JIXIAO_UPLOAD_MAX_MB`` (default
20), ``JIXIAO_SESSION_HOURS`` (default 8), ``JIXIAO_EMAIL`` (off by default), ``JIXIAO_DB_PREPARED``
(PostgreSQL's prepared statements, on by default). A value that cannot be read
stops the start with a message naming the variable.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    """A yes/no variable: 1/true/yes/on or 0/false/no/off; anything else is refused."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.strip().lower() in _TRUE:
        return True
    if raw.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"环境变量 {name}={raw!r} 应为 1/0、true/false、yes/no 或 on/off")


def env_int(name: str, default: int) -> int:
    """A whole number variable; anything else is refused."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"环境变量 {name}={raw!r} 应为整数") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("JIXIAO_DATA_DIR", "data")).resolve()

DEBUG = env_bool("JIXIAO_DEBUG")
SECRET_KEY = os.environ.get("JIXIAO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("未设置环境变量 JIXIAO_SECRET_KEY（生产环境必须设置，见 docs/deploy.md）")
    SECRET_KEY = "jixiao-development-only-not-a-secret"

ALLOWED_HOSTS = env_list("JIXIAO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "simple_history",
    "axes",
    "ninja",  # its templates and static files: the API's docs page is served from the package
    "jixiao.web.accounts",
    "jixiao.web.plans",
    "jixiao.web.workflow",
    "jixiao.web.monitoring",
    "jixiao.web.library",
    "jixiao.web.outcomes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ninja.compatibility.files.fix_request_files_middleware",  # files of PUT (API actual values)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "jixiao.web.plans.limits.RequestSizeLimitMiddleware",  # before CSRF, which reads the body
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jixiao.web.accounts.tokens.BearerTokenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jixiao.web.urls"
WSGI_APPLICATION = "jixiao.web.wsgi.application"

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
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("JIXIAO_DATABASE_URL") or f"sqlite:///{DATA_DIR / 'jixiao.sqlite3'}",
        conn_max_age=env_int("JIXIAO_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("JIXIAO_DB_PREPARED", True):
    # Parameters sent apart from the SQL (server-side binding), and a statement run a fifth time on a
    # connection prepared on the server (psycopg's prepare_threshold), so that PostgreSQL does not
    # parse and plan it again: a quarter of the database's CPU per reading request under the load
    # benchmark (4.7–5.8 → 3.5–4.2 ms). Off behind a pooler in transaction mode (PgBouncer before
    # 1.21), which cannot keep prepared statements.
    DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer saves; the busy timeout queues concurrent writers.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# What is kept per plan revision (``Plan.kept_key``: reviews of last year's plans, downloaded tables), in
# each worker's memory. Django's default keeps 300 entries, fewer than the 400 plans (four years) a
# department reviewer opens in the load benchmark; 5,000 entries take at most some 40 MB a worker (a
# kept table is about 8 KB, a review 1 KB).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes: five failed log-ins lock the username for 30 minutes.
AXES_FAILURE_LIMIT = env_int("JIXIAO_LOGIN_FAILURES", 5)
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False

SESSION_COOKIE_AGE = env_int("JIXIAO_SESSION_HOURS", 8) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE = env_bool("JIXIAO_HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE and env_bool("JIXIAO_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("JIXIAO_BEHIND_PROXY") else None
SECURE_HSTS_SECONDS = env_int("JIXIAO_HSTS_SECONDS", 31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("JIXIAO_CSRF_TRUSTED_ORIGINS", "")

# django-csp 4: no inline scripts, no remote origins — every asset comes from this server.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = os.environ.get("JIXIAO_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]  # jixiao/web/static is no app's folder: the finders need it named
STATIC_ROOT = os.environ.get("JIXIAO_STATIC_ROOT") or None  # collectstatic target, if ever used
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "JIXIAO_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True  # serve straight from the package: no collectstatic step to forget
WHITENOISE_AUTOREFRESH = DEBUG

UPLOAD_MAX_BYTES = env_int("JIXIAO_UPLOAD_MAX_MB", 20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("JIXIAO_FORM_MAX_MB", 12) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if env_bool("JIXIAO_EMAIL")
    else "django.core.mail.backends.dummy.EmailBackend"
)

SIMPLE_HISTORY_REVERT_DISABLED = True  # history is read, never rewound from the admin

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("JIXIAO_LOG_LEVEL", "WARNING")},
}
