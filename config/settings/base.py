"""Settings shared by every environment; each value comes from the environment (12-factor).

Every variable has a default that works on a developer's machine. ``prod`` refuses the
defaults that are only safe locally.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import (
    env_bool,
    env_int,
    env_list,
    env_query,
    env_str,
    env_url,
    host_of,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = BASE_DIR / "var" / "portal"

#: The secret used when ``AIDIAL_SECRET_KEY`` is not set; production refuses to start with it.
DEV_SECRET_KEY = "django-insecure-aidial-development-only"  # noqa: S105 - public on purpose

SECRET_KEY = env_str("AIDIAL_SECRET_KEY", DEV_SECRET_KEY)
DEBUG = env_bool("AIDIAL_DEBUG", default=False)

#: The portal's public origin; the OIDC redirect URI is ``{AIDIAL_BASE_URL}/auth/callback``.
AIDIAL_BASE_URL = env_url("AIDIAL_BASE_URL", "http://127.0.0.1:8000", origin_only=True)
AIDIAL_HTTPS = AIDIAL_BASE_URL.startswith("https://")

# The base URL's host is always allowed: it is the name the portal is published under.
ALLOWED_HOSTS = list(env_list("AIDIAL_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]"))
if host_of(AIDIAL_BASE_URL) not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(host_of(AIDIAL_BASE_URL))

# OpenID Connect: the identity provider and what counts as multi-factor authentication.
# The issuer is an identifier compared to the letter (OIDC Discovery 4.3): kept exactly as
# given, trailing slash included (some providers' issuers end in one).
AIDIAL_OIDC_ISSUER = env_url(
    "AIDIAL_OIDC_ISSUER", "http://127.0.0.1:8001", keep_trailing_slash=True
)
AIDIAL_OIDC_CLIENT_ID = env_str("AIDIAL_OIDC_CLIENT_ID", "aidial-portal")
AIDIAL_OIDC_CLIENT_SECRET = env_str("AIDIAL_OIDC_CLIENT_SECRET", "aidial-portal-dev-secret")
#: ``amr`` values (RFC 8176) that count as a satisfied MFA challenge.
AIDIAL_OIDC_MFA_AMR = env_list("AIDIAL_OIDC_MFA_AMR", "mfa,otp,hwk,swk,sms,fpt,face")
#: The ``acr`` value that means MFA: requested as ``acr_values`` and accepted as proof.
AIDIAL_OIDC_MFA_ACR = env_str(
    "AIDIAL_OIDC_MFA_ACR", "http://schemas.openid.net/pape/policies/2007/06/multi-factor"
)
#: The ID-token / userinfo claim saying whether the account has MFA enrolled.
AIDIAL_OIDC_MFA_ENROLLED_CLAIM = env_str("AIDIAL_OIDC_MFA_ENROLLED_CLAIM", "mfa_enrolled")
#: The boolean claim that vouches for the email address (first sign-in links by email only
#: when it is true): ``email_verified`` per OIDC Core; Entra ID sends ``xms_edov`` instead.
AIDIAL_OIDC_EMAIL_VERIFIED_CLAIM = env_str("AIDIAL_OIDC_EMAIL_VERIFIED_CLAIM", "email_verified")
#: Extra authorize parameters that start the provider's MFA setup.
AIDIAL_OIDC_MFA_SETUP_PARAMS = env_query("AIDIAL_OIDC_MFA_SETUP_PARAMS", "mfa_setup=totp")

#: How long the portal waits for the identity provider before calling it unavailable.
AIDIAL_OIDC_TIMEOUT_SECONDS = env_int("AIDIAL_OIDC_TIMEOUT_SECONDS", 5, minimum=1)
#: Where every page, the help pages and the denial pages send people who need a person.
AIDIAL_SUPPORT_EMAIL = env_str("AIDIAL_SUPPORT_EMAIL", "help@aidial.com.au")
#: Sign-in attempts (POST /login) allowed per client address per minute.
AIDIAL_LOGIN_RATE_PER_MINUTE = env_int("AIDIAL_LOGIN_RATE_PER_MINUTE", 20, minimum=1)
#: How many proxies (load balancers) in front of the portal append to X-Forwarded-For; the
#: client's address is the entry the outermost trusted one added. 0: REMOTE_ADDR, no header.
AIDIAL_TRUSTED_PROXY_COUNT = env_int("AIDIAL_TRUSTED_PROXY_COUNT", 0, minimum=0)
#: Integration API requests allowed per API key per minute.
AIDIAL_API_RATE_PER_MINUTE = env_int("AIDIAL_API_RATE_PER_MINUTE", 120, minimum=1)

AIDIAL_SESSION_IDLE_SECONDS = env_int("AIDIAL_SESSION_IDLE_SECONDS", 1800, minimum=60)
AIDIAL_SESSION_MAX_SECONDS = env_int("AIDIAL_SESSION_MAX_SECONDS", 43200, minimum=60)
if AIDIAL_SESSION_IDLE_SECONDS > AIDIAL_SESSION_MAX_SECONDS:
    raise ImproperlyConfigured(
        "AIDIAL_SESSION_IDLE_SECONDS must not exceed AIDIAL_SESSION_MAX_SECONDS."
    )

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "django_guid",
    "portal.accounts",
    "portal.access",
    "portal.audit",
    "portal.tenancy",
    "portal.core",
    "portal.dashboard",
    "portal.calls",
    "portal.support",
    "portal.status",
    "portal.billing",
    "portal.team",
    "portal.partner",
    "portal.internal",
    "portal.api",
]

MIDDLEWARE = [
    "django_guid.middleware.guid_middleware",
    "portal.core.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.accounts.middleware.PortalSessionMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "portal.access.middleware.AccessPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.core.middleware.ProviderFormActionMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.access.context_processors.access",
                "portal.access.context_processors.support",
            ],
        },
    }
]


def _database() -> dict[str, object]:
    url = env_str("DATABASE_URL", "")
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "portal.sqlite3"),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    try:
        config: dict[str, object] = dict(dj_database_url.parse(url))
    except (ValueError, dj_database_url.UnknownSchemeError):
        # The URL may hold a password: name the variable, never echo its value.
        raise ImproperlyConfigured("DATABASE_URL is not a database URL Django can use.") from None
    if str(config["ENGINE"]).endswith(("postgresql", "postgis")):
        # Each worker keeps its connection between requests; a connection the server or the
        # network dropped is noticed at the next request's start and replaced.
        config["CONN_MAX_AGE"] = env_int("AIDIAL_DB_CONN_MAX_AGE", 60, minimum=0)
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.PortalUser"
# The portal never sees a password: identity comes from the identity provider.
AUTH_PASSWORD_VALIDATORS: list[dict[str, str]] = []
LOGIN_URL = "accounts:login"

#: Set when sessions and shared counters live in Redis; empty means this process only.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "aidial-portal",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    SESSION_ENGINE = "portal.core.session_store"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Sessions expire after the idle time; every request moves the expiry on. The absolute limit
# (AIDIAL_SESSION_MAX_SECONDS) is enforced per request, not by the cookie.
SESSION_COOKIE_AGE = AIDIAL_SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = True

# The local identity provider may share this host on another port, and browsers do not keep
# cookies apart by port: the portal's cookie names differ from the provider's.
_COOKIE_PREFIX = "__Host-" if AIDIAL_HTTPS else ""
SESSION_COOKIE_NAME = f"{_COOKIE_PREFIX}aidial_session"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = AIDIAL_HTTPS
CSRF_COOKIE_NAME = f"{_COOKIE_PREFIX}aidial_csrftoken"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = AIDIAL_HTTPS
CSRF_TRUSTED_ORIGINS = [AIDIAL_BASE_URL]

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        # Browsers apply form-action to the redirects a form's POST leads to: signing in and
        # out post here and are redirected to the identity provider, whose origins
        # portal.core.middleware.ProviderFormActionMiddleware adds to every response.
        "form-action": [SELF],
    }
}

STATIC_URL = "/static/"
STATIC_ROOT: Path | None = BASE_DIR / "staticfiles"

LANGUAGE_CODE = "en-au"
#: The zone dates and times are shown in, and "today" and billing months are counted in.
TIME_ZONE = env_str("AIDIAL_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

#: The request id: taken from a load balancer's ``X-Request-ID`` when it is a UUID, else new;
#: returned in the response's ``X-Request-ID`` and written on every log line of the request.
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": False,
}

#: ``json`` (one object a line, for log collectors) or ``plain`` (for a terminal).
AIDIAL_LOG_FORMAT = env_str("AIDIAL_LOG_FORMAT", "json")
if AIDIAL_LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured("AIDIAL_LOG_FORMAT must be json or plain.")

# Everything goes to stderr. Django's default "django" handlers (console when DEBUG, mail to
# admins on errors) are replaced: the portal sends no email about its logs.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "portal.core.logging.PlainLines",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
        "json": {
            "()": "portal.core.logging.JsonLines",
            "fmt": "%(asctime)s %(message)s",
            "rename_fields": {"asctime": "time"},
        },
    },
    "filters": {"redact": {"()": "portal.core.logging.RedactSecrets"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": AIDIAL_LOG_FORMAT,
            "filters": ["redact"],
        },
    },
    "root": {"handlers": ["stderr"], "level": "INFO"},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        # Their debug output carries URLs with codes and PKCE verifiers.
        "authlib": {"level": "WARNING"},
        "urllib3": {"level": "WARNING"},
        # It logs whether each request came with an id; the id is on every line anyway.
        "django_guid": {"level": "WARNING"},
    },
}
