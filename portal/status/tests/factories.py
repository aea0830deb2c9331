from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from portal.status.models import Incident, ServiceComponent

COMPONENTS = (
    ("outbound-calling", "Outbound calling"),
    ("inbound-calling", "Inbound calling"),
    ("portal", "Portal"),
    ("integration-api", "Integration API"),
)


def components() -> dict[str, ServiceComponent]:
    """The four services, by slug (the data migration's rows, recreated if a test flushed them)."""
    for position, (slug, name) in enumerate(COMPONENTS, start=1):
        ServiceComponent.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
    return {c.slug: c for c in ServiceComponent.objects.all()}


def incident(
    title: str,
    *,
    ago: dt.timedelta = dt.timedelta(hours=1),
    resolved: bool = False,
    affects: list[ServiceComponent] | None = None,
    **fields: Any,
) -> Incident:
    started = timezone.now() - ago
    row = Incident.objects.create(
        title=title,
        body=fields.pop("body", "We are looking into it."),
        started_at=started,
        status=Incident.Status.RESOLVED if resolved else Incident.Status.INVESTIGATING,
        resolved_at=started + dt.timedelta(minutes=30) if resolved else None,
        **fields,
    )
    row.components.set(affects or [])
    return row


def more_incidents(n: int) -> None:
    services = list(components().values())
    now = timezone.now()
    rows = Incident.objects.bulk_create(
        Incident(
            title=f"Bulk {i}",
            body="Something happened.",
            started_at=now - dt.timedelta(minutes=i + 1),
            status="resolved",
            resolved_at=now,
        )
        for i in range(n)
    )
    through = Incident.components.through
    through.objects.bulk_create(
        through(incident_id=row.pk, servicecomponent_id=services[i % len(services)].pk)
        for i, row in enumerate(rows)
    )
