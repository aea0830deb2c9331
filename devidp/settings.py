"""Settings of the local identity provider, a development stand-in for a hosted OIDC provider.

It is a Django project of its own: its own database file, secret, cookies and signing keys,
all kept under ``DEVIDP_DATA_DIR``. Nothing here is shared with the portal.
"""

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("DEVIDP_DATA_DIR", BASE_DIR.parent / "var" / "devidp")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _persistent_secret(path: Path) -> str:
    """A random secret created on first start and kept in the provider's data folder."""
    if path.exists():
        return path.read_text().strip()
    value = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value


SECRET_KEY = os.environ.get("DEVIDP_SECRET_KEY") or _persistent_secret(DATA_DIR / "secret.txt")
DEBUG = os.environ.get("DEVIDP_DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get("DEVIDP_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")

#: The issuer identifier: the provider's public origin, as the relying parties see it.
DEVIDP_ISSUER = os.environ.get("DEVIDP_ISSUER", "http://127.0.0.1:8001").rstrip("/")
#: Where the signing keys live (JWK set, private parts included; mode 0600).
DEVIDP_KEYS_FILE = DATA_DIR / "signing-keys.json"
#: The acr values this provider issues.
DEVIDP_ACR_PASSWORD = "urn:devidp:acr:password"  # noqa: S105 (an acr name, not a secret)
DEVIDP_ACR_MFA = os.environ.get(
    "DEVIDP_ACR_MFA", "http://schemas.openid.net/pape/policies/2007/06/multi-factor"
)
#: The claim that says whether the account has a second factor enrolled.
DEVIDP_MFA_ENROLLED_CLAIM = os.environ.get("DEVIDP_MFA_ENROLLED_CLAIM", "mfa_enrolled")
#: The authorize parameter (name=value) that asks the provider to start MFA setup.
DEVIDP_MFA_SETUP_PARAM = os.environ.get("DEVIDP_MFA_SETUP_PARAM", "mfa_setup=totp")
DEVIDP_LOCKOUT_ATTEMPTS = 5
DEVIDP_LOCKOUT_SECONDS = int(os.environ.get("DEVIDP_LOCKOUT_SECONDS", "300"))
DEVIDP_CODE_LIFETIME_SECONDS = 60
DEVIDP_ID_TOKEN_LIFETIME_SECONDS = 600
DEVIDP_ACCESS_TOKEN_LIFETIME_SECONDS = 600
AUTHLIB_OAUTH2_PROVIDER = {
    "token_expires_in": {"authorization_code": DEVIDP_ACCESS_TOKEN_LIFETIME_SECONDS},
}
#: How long a sign-in at this provider lasts before it asks again.
DEVIDP_SESSION_SECONDS = 8 * 3600

INSTALLED_APPS = [
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "devidp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "devidp.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "devidp.urls"
WSGI_APPLICATION = "devidp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("DEVIDP_DATABASE", str(DATA_DIR / "devidp.sqlite3")),
        "OPTIONS": {"timeout": 20},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]

# The portal and this provider may share a host name on different ports, and browsers do not
# separate cookies by port: every cookie of the provider carries its own name.
SESSION_COOKIE_NAME = "devidp_session"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = DEVIDP_SESSION_SECONDS
SESSION_COOKIE_SECURE = DEVIDP_ISSUER.startswith("https://")
CSRF_COOKIE_NAME = "devidp_csrftoken"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# "same-origin", not "no-referrer": with no-referrer, browsers send "Origin: null" on the
# provider's own form posts, which its CSRF protection must refuse.
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

STATIC_URL = "/static/"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"devidp": {"level": "INFO"}},
}
