"""The one function that writes to the audit trail."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from portal.accounts.models import PortalUser
from portal.audit.models import AuditEvent

# Keys that must never reach the trail, however a caller names them.
_FORBIDDEN = ("token", "secret", "password", "code", "key", "cookie", "email")


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    outcome: str,
    request: HttpRequest | None = None,
    actor: PortalUser | None = None,
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    clean = dict(details or {})
    for name in clean:
        if any(word in name.lower() for word in _FORBIDDEN):
            raise ValueError(f"audit details may not hold {name!r}")
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        outcome=outcome,
        reason=reason[:80],
        ip=client_ip(request) if request is not None else None,
        user_agent=(request.headers.get("User-Agent", "") if request is not None else "")[:255],
        details=clean,
    )
