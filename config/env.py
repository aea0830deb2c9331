"""Reading the portal's configuration from the environment.

Every reader takes the variable's name and a default, and raises ``ImproperlyConfigured``
naming the variable when its value cannot be used, so a bad deployment fails at start-up
with a message an operator can act on.
"""

import os
from urllib.parse import parse_qsl, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, *, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/true or 0/false, not {raw!r}.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_list(name: str, default: str) -> tuple[str, ...]:
    """A comma-separated list; blank items are dropped."""
    return tuple(item.strip() for item in env_str(name, default).split(",") if item.strip())


def env_query(name: str, default: str) -> dict[str, str]:
    """A URL query string (``a=1&b=2``) as a dict; an empty value is an empty dict."""
    raw = env_str(name, default)
    if not raw:
        return {}
    try:
        return dict(parse_qsl(raw, keep_blank_values=True, strict_parsing=True))
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a URL query string such as 'name=value', not {raw!r}."
        ) from None


def env_url(
    name: str, default: str, *, origin_only: bool = False, keep_trailing_slash: bool = False
) -> str:
    """An absolute http(s) URL, without a trailing slash unless ``keep_trailing_slash``.

    With ``origin_only`` the URL may not have a path, query or fragment: it names a site.
    """
    value = env_str(name, default)
    if not keep_trailing_slash:
        value = value.rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ImproperlyConfigured(f"{name} must be an absolute http:// or https:// URL.")
    try:
        parts.port  # noqa: B018 - parsing the port validates it
    except ValueError:
        raise ImproperlyConfigured(f"{name} has an invalid port.") from None
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ImproperlyConfigured(f"{name} must not carry credentials, a query or a fragment.")
    if origin_only and parts.path:
        raise ImproperlyConfigured(
            f"{name} must be an origin such as https://portal.example.com, without a path."
        )
    return value


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def host_of(url: str) -> str:
    """The host of ``url`` as ``ALLOWED_HOSTS`` spells it (IPv6 literals in brackets)."""
    host = urlsplit(url).hostname or ""
    return f"[{host}]" if ":" in host else host
