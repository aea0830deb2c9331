"""The one function that writes to the audit trail."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from portal.accounts.models import PortalUser
from portal.audit.models import AuditEvent
from portal.tenancy.models import Membership

# Keys that must never reach the trail, however a caller names them.
_FORBIDDEN = ("token", "secret", "password", "code", "key", "cookie", "email")


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: behind N trusted proxies, the N-th X-Forwarded-For entry from the
    right (the ones further left are whatever the client chose to send)."""
    hops = settings.AIDIAL_TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= hops:
            try:
                return str(ipaddress.ip_address(forwarded[-hops]))
            except ValueError:
                pass  # not what a proxy of ours writes: fall back to the peer's address
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    outcome: str,
    request: HttpRequest | None = None,
    actor: PortalUser | None = None,
    reason: str = "",
    details: dict[str, Any] | None = None,
    actor_tenant_id: int | None = None,
    target_tenant_id: int | None = None,
) -> AuditEvent:
    clean = dict(details or {})
    for name in clean:
        if any(word in name.lower() for word in _FORBIDDEN):
            raise ValueError(f"audit details may not hold {name!r}")
    if actor is not None and actor_tenant_id is None:
        actor_tenant_id = (
            Membership.objects.filter(user=actor).values_list("tenant_id", flat=True).first()
        )
    return AuditEvent.objects.create(
        actor=actor,
        actor_tenant_id=actor_tenant_id,
        target_tenant_id=target_tenant_id if target_tenant_id is not None else actor_tenant_id,
        action=action,
        outcome=outcome,
        reason=reason[:80],
        ip=client_ip(request) if request is not None else None,
        user_agent=(request.headers.get("User-Agent", "") if request is not None else "")[:255],
        details=clean,
    )
