"""Calls made and taken for a client's projects."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from portal.tenancy.models import Project, Tenant


class Call(models.Model):
    class Direction(models.TextChoices):
        OUTBOUND = "outbound", "Outbound"
        INBOUND = "inbound", "Inbound"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        NO_ANSWER = "no_answer", "No answer"
        BUSY = "busy", "Busy"
        FAILED = "failed", "Failed"

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="calls")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="calls")
    direction = models.CharField(max_length=10, choices=Direction.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    #: E.164, e.g. +61412345678.
    phone_number = models.CharField(max_length=16)
    started_at = models.DateTimeField(default=timezone.now)
    duration_seconds = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=200, blank=True)
    transcript = models.TextField(blank=True)
    recording_url = models.URLField(blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering: ClassVar[list[str]] = ["-started_at", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            # The calls list and the dashboard: a tenant's calls by time. The dashboard's
            # daily figures read status and duration from the index alone (PostgreSQL's
            # index-only scan), so their cost follows the tenant's calls, not the table's.
            models.Index(
                fields=["tenant", "-started_at", "-id"],
                include=["status", "duration_seconds"],
                name="calls_tenant_recent",
            ),
            models.Index(fields=["project", "-started_at", "-id"], name="calls_project_recent"),
        ]

    def __str__(self) -> str:
        return f"call {self.pk}"

    @property
    def recording_link(self) -> str:
        """The recording's URL when it is a web address; anything else is never linked."""
        url = self.recording_url.strip()
        return url if url.lower().startswith(("https://", "http://")) else ""
