"""Finding the portal user an identity provider's account signs in as."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from portal.accounts.models import OidcIdentity, PortalUser, normalize_email


def user_for_sign_in(*, issuer: str, claims: dict[str, Any]) -> PortalUser | None:
    """The active portal user for ``(issuer, sub)``; on a first sign-in, linked by email.

    Linking by email happens only when the provider says the address is verified
    (``AIDIAL_OIDC_EMAIL_VERIFIED_CLAIM``, ``email_verified`` by default) is true: an
    unverified address proves nothing about who the person is.
    """
    subject = str(claims["sub"])
    identity = (
        OidcIdentity.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
    )
    if identity is not None:
        return identity.user if identity.user.is_active else None
    email = claims.get("email")
    verified = claims.get(settings.AIDIAL_OIDC_EMAIL_VERIFIED_CLAIM) is True
    if not verified or not isinstance(email, str) or not email:
        return None
    user = PortalUser.objects.filter(email=normalize_email(email), is_active=True).first()
    if user is None:
        return None
    if OidcIdentity.objects.filter(user=user, issuer=issuer).exists():
        # The address already belongs to another account at this provider: no takeover.
        return None
    try:
        with transaction.atomic():
            OidcIdentity.objects.create(user=user, issuer=issuer, subject=subject)
    except IntegrityError:
        return None
    return user
