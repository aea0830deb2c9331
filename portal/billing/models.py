"""Invoices AiDial issues to an organisation."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from portal.tenancy.models import Tenant


class Invoice(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ISSUED = "issued", "Issued"
        PAID = "paid", "Paid"
        OVERDUE = "overdue", "Overdue"

    # A financial record is never deleted along with its organisation.
    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="invoices")
    number = models.CharField(max_length=40, unique=True)
    period_start = models.DateField()
    period_end = models.DateField()
    amount_cents = models.PositiveBigIntegerField()
    currency = models.CharField(max_length=3, default="AUD")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    issued_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering: ClassVar[list[str]] = ["-period_start", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["tenant", "-period_start", "-id"], name="billing_invoice_recent"),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "issued", "paid", "overdue"]),
                name="billing_invoice_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="billing_invoice_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.number
