"""Sessions in the cache (Redis), failing closed when the cache cannot be reached.

Django's cache session store treats any error while reading as "no session", which would
quietly sign a person out (and clear their cookie) whenever Redis blips. Here an unreachable
store is an error the request sees, and the portal answers "session validation unavailable".
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.cache import SessionStore as CacheSessionStore


class SessionStore(CacheSessionStore):
    def load(self) -> dict[str, Any]:
        data: dict[str, Any] | None = self._cache.get(self.cache_key)  # type: ignore[attr-defined]
        if data is not None:
            return data
        self._session_key = None
        return {}
