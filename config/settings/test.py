"""The test suite: production-like behaviour (no debug pages), quiet logs."""

from .base import *  # noqa: F403

DEBUG = False

WHITENOISE_USE_FINDERS = True
# Static files are served from the apps; only a production build collects them.
STATIC_ROOT = None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"null": {"class": "logging.NullHandler"}},
    "root": {"handlers": ["null"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": [], "level": "WARNING", "propagate": True},
        "django.server": {"handlers": [], "level": "WARNING", "propagate": True},
    },
}
