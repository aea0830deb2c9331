"""Whether the services the portal depends on answer: the database and a shared cache."""

import logging
import secrets
from typing import Literal

from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import connections

logger = logging.getLogger(__name__)

CheckResult = Literal["ok", "error", "not configured"]


def database_check() -> CheckResult:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            row = cursor.fetchone()
    except Exception as exc:
        # The exception text can carry host names and user names: log only its type.
        logger.warning("readiness: database check failed (%s)", type(exc).__name__)
        return "error"
    if row is None or row[0] != 1:
        logger.warning("readiness: database check returned an unexpected row")
        return "error"
    return "ok"


def cache_check() -> CheckResult:
    """A write, read and delete on the shared cache; a per-process cache has nothing to reach."""
    cache = caches["default"]
    if isinstance(cache, LocMemCache | DummyCache):
        return "not configured"
    key = f"readyz:{secrets.token_hex(8)}"
    value = secrets.token_hex(8)
    try:
        cache.set(key, value, timeout=10)
        found = cache.get(key)
        cache.delete(key)
    except Exception as exc:
        logger.warning("readiness: cache check failed (%s)", type(exc).__name__)
        return "error"
    if found != value:
        logger.warning("readiness: cache check read back a different value")
        return "error"
    return "ok"


def readiness_checks() -> dict[str, CheckResult]:
    return {"database": database_check(), "cache": cache_check()}
