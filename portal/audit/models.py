"""The append-only audit trail (spec section 9)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class Action(models.TextChoices):
    SIGN_IN = "sign_in", "Sign-in"
    SIGN_OUT = "sign_out", "Sign-out"
    SESSION_REVOKED = "session_revoked", "Session revoked"
    SESSION_EXPIRED = "session_expired", "Session expired"
    MFA_REQUIRED = "mfa_required", "MFA required"
    MFA_SETUP_STARTED = "mfa_setup_started", "MFA setup started"
    MFA_SATISFIED = "mfa_satisfied", "MFA satisfied"
    API_KEY_CREATED = "api_key_created", "API key created"
    API_KEY_REVOKED = "api_key_revoked", "API key revoked"
    WEBHOOK_ADDED = "webhook_added", "Webhook endpoint added"
    WEBHOOK_TURNED_ON = "webhook_turned_on", "Webhook endpoint turned on"
    WEBHOOK_TURNED_OFF = "webhook_turned_off", "Webhook endpoint turned off"
    MEMBERSHIP_INVITED = "membership_invited", "Member invited"
    MEMBERSHIP_ROLE_CHANGED = "membership_role_changed", "Member role changed"
    MEMBERSHIP_REMOVED = "membership_removed", "Member removed"
    TENANT_SUSPENDED = "tenant_suspended", "Tenant suspended"
    TENANT_REACTIVATED = "tenant_reactivated", "Tenant reactivated"
    TENANT_PLAN_CHANGED = "tenant_plan_changed", "Tenant plan changed"
    TENANT_FEATURES_CHANGED = "tenant_features_changed", "Tenant features changed"
    STATUS_COMPONENT_CHANGED = "status_component_changed", "Service status changed"
    INCIDENT_OPENED = "incident_opened", "Incident opened"
    INCIDENT_UPDATED = "incident_updated", "Incident updated"
    INCIDENT_RESOLVED = "incident_resolved", "Incident resolved"


class Outcome(models.TextChoices):
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    DENIED = "denied", "Denied"


class AuditEvent(models.Model):
    created_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_tenant = models.ForeignKey(
        "tenancy.Tenant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_tenant = models.ForeignKey(
        "tenancy.Tenant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40, choices=Action.choices)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    #: A short machine-readable reason (``state_mismatch``, ``no_portal_account``, …).
    reason = models.CharField(max_length=80, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["action", "created_at"], name="audit_action_time"),
            models.Index(fields=["actor_tenant", "created_at"], name="audit_actor_tenant_time"),
            models.Index(fields=["target_tenant", "created_at"], name="audit_target_tenant_time"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.outcome}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("audit events are append-only")
