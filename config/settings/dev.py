"""Local development: debug pages (unless ``AIDIAL_DEBUG=0``), static files from the apps."""

from config.env import env_bool, env_str

from .base import *  # noqa: F403

DEBUG = env_bool("AIDIAL_DEBUG", default=True)

WHITENOISE_USE_FINDERS = True
# Static files are served from the apps; only a production build collects them.
STATIC_ROOT = None
WHITENOISE_AUTOREFRESH = DEBUG

# A terminal reads plain lines better; set AIDIAL_LOG_FORMAT=json to see what production writes.
if not env_str("AIDIAL_LOG_FORMAT", ""):
    LOGGING["handlers"]["stderr"]["formatter"] = "plain"  # type: ignore[index]  # noqa: F405
