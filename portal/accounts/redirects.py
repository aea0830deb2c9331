"""Where the portal may send a browser back to after sign-in: a path on this origin only."""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit

_MAX_LENGTH = 2000


def _looks_safe(value: str) -> bool:
    if not value.startswith("/") or value.startswith(("//", "/\\")):
        return False
    if any(unicodedata.category(ch)[0] in "CZ" and ch != " " for ch in value):
        return False  # control, format and separator characters (tabs, newlines, U+2028 …)
    if "\\" in value:
        return False
    parts = urlsplit(value)
    return not parts.scheme and not parts.netloc


def safe_next(value: str | None) -> str | None:
    """``value`` when it is a same-origin path, else ``None``.

    Browsers and servers percent-decode and normalise before they act on a URL, so every
    decoding of the value (up to three levels deep) must be a plain path as well.
    """
    if not value or len(value) > _MAX_LENGTH:
        return None
    candidate = value
    for _ in range(4):
        if not _looks_safe(candidate):
            return None
        decoded = unquote(candidate)
        if decoded == candidate:
            return value
        candidate = decoded
    return None
