"""gunicorn's configuration for ``make serve``: N stateless workers of the portal.

Every worker is the same process image: sessions, the access-context cache and rate limits
live in Redis, everything else in PostgreSQL, so workers (and hosts) can be added or lost
at any time. Read by ``gunicorn -c config/gunicorn.conf.py``.
"""

import multiprocessing
import os

from config.env import env_int, env_str

wsgi_app = "config.wsgi:application"
raw_env = [
    f"DJANGO_SETTINGS_MODULE={os.environ.get('DJANGO_SETTINGS_MODULE', 'config.settings.prod')}"
]

bind = [f"{env_str('AIDIAL_HOST', '127.0.0.1')}:{env_int('AIDIAL_PORT', 8000, minimum=1)}"]
#: Synchronous workers: each serves one request at a time, so their number is the concurrency.
workers = env_int("AIDIAL_WORKERS", 2 * multiprocessing.cpu_count() + 1, minimum=1)
worker_class = "sync"
#: A request still running after this many seconds is cut off and its worker replaced.
timeout = env_int("AIDIAL_WORKER_TIMEOUT", 30, minimum=1)
graceful_timeout = 20
keepalive = 5
# Workers are replaced after a while, so one that grows cannot grow for ever.
max_requests = 5000
max_requests_jitter = 500
# The runtime control socket would be one per user, shared by every instance on the host.
control_socket_disable = True
# The portal logs one JSON line per request itself (with its request id): no access log.
accesslog = None
errorlog = "-"
# gunicorn's own lines (workers started, stopped, timed out) as JSON too.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "portal.core.logging.JsonLines",
            "fmt": "%(asctime)s %(message)s",
            "rename_fields": {"asctime": "time"},
        }
    },
    "handlers": {
        "error_console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"level": "WARNING", "handlers": []},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False}
    },
}
