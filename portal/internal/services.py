"""Changing a tenant from the internal surface: each change and its audit event commit together.

Saving a tenant drops the cached access context of every user it can affect (its members, and
the members of its partner: see ``portal.access.invalidation``), so a change applies at their
next request.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from portal.accounts.models import PortalUser
from portal.audit.models import Action, Outcome
from portal.audit.services import audit_record
from portal.tenancy.models import FEATURES, Tenant


def _locked(tenant: Tenant) -> Tenant:
    return Tenant.objects.select_for_update().get(pk=tenant.pk)


def tenant_status_set(
    *,
    actor: PortalUser,
    actor_tenant_id: int | None,
    tenant: Tenant,
    status: str,
    reason: str,
    request: HttpRequest | None,
) -> Tenant:
    """Suspend an active tenant or reactivate a suspended one, with the reason audited.

    AiDial's own organisation is never suspended (it would lock its staff out), and a closed
    tenant is not reopened here.
    """
    with transaction.atomic():
        current = _locked(tenant)
        if current.kind == Tenant.Kind.INTERNAL:
            raise ValidationError("AiDial's own organisation cannot be suspended.", code="internal")
        wanted_from = (
            Tenant.Status.ACTIVE if status == Tenant.Status.SUSPENDED else Tenant.Status.SUSPENDED
        )
        if current.status != wanted_from:
            verb = "suspended" if status == Tenant.Status.SUSPENDED else "reactivated"
            raise ValidationError(
                f"{current.name} is {current.get_status_display().lower()}: it cannot be {verb}.",
                code="status",
            )
        current.status = status
        current.save(update_fields=["status", "updated_at"])
        audit_record(
            action=(
                Action.TENANT_SUSPENDED
                if status == Tenant.Status.SUSPENDED
                else Action.TENANT_REACTIVATED
            ),
            outcome=Outcome.SUCCEEDED,
            request=request,
            actor=actor,
            actor_tenant_id=actor_tenant_id,
            target_tenant_id=current.pk,
            details={"reason": reason},
        )
    return current


def tenant_plan_features_set(
    *,
    actor: PortalUser,
    actor_tenant_id: int | None,
    tenant: Tenant,
    plan: str,
    features: list[str],
    request: HttpRequest | None,
) -> list[str]:
    """Give the tenant a plan and a set of feature switches; returns the audit actions written.

    The plan and the features are audited separately, and only when they change.
    """
    wanted = [name for name in FEATURES if name in set(features)]
    with transaction.atomic():
        current = _locked(tenant)
        had = [name for name in FEATURES if current.has_feature(name)]
        changes: list[tuple[str, dict[str, object]]] = []
        if current.plan != plan:
            changes.append((Action.TENANT_PLAN_CHANGED, {"from": current.plan, "to": plan}))
        if had != wanted:
            changes.append(
                (
                    Action.TENANT_FEATURES_CHANGED,
                    {
                        "from": had,
                        "to": wanted,
                        "added": [f for f in wanted if f not in had],
                        "removed": [f for f in had if f not in wanted],
                    },
                )
            )
        if not changes:
            return []
        current.plan = plan
        # Switches this portal does not know are kept as they are.
        current.features = wanted + [
            f for f in (current.features or []) if isinstance(f, str) and f not in FEATURES
        ]
        current.save(update_fields=["plan", "features", "updated_at"])
        for action, details in changes:
            audit_record(
                action=action,
                outcome=Outcome.SUCCEEDED,
                request=request,
                actor=actor,
                actor_tenant_id=actor_tenant_id,
                target_tenant_id=current.pk,
                details=details,
            )
    return [action for action, _ in changes]
