"""Organisations, their projects, and the one membership each portal user holds (spec section 4)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

#: The per-organisation feature switches the portal knows; ``Tenant.features`` holds a subset.
FEATURES = ("team", "partner_workspace")


class Tenant(models.Model):
    class Kind(models.TextChoices):
        CLIENT = "client", "Client"
        PARTNER = "partner", "Partner"
        INTERNAL = "internal", "Internal"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        SUSPENDED = "suspended", "Suspended"
        CLOSED = "closed", "Closed"

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    plan = models.CharField(max_length=40, default="standard")
    #: Names from ``FEATURES`` switched on for this organisation.
    features = models.JSONField(default=list, blank=True)
    # Indexed by the (partner, status) index below, which also serves lookups by partner alone.
    partner = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clients",
        db_index=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["slug"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["kind", "status"], name="tenancy_tenant_kind_status"),
            models.Index(fields=["partner", "status"], name="tenancy_tenant_partner_status"),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["client", "partner", "internal"]),
                name="tenancy_tenant_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["active", "suspended", "closed"]),
                name="tenancy_tenant_status_valid",
            ),
            # Which kind the partner is cannot be checked by the database; clean() does.
            models.CheckConstraint(
                condition=models.Q(partner__isnull=True) | models.Q(kind="client"),
                name="tenancy_tenant_partner_only_for_clients",
                violation_error_message="Only a client tenant may belong to a partner.",
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.slug

    def clean(self) -> None:
        super().clean()
        if self.partner_id is None:
            return
        if self.kind != self.Kind.CLIENT:
            raise ValidationError({"partner": "Only a client tenant may belong to a partner."})
        if self.partner is None or self.partner.kind != self.Kind.PARTNER:
            raise ValidationError({"partner": "A client's partner must be a partner tenant."})

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def has_feature(self, name: str) -> bool:
        return isinstance(self.features, list) and name in self.features


class Project(models.Model):
    """A calling campaign or phone line of a client tenant."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="projects")
    slug = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering: ClassVar[list[str]] = ["tenant_id", "slug"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["tenant", "slug"], name="tenancy_project_tenant_slug"),
        ]

    def __str__(self) -> str:
        return self.name or self.slug

    def clean(self) -> None:
        super().clean()
        if self.tenant_id is not None and self.tenant.kind != Tenant.Kind.CLIENT:
            raise ValidationError({"tenant": "Only a client tenant has projects."})


class Membership(models.Model):
    """One portal user's role in one tenant, and the projects and clients it reaches.

    ``role`` is stored as given, recognised or not (see ``constants``). ``projects`` counts
    only when ``all_projects`` is false, ``clients`` only when ``all_clients`` is false.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=40)
    all_projects = models.BooleanField(default=True)
    projects = models.ManyToManyField(Project, blank=True)
    #: For partner roles: every client of the partner, or only those in ``clients``.
    all_clients = models.BooleanField(default=True)
    clients = models.ManyToManyField(Tenant, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"membership {self.pk}"
