"""The state of AiDial's own services, as AiDial staff report it (not tenant data)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone


class ComponentStatus(models.TextChoices):
    OPERATIONAL = "operational", "Operational"
    DEGRADED = "degraded", "Degraded performance"
    PARTIAL_OUTAGE = "partial_outage", "Partial outage"
    MAJOR_OUTAGE = "major_outage", "Major outage"


#: Worst last: the overall status is the highest of the components'.
SEVERITY: dict[str, int] = {status: rank for rank, status in enumerate(ComponentStatus.values)}


class ServiceComponent(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=60, unique=True)
    status = models.CharField(
        max_length=20, choices=ComponentStatus.choices, default=ComponentStatus.OPERATIONAL
    )
    position = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["position", "name"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(status__in=ComponentStatus.values),
                name="status_component_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Incident(models.Model):
    class Impact(models.TextChoices):
        MINOR = "minor", "Minor"
        MAJOR = "major", "Major"
        CRITICAL = "critical", "Critical"

    class Status(models.TextChoices):
        INVESTIGATING = "investigating", "Investigating"
        IDENTIFIED = "identified", "Identified"
        MONITORING = "monitoring", "Monitoring"
        RESOLVED = "resolved", "Resolved"

    title = models.CharField(max_length=200)
    #: The latest word to customers: what is affected, what is being done.
    body = models.TextField(max_length=5000)
    impact = models.CharField(max_length=10, choices=Impact.choices, default=Impact.MINOR)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.INVESTIGATING)
    started_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    components = models.ManyToManyField(ServiceComponent, blank=True, related_name="incidents")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-started_at", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["-started_at", "-id"], name="status_incident_recent"),
            models.Index(fields=["resolved_at"], name="status_incident_resolved"),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(impact__in=["minor", "major", "critical"]),
                name="status_incident_impact_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["investigating", "identified", "monitoring", "resolved"]
                ),
                name="status_incident_status_valid",
            ),
            # Resolved exactly when it has a resolution time.
            models.CheckConstraint(
                condition=models.Q(status="resolved", resolved_at__isnull=False)
                | (~models.Q(status="resolved") & models.Q(resolved_at__isnull=True)),
                name="status_incident_resolved_at_iff_resolved",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_resolved(self) -> bool:
        return self.status == self.Status.RESOLVED
