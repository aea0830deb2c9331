"""Portal sessions: start at sign-in, list in Settings, end by sign-out, revocation or expiry."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings
from django.contrib import auth
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from portal.accounts.models import PortalSession, PortalUser
from portal.accounts.profile import PROFILE_KEY, profile_claims
from portal.audit.models import Action, Outcome
from portal.audit.services import audit_record, client_ip

SESSION_KEY = "portal_session_id"
ID_TOKEN_KEY = "oidc_id_token"  # noqa: S105 (a session key name)
#: How stale ``last_seen_at`` may get before a request refreshes it (saves a write a request).
LAST_SEEN_RESOLUTION = dt.timedelta(seconds=60)

_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Windows", "Windows"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Android", "Android"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def describe_device(user_agent: str) -> str:
    """A short, human description of a browser ("Firefox on Windows"); never the whole UA."""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), "")
    system = next((name for marker, name in _SYSTEMS if marker in user_agent), "")
    if browser and system:
        return f"{browser} on {system}"
    if browser or system:
        return browser or system
    word = re.match(r"[A-Za-z][A-Za-z0-9._-]{0,30}", user_agent)
    return word.group(0) if word else "Unknown device"


def session_start(
    *, request: HttpRequest, user: PortalUser, issuer: str, claims: dict[str, Any], id_token: str
) -> PortalSession:
    """Sign the browser in: a new session id (no fixation), its row, and the audit event."""
    auth_time = claims.get("auth_time")
    amr = claims.get("amr") if isinstance(claims.get("amr"), list) else []
    previous = request.session.get(SESSION_KEY)
    with transaction.atomic():
        if previous is not None:
            # Signing in again (MFA, a recent sign-in) replaces this browser's session.
            PortalSession.objects.filter(pk=previous, ended_at__isnull=True).update(
                ended_at=timezone.now(), end_reason="reauthenticated"
            )
        auth.login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        row = PortalSession.objects.create(
            user=user,
            issuer=issuer,
            subject=str(claims["sub"]),
            auth_time=(
                dt.datetime.fromtimestamp(auth_time, tz=dt.UTC)
                if isinstance(auth_time, int | float)
                else None
            ),
            amr=[str(v) for v in amr or []][:20],
            acr=str(claims.get("acr", ""))[:255],
            mfa_enrolled=claims.get(settings.AIDIAL_OIDC_MFA_ENROLLED_CLAIM) is True,
            ip=client_ip(request),
            device=describe_device(request.headers.get("User-Agent", ""))[:120],
        )
        request.session[SESSION_KEY] = row.pk
        request.session[ID_TOKEN_KEY] = id_token
        request.session[PROFILE_KEY] = profile_claims(claims)
        audit_record(
            action=Action.SIGN_IN,
            outcome=Outcome.SUCCEEDED,
            request=request,
            actor=user,
            details={"session": row.pk},
        )
    return row


def session_current(request: HttpRequest) -> PortalSession | None:
    """The live row of this request's session, or None when it has ended or expired.

    One query, for the row and its user together: the user is handed to Django's
    authentication (which would otherwise load it again) once the session's auth hash has
    been checked as ``django.contrib.auth.get_user`` checks it. Anything unusual (another
    backend, a hash from a rotated secret) is left to ``get_user`` to decide.
    """
    session_id = request.session.get(SESSION_KEY)
    user_id = request.session.get(auth.SESSION_KEY)
    if session_id is None or user_id is None:
        return None
    row = (
        PortalSession.objects.select_related("user")
        .filter(pk=session_id, user_id=user_id, ended_at__isnull=True, user__is_active=True)
        .first()
    )
    if row is None:
        return None
    if not hasattr(request, "_cached_user") and _verified(request, row.user):
        request._cached_user = row.user  # type: ignore[attr-defined]
    if request.user.pk != row.user_id:
        return None
    now = timezone.now()
    idle = dt.timedelta(seconds=settings.AIDIAL_SESSION_IDLE_SECONDS)
    absolute = dt.timedelta(seconds=settings.AIDIAL_SESSION_MAX_SECONDS)
    if now - row.last_seen_at > idle or now - row.created_at > absolute:
        with transaction.atomic():
            _end(row, reason="expired")
            audit_record(
                action=Action.SESSION_EXPIRED,
                outcome=Outcome.SUCCEEDED,
                request=request,
                actor=row.user,
                details={"session": row.pk},
            )
        return None
    if now - row.last_seen_at > LAST_SEEN_RESOLUTION:
        PortalSession.objects.filter(pk=row.pk).update(last_seen_at=now)
        row.last_seen_at = now
    return row


def _verified(request: HttpRequest, user: PortalUser) -> bool:
    """The checks of ``django.contrib.auth.get_user`` for a user already loaded."""
    if request.session.get(auth.BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS:
        return False
    session_hash = request.session.get(auth.HASH_SESSION_KEY)
    return isinstance(session_hash, str) and constant_time_compare(
        session_hash, user.get_session_auth_hash()
    )


def _end(row: PortalSession, *, reason: str) -> None:
    PortalSession.objects.filter(pk=row.pk, ended_at__isnull=True).update(
        ended_at=timezone.now(), end_reason=reason
    )


def sessions_active(*, user: PortalUser) -> QuerySet[PortalSession]:
    """The user's sessions that would still be let in: not ended, idled out or too old."""
    now = timezone.now()
    return PortalSession.objects.filter(
        user=user,
        ended_at__isnull=True,
        last_seen_at__gte=now - dt.timedelta(seconds=settings.AIDIAL_SESSION_IDLE_SECONDS),
        created_at__gte=now - dt.timedelta(seconds=settings.AIDIAL_SESSION_MAX_SECONDS),
    ).order_by("-last_seen_at")


def session_revoke(*, request: HttpRequest, user: PortalUser, session_id: int) -> bool:
    """End one of the user's own sessions; another user's id is the same as a missing one."""
    with transaction.atomic():
        ended = PortalSession.objects.filter(
            pk=session_id, user=user, ended_at__isnull=True
        ).update(ended_at=timezone.now(), end_reason="revoked")
        if ended:
            audit_record(
                action=Action.SESSION_REVOKED,
                outcome=Outcome.SUCCEEDED,
                request=request,
                actor=user,
                details={"session": session_id},
            )
    return bool(ended)


def sessions_revoke_others(*, request: HttpRequest, user: PortalUser, keep_id: int) -> int:
    with transaction.atomic():
        ids = list(
            PortalSession.objects.filter(user=user, ended_at__isnull=True)
            .exclude(pk=keep_id)
            .values_list("pk", flat=True)
        )
        PortalSession.objects.filter(pk__in=ids).update(
            ended_at=timezone.now(), end_reason="revoked"
        )
        if ids:
            audit_record(
                action=Action.SESSION_REVOKED,
                outcome=Outcome.SUCCEEDED,
                request=request,
                actor=user,
                details={"sessions": ids, "scope": "others"},
            )
    return len(ids)


def session_end_current(*, request: HttpRequest) -> str | None:
    """Sign this browser out (server side first); returns the ID token for the logout hint."""
    id_token = request.session.get(ID_TOKEN_KEY)
    user = request.user if request.user.is_authenticated else None
    session_id = request.session.get(SESSION_KEY)
    with transaction.atomic():
        if session_id is not None:
            PortalSession.objects.filter(pk=session_id, ended_at__isnull=True).update(
                ended_at=timezone.now(), end_reason="signed_out"
            )
        if isinstance(user, PortalUser):
            audit_record(
                action=Action.SIGN_OUT,
                outcome=Outcome.SUCCEEDED,
                request=request,
                actor=user,
                details={"session": session_id},
            )
    auth.logout(request)
    return str(id_token) if id_token else None
