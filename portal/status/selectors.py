"""What the status pages show. AiDial's services are the same for every tenant: no scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from portal.status.models import SEVERITY, ComponentStatus, Incident, ServiceComponent

#: The banner above the components, by overall status.
OVERALL_MESSAGES: dict[str, str] = {
    ComponentStatus.OPERATIONAL: "All services are operating normally.",
    ComponentStatus.DEGRADED: "Some services are running with degraded performance.",
    ComponentStatus.PARTIAL_OUTAGE: "Some services are partly unavailable.",
    ComponentStatus.MAJOR_OUTAGE: "Some services are unavailable.",
}

#: How far back "recent incidents" reach; an unresolved incident is shown however old.
RECENT = dt.timedelta(days=30)


def service_components_all() -> QuerySet[ServiceComponent]:
    return ServiceComponent.objects.order_by("position", "name")


def service_components_overall(*, components: list[ServiceComponent]) -> str:
    """The worst status among the components (operational when there are none)."""
    return max(
        (c.status for c in components),
        key=lambda status: SEVERITY.get(status, 0),
        default=ComponentStatus.OPERATIONAL.value,
    )


def incidents_recent(*, now: dt.datetime | None = None) -> QuerySet[Incident]:
    since = (now or timezone.now()) - RECENT
    return (
        Incident.objects.filter(Q(started_at__gte=since) | Q(resolved_at__isnull=True))
        .order_by("-started_at", "-id")
        .prefetch_related("components")
    )


def incident_get(*, incident_id: int) -> Incident:
    incident = Incident.objects.filter(pk=incident_id).first()
    if incident is None:
        raise Http404
    return incident


#: Incidents listed at most; more than this in 30 days is better told by the banner.
INCIDENTS_SHOWN = 50


@dataclass(frozen=True)
class StatusOverview:
    components: list[ServiceComponent]
    overall: str
    incidents: list[Incident]

    @property
    def overall_message(self) -> str:
        return OVERALL_MESSAGES[self.overall]


def status_overview(*, now: dt.datetime | None = None) -> StatusOverview:
    """What both status pages show: the banner, each service, and the recent incidents."""
    components = list(service_components_all())
    return StatusOverview(
        components=components,
        overall=service_components_overall(components=components),
        incidents=list(incidents_recent(now=now)[:INCIDENTS_SHOWN]),
    )
