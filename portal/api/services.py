"""Creating and revoking API keys, adding and switching webhook endpoints; each with its audit
event in the same transaction (audit details never hold a key or its digest)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone

from portal.access.scope import DataScope
from portal.accounts.models import PortalUser
from portal.api.keys import key_generate
from portal.api.models import ApiKey, WebhookEndpoint
from portal.audit.models import Action, Outcome
from portal.audit.services import audit_record
from portal.calls.models import Call
from portal.tenancy.models import Project, Tenant
from portal.tenancy.selectors import projects_visible

#: How often ``last_used_at`` is written: a busy key costs one update a minute, not one a call.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class CreatedKey:
    api_key: ApiKey
    #: The key itself: shown once, stored nowhere.
    plaintext: str


def api_key_create(
    *,
    actor: PortalUser | None,
    tenant: Tenant,
    name: str,
    expires_at: dt.datetime | None,
    projects: Iterable[Project],
    request: HttpRequest | None,
) -> CreatedKey:
    name = name.strip()
    chosen = list(projects)
    if tenant.kind != Tenant.Kind.CLIENT:
        raise ValidationError("API keys belong to a client organisation.")
    if not name:
        raise ValidationError({"name": "Give the key a name."})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": "Choose an expiry date in the future."})
    if any(project.tenant_id != tenant.pk for project in chosen):
        raise ValidationError({"projects": "Choose projects of this organisation."})
    new = key_generate()
    with transaction.atomic():
        api_key = ApiKey.objects.create(
            tenant=tenant,
            name=name,
            prefix=new.prefix,
            digest=new.digest,
            created_by=actor,
            expires_at=expires_at,
        )
        api_key.projects.set(chosen)
        audit_record(
            action=Action.API_KEY_CREATED,
            outcome=Outcome.SUCCEEDED,
            request=request,
            actor=actor,
            target_tenant_id=tenant.pk,
            details={
                "id": api_key.pk,
                "name": name,
                "projects": sorted(project.slug for project in chosen),
                "expires_at": expires_at.isoformat() if expires_at else None,
            },
        )
    return CreatedKey(api_key=api_key, plaintext=new.plaintext)


def api_key_revoke(
    *, actor: PortalUser | None, api_key: ApiKey, request: HttpRequest | None
) -> bool:
    """Revoke the key at once; ``False`` when it was already revoked (nothing changes)."""
    with transaction.atomic():
        now = timezone.now()
        changed = ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(
            revoked_at=now, revoked_by=actor
        )
        if not changed:
            return False
        api_key.revoked_at, api_key.revoked_by = now, actor
        audit_record(
            action=Action.API_KEY_REVOKED,
            outcome=Outcome.SUCCEEDED,
            request=request,
            actor=actor,
            target_tenant_id=api_key.tenant_id,
            details={"id": api_key.pk, "name": api_key.name},
        )
    return True


def api_key_touch(*, api_key: ApiKey) -> None:
    """Record that the key was used, at most once per ``LAST_USED_RESOLUTION``."""
    now = timezone.now()
    if api_key.last_used_at is not None and now - api_key.last_used_at < LAST_USED_RESOLUTION:
        return
    ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    api_key.last_used_at = now


def webhook_endpoint_create(
    *,
    actor: PortalUser,
    tenant: Tenant,
    url: str,
    description: str,
    request: HttpRequest | None = None,
) -> WebhookEndpoint:
    if tenant.kind != Tenant.Kind.CLIENT:
        raise ValidationError("Webhook endpoints belong to a client organisation.")
    endpoint = WebhookEndpoint(
        tenant=tenant, url=url.strip(), description=description.strip(), created_by=actor
    )
    endpoint.full_clean()
    with transaction.atomic():
        endpoint.save()
        _webhook_audit(Action.WEBHOOK_ADDED, endpoint=endpoint, actor=actor, request=request)
    return endpoint


def webhook_endpoint_set_active(
    *,
    endpoint: WebhookEndpoint,
    active: bool,
    actor: PortalUser | None = None,
    request: HttpRequest | None = None,
) -> bool:
    """Turn the endpoint on or off; audited when that changes anything (True)."""
    with transaction.atomic():
        changed = (
            WebhookEndpoint.objects.filter(pk=endpoint.pk)
            .exclude(active=active)
            .update(active=active)
        )
        if changed:
            action = Action.WEBHOOK_TURNED_ON if active else Action.WEBHOOK_TURNED_OFF
            _webhook_audit(action, endpoint=endpoint, actor=actor, request=request)
    endpoint.active = active
    return bool(changed)


def _webhook_audit(
    action: str,
    *,
    endpoint: WebhookEndpoint,
    actor: PortalUser | None,
    request: HttpRequest | None,
) -> None:
    # The address's host only: a path or query may carry the receiver's own secret.
    host = urlsplit(endpoint.url).hostname or ""
    audit_record(
        action=action,
        outcome=Outcome.SUCCEEDED,
        request=request,
        actor=actor,
        target_tenant_id=endpoint.tenant_id,
        details={"id": endpoint.pk, "host": host},
    )


def call_queue(
    *, scope: DataScope, project_slug: str, phone_number: str, metadata: dict[str, Any]
) -> Call:
    """An outbound call to ``phone_number`` for a project in scope, queued for the dialler."""
    project = projects_visible(context=scope).filter(slug=project_slug).first()
    if project is None:
        raise Http404
    return Call.objects.create(
        tenant_id=project.tenant_id,
        project=project,
        direction=Call.Direction.OUTBOUND,
        status=Call.Status.QUEUED,
        phone_number=phone_number,
        metadata=metadata,
    )
