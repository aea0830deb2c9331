"""Local development: debug pages (unless ``AIDIAL_DEBUG=0``), static files from the apps."""

from config.env import env_bool

from .base import *  # noqa: F403

DEBUG = env_bool("AIDIAL_DEBUG", default=True)

WHITENOISE_USE_FINDERS = True
# Static files are served from the apps; only a production build collects them.
STATIC_ROOT = None
WHITENOISE_AUTOREFRESH = DEBUG
