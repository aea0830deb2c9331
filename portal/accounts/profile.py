"""The person's profile as the identity provider gave it at sign-in, in plain words.

The ID token's ``name`` and ``email`` are kept in the server-side session at sign-in (never in
a log or the audit trail); issuer, sign-in time, ``amr`` and ``acr`` are on the portal
session row. A session started before the profile was kept falls back to the portal user.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from portal.accounts.models import PortalSession, PortalUser

PROFILE_KEY = "oidc_profile"

#: Authentication method references (RFC 8176) in words.
AMR_WORDS = {
    "pwd": "password",
    "otp": "one-time code",
    "mfa": "multiple factors",
    "hwk": "hardware security key",
    "swk": "software key",
    "sms": "code by text message",
    "tel": "phone call",
    "fpt": "fingerprint",
    "face": "face recognition",
    "iris": "iris scan",
    "retina": "retina scan",
    "vbm": "voice",
    "pin": "PIN",
    "kba": "security questions",
    "sc": "smart card",
    "pop": "proof of possession of a key",
    "user": "user presence",
    "rba": "risk-based check",
    "mca": "several channels",
    "wia": "Windows sign-in",
    "geo": "location",
}


@dataclass(frozen=True)
class Profile:
    name: str
    email: str
    issuer: str
    signed_in_at: dt.datetime | None
    #: How this session signed in, in words ("password, one-time code").
    methods: list[str]
    #: What the provider's ``acr`` says, in words.
    level: str


def profile_claims(claims: dict[str, Any]) -> dict[str, str]:
    """What the session keeps of the ID token for the profile: name and email, as text."""
    kept = {}
    for claim, limit in (("name", 200), ("email", 254)):
        value = claims.get(claim)
        if isinstance(value, str) and value.strip():
            kept[claim] = value.strip()[:limit]
    return kept


def amr_words(amr: list[str]) -> list[str]:
    return [AMR_WORDS.get(value, f"“{value}”") for value in amr]


def acr_words(acr: str) -> str:
    if not acr:
        return "Not stated by your identity provider"
    if settings.AIDIAL_OIDC_MFA_ACR and acr == settings.AIDIAL_OIDC_MFA_ACR:
        return "Multi-factor authentication"
    return f"“{acr}” (not the multi-factor level)"


def profile_for(
    *, request: HttpRequest, user: PortalUser, session: PortalSession | None
) -> Profile:
    claims = request.session.get(PROFILE_KEY) or {}
    return Profile(
        name=claims.get("name") or user.name,
        email=claims.get("email") or user.email,
        issuer=session.issuer if session else "",
        signed_in_at=session.auth_time if session else None,
        methods=amr_words(list(session.amr or [])) if session else [],
        level=acr_words(session.acr) if session else acr_words(""),
    )
