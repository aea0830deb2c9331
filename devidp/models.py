"""The provider's own storage: accounts, second factors, clients, codes and tokens."""

from __future__ import annotations

import hashlib
import secrets
import time
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.db import models


def digest(value: str) -> str:
    """SHA-256 of a high-entropy secret (codes, tokens), so the table holds no usable value."""
    return hashlib.sha256(value.encode()).hexdigest()


class Account(models.Model):
    sub = models.CharField(max_length=64, unique=True, editable=False)
    email = models.EmailField(unique=True)
    email_verified = models.BooleanField(default=True)
    name = models.CharField(max_length=200, blank=True)
    password_hash = models.CharField(max_length=256)
    totp_secret = models.CharField(max_length=64, blank=True)
    #: The last TOTP time step accepted, so a code cannot be used twice.
    totp_last_step = models.BigIntegerField(default=0)
    failed_attempts = models.PositiveIntegerField(default=0)
    locked_until = models.FloatField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.sub:
            self.sub = secrets.token_hex(16)
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def set_password(self, raw: str) -> None:
        self.password_hash = make_password(raw)

    def check_password(self, raw: str) -> bool:
        return check_password(raw, self.password_hash)

    @property
    def mfa_enrolled(self) -> bool:
        return bool(self.totp_secret)

    def is_locked(self, now: float | None = None) -> bool:
        return self.locked_until > (time.time() if now is None else now)

    def __str__(self) -> str:
        return self.email


class RecoveryCode(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "code_hash"], name="recovery_code_unique")
        ]


class Client(models.Model):
    """A registered relying party (confidential client)."""

    client_id = models.CharField(max_length=100, unique=True)
    secret_hash = models.CharField(max_length=256)
    name = models.CharField(max_length=200, blank=True)
    redirect_uris = models.JSONField(default=list)
    post_logout_redirect_uris = models.JSONField(default=list)
    scope = models.CharField(max_length=200, default="openid email profile")

    token_endpoint_auth_methods = ("client_secret_basic", "client_secret_post")

    def set_secret(self, raw: str) -> None:
        self.secret_hash = make_password(raw)

    # Authlib's ClientMixin interface.
    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        # OIDC Core 3.1.2.1: redirect_uri is required; never guess one.
        return None

    def get_allowed_scope(self, scope: str) -> str:
        allowed = set(self.scope.split())
        return " ".join(s for s in scope.split() if s in allowed)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        # Exact string comparison (OIDC Core 3.1.2.1, RFC 9700 2.1).
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return check_password(client_secret, self.secret_hash)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint != "token" or method in self.token_endpoint_auth_methods

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"

    @property
    def client_metadata(self) -> dict[str, Any]:
        return {"post_logout_redirect_uris": list(self.post_logout_redirect_uris)}

    def __str__(self) -> str:
        return self.client_id


class AuthorizationCode(models.Model):
    code_hash = models.CharField(max_length=64, unique=True)
    client = models.ForeignKey(Client, on_delete=models.CASCADE)
    account = models.ForeignKey(Account, on_delete=models.CASCADE)
    redirect_uri = models.TextField()
    scope = models.TextField()
    nonce = models.CharField(max_length=255, blank=True)
    auth_time = models.BigIntegerField()
    acr = models.CharField(max_length=255)
    amr = models.JSONField(default=list)
    code_challenge = models.CharField(max_length=128)
    code_challenge_method = models.CharField(max_length=10)
    issued_at = models.FloatField(default=time.time)
    used = models.BooleanField(default=False)

    # Authlib's AuthorizationCodeMixin interface (OIDC flavour).
    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce or None

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> str:
        return self.acr

    def get_amr(self) -> list[str]:
        return list(self.amr)


class Token(models.Model):
    access_token_hash = models.CharField(max_length=64, unique=True)
    client = models.ForeignKey(Client, on_delete=models.CASCADE)
    account = models.ForeignKey(Account, on_delete=models.CASCADE)
    #: The code this token was issued for: a replayed code revokes it (RFC 6749 4.1.2).
    authorization_code = models.ForeignKey(AuthorizationCode, null=True, on_delete=models.SET_NULL)
    scope = models.TextField()
    issued_at = models.FloatField(default=time.time)
    expires_in = models.PositiveIntegerField()
    revoked = models.BooleanField(default=False)

    # Authlib's TokenMixin interface.
    def check_client(self, client: Client) -> bool:
        return self.client_id == client.pk

    def get_scope(self) -> str:
        return self.scope

    def get_expires_in(self) -> int:
        return self.expires_in

    def is_expired(self) -> bool:
        return self.issued_at + self.expires_in < time.time()

    def is_revoked(self) -> bool:
        return self.revoked

    def get_user(self) -> Account:
        return self.account

    def get_client(self) -> Client:
        return self.client
