"""People who use the portal, and the identity-provider accounts they sign in with.

The portal never handles passwords: a user's password field is always unusable, and who
someone is comes from the identity provider's ``(issuer, subject)`` pair.
"""

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


def normalize_email(email: str) -> str:
    """Email addresses are compared and stored lower-cased, whole."""
    return email.strip().lower()


class PortalUserManager(BaseUserManager["PortalUser"]):
    def create_user(self, email: str, *, name: str = "", **fields: Any) -> "PortalUser":
        user = self.model(email=normalize_email(email), name=name, **fields)
        user.set_unusable_password()
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> "PortalUser":
        return self.get(email=normalize_email(username or ""))


class PortalUser(AbstractBaseUser):
    email = models.EmailField(unique=True, max_length=254)
    name = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[PortalUserManager] = PortalUserManager()

    class Meta:
        verbose_name = "portal user"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(email=Lower("email")),
                name="accounts_portaluser_email_lowercase",
                violation_error_message="Email addresses are stored lower-cased.",
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"user {self.pk}"

    def clean(self) -> None:
        super().clean()
        self.email = normalize_email(self.email)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)


class OidcIdentity(models.Model):
    """An account at an identity provider, linked to the portal user it signs in as."""

    user = models.ForeignKey(PortalUser, on_delete=models.CASCADE, related_name="identities")
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "OIDC identity"
        verbose_name_plural = "OIDC identities"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="accounts_oidcidentity_issuer_subject"
            ),
        ]

    def __str__(self) -> str:
        return f"identity {self.pk}"


class PortalSession(models.Model):
    """One signed-in browser: what the provider said at sign-in, and when it was last seen.

    The session store holds the data; this row is what Settings lists and what revocation
    ends. A request whose row is ended, idle too long or past the absolute limit is signed out.
    """

    user = models.ForeignKey(PortalUser, on_delete=models.CASCADE, related_name="sessions")
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    auth_time = models.DateTimeField(null=True, blank=True)
    amr = models.JSONField(default=list, blank=True)
    acr = models.CharField(max_length=255, blank=True)
    mfa_enrolled = models.BooleanField(default=False)
    ip = models.GenericIPAddressField(null=True, blank=True)
    device = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_seen_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=40, blank=True)

    class Meta:
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["user", "ended_at"], name="accounts_session_user_active"),
        ]

    def __str__(self) -> str:
        return f"session {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None
