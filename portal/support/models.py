"""Support tickets an organisation opens with AiDial."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from portal.tenancy.models import Tenant

MESSAGE_MAX_LENGTH = 5000


class SupportTicket(models.Model):
    class Category(models.TextChoices):
        CALLS = "calls", "Calls"
        BILLING = "billing", "Billing"
        ACCESS = "access", "Signing in and access"
        INTEGRATIONS = "integrations", "Integrations and API"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    #: The organisation of whoever opened it: a partner's own tickets belong to the partner.
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="support_tickets")
    # A ticket outlives the account that opened it.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(max_length=200)
    category = models.CharField(max_length=20, choices=Category.choices)
    message = models.TextField(max_length=MESSAGE_MAX_LENGTH)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["tenant", "-created_at", "-id"], name="support_ticket_recent"),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(
                    category__in=["calls", "billing", "access", "integrations", "other"]
                ),
                name="support_ticket_category_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["open", "closed"]),
                name="support_ticket_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"ticket {self.pk}"
