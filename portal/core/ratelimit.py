"""Fixed-window rate limits counted in Django's cache (Redis when configured, so every worker
shares one count). Sign-in attempts and API keys both count here."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class RateDecision:
    limited: bool
    #: Seconds until the current window ends (what ``Retry-After`` says).
    retry_after: int


def rate_limit_hit(*, bucket: str, limit: int) -> RateDecision:
    """Count one hit for ``bucket`` in this minute's window and say whether it went over."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"ratelimit:{bucket}:{window}"
    cache.add(key, 0, WINDOW_SECONDS + 30)
    try:
        count = cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        count = 1
    retry_after = max(1, int((window + 1) * WINDOW_SECONDS - now))
    return RateDecision(limited=count > limit, retry_after=retry_after)
