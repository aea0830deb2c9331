"""Changes to the status of AiDial's services; each commits together with its audit event."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from portal.accounts.models import PortalUser
from portal.audit.models import Action, Outcome
from portal.audit.services import audit_record
from portal.status.models import Incident, ServiceComponent


def service_components_status_set(
    *, statuses: Mapping[int, str], actor: PortalUser, request: HttpRequest | None = None
) -> list[ServiceComponent]:
    """Set each component's status; returns the components whose status changed."""
    changed: list[ServiceComponent] = []
    with transaction.atomic():
        components = ServiceComponent.objects.select_for_update().filter(pk__in=statuses)
        for component in components:
            status = statuses[component.pk]
            if component.status == status:
                continue
            previous, component.status = component.status, status
            component.save(update_fields=["status", "updated_at"])
            audit_record(
                action=Action.STATUS_COMPONENT_CHANGED,
                outcome=Outcome.SUCCEEDED,
                request=request,
                actor=actor,
                details={"component": component.slug, "from": previous, "to": status},
            )
            changed.append(component)
    return changed


def incident_open(
    *,
    title: str,
    body: str,
    impact: str,
    status: str,
    component_ids: Sequence[int],
    actor: PortalUser,
    request: HttpRequest | None = None,
) -> Incident:
    if status == Incident.Status.RESOLVED:
        raise ValueError("an incident is opened unresolved")
    with transaction.atomic():
        incident = Incident.objects.create(title=title, body=body, impact=impact, status=status)
        incident.components.set(ServiceComponent.objects.filter(pk__in=component_ids))
        audit_record(
            action=Action.INCIDENT_OPENED,
            outcome=Outcome.SUCCEEDED,
            request=request,
            actor=actor,
            details={"incident": incident.pk, "status": status, "impact": impact},
        )
    return incident


def incident_update(
    *,
    incident: Incident,
    status: str,
    body: str,
    actor: PortalUser,
    request: HttpRequest | None = None,
) -> Incident:
    """New status and latest word on an incident; resolving it records when, reopening clears it."""
    with transaction.atomic():
        # Read under the row's lock, so two people updating at once each see the other's change.
        previous = (
            Incident.objects.select_for_update()
            .values_list("status", flat=True)
            .get(pk=incident.pk)
        )
        resolved_now = status == Incident.Status.RESOLVED and previous != status
        incident.status, incident.body = status, body
        if resolved_now:
            incident.resolved_at = timezone.now()
        elif status != Incident.Status.RESOLVED:
            incident.resolved_at = None
        incident.save(update_fields=["status", "body", "resolved_at", "updated_at"])
        audit_record(
            action=Action.INCIDENT_RESOLVED if resolved_now else Action.INCIDENT_UPDATED,
            outcome=Outcome.SUCCEEDED,
            request=request,
            actor=actor,
            details={"incident": incident.pk, "from": previous, "to": status},
        )
    return incident
