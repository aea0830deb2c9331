"""API keys, webhook endpoints and the idempotency records of the integration API (spec §8)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone

from portal.tenancy.models import Project, Tenant


class ApiKey(models.Model):
    """A key acting for one client tenant, optionally only for some of its projects.

    Only a SHA-256 digest of the key is stored; the key itself is shown once, at creation.
    ``prefix`` is the public part that names the key in lists and finds its row.
    """

    class State(models.TextChoices):
        ACTIVE = "active", "Active"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="api_keys")
    #: Empty: every project of the tenant.
    projects = models.ManyToManyField(Project, blank=True, related_name="+")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    digest = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["tenant", "-created_at"], name="api_key_tenant_recent"),
        ]

    def __str__(self) -> str:
        return f"API key {self.prefix}"

    @property
    def display_prefix(self) -> str:
        return f"aidial_{self.prefix}…"

    def state(self) -> str:
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.expires_at is not None and self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.ACTIVE

    def state_label(self) -> str:
        return str(self.State(self.state()).label)


class WebhookEndpoint(models.Model):
    """An HTTPS address of a client's where AiDial may post call events."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="webhook_endpoints")
    url = models.URLField(max_length=500, validators=[URLValidator(schemes=["https"])])
    description = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    active = models.BooleanField(default=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["tenant", "-created_at"], name="api_webhook_tenant_recent"),
        ]

    def __str__(self) -> str:
        return f"webhook endpoint {self.pk}"


class IdempotencyRecord(models.Model):
    """The first response to a POST made with an ``Idempotency-Key``, replayed on a retry."""

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    #: SHA-256 of the request body as validated, to tell a retry from a different request.
    request_digest = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["api_key", "key"], name="api_idempotency_key_once"),
        ]

    def __str__(self) -> str:
        return f"idempotency record {self.pk}"
