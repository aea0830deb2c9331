"""Production: behind TLS, no debug pages, and no start-up with development defaults."""

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool

from .base import *  # noqa: F403
from .base import AIDIAL_BASE_URL, DEV_SECRET_KEY, SECRET_KEY

if SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured(
        "AIDIAL_SECRET_KEY is the development secret; set a long random value for production."
    )
if not SECRET_KEY:
    raise ImproperlyConfigured("AIDIAL_SECRET_KEY is empty; set a long random value.")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("AIDIAL_SECRET_KEY is too weak; use at least 50 random characters.")
if env_bool("AIDIAL_DEBUG"):
    raise ImproperlyConfigured("AIDIAL_DEBUG must be off in production.")
if not AIDIAL_BASE_URL.startswith("https://") and not env_bool("AIDIAL_ALLOW_HTTP"):
    raise ImproperlyConfigured(
        "AIDIAL_BASE_URL must be an https:// URL in production "
        "(set AIDIAL_ALLOW_HTTP=1 only for a deliberately unencrypted deployment)."
    )

DEBUG = False

SECURE_HSTS_SECONDS = 365 * 24 * 3600
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
if env_bool("AIDIAL_TRUST_X_FORWARDED_PROTO"):
    # Only behind a proxy that sets this header itself and strips it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Redirecting plain HTTP to HTTPS is the load balancer's job: behind it every request arrives
# the same way, and health probes must not be redirected. Preloading HSTS commits every
# subdomain of the organisation's domain, a decision for the domain's owner.
SILENCED_SYSTEM_CHECKS = ["security.W008", "security.W021"]

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
