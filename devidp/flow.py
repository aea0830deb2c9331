"""The interactive sign-in at this provider, kept in the provider's own session.

An authorization request that needs the user (sign in, MFA, enrolment) is parked as a
pending transaction; the sign-in pages work on it; once done, the user goes back to the same
authorization request, marked as freshly authenticated so that ``prompt=login`` and
``max_age`` do not ask again.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from django.conf import settings
from django.http import HttpRequest

from .models import Account, digest
from .server import Login

_PENDING = "pending"
_LOGIN = "login"
_FRESH = "fresh_for"
_MAX_PENDING = 5
_PENDING_SECONDS = 900


@dataclass
class Pending:
    """An authorization request waiting for the user to finish a step."""

    tx: str
    query: str
    stage: str  # "password", "mfa", "enroll", "recovery-codes"
    account_id: int | None = None
    enroll_secret: str = ""
    created: float = 0.0

    @property
    def params(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.query).items()}

    @property
    def login_hint(self) -> str:
        return self.params.get("login_hint", "")

    def account(self) -> Account | None:
        if self.account_id is None:
            return None
        return Account.objects.filter(pk=self.account_id).first()


def mfa_wanted(params: dict[str, str]) -> bool:
    """Whether the authorization request asks for MFA (its acr, or the setup parameter)."""
    name, _, value = settings.DEVIDP_MFA_SETUP_PARAM.partition("=")
    setup = bool(name) and params.get(name) == value
    return setup or settings.DEVIDP_ACR_MFA in params.get("acr_values", "").split()


def current_login(request: HttpRequest) -> Login | None:
    data = request.session.get(_LOGIN)
    if not data:
        return None
    if data["auth_time"] + settings.DEVIDP_SESSION_SECONDS < time.time():
        return None
    account = Account.objects.filter(pk=data["account_id"]).first()
    if account is None:
        return None
    return Login(account=account, auth_time=data["auth_time"], amr=tuple(data["amr"]))


def park(request: HttpRequest, *, query: str, stage: str, account: Account | None) -> Pending:
    pending: dict[str, Any] = request.session.get(_PENDING, {})
    now = time.time()
    live = {k: v for k, v in pending.items() if v["created"] + _PENDING_SECONDS > now}
    if len(live) >= _MAX_PENDING:
        oldest = min(live, key=lambda k: live[k]["created"])
        del live[oldest]
    item = Pending(
        tx=secrets.token_urlsafe(16),
        query=query,
        stage=stage,
        account_id=account.pk if account else None,
        created=now,
    )
    live[item.tx] = item.__dict__
    request.session[_PENDING] = live
    return item


def load(request: HttpRequest, tx: str, *stages: str) -> Pending | None:
    data = request.session.get(_PENDING, {}).get(tx)
    if not data or data["created"] + _PENDING_SECONDS < time.time():
        return None
    item = Pending(**data)
    return item if item.stage in stages else None


def save(request: HttpRequest, item: Pending) -> None:
    pending = request.session.get(_PENDING, {})
    pending[item.tx] = item.__dict__
    request.session[_PENDING] = pending


def complete(request: HttpRequest, item: Pending, account: Account, amr: list[str]) -> str:
    """Record the sign-in and return where the browser resumes the authorization request."""
    pending = request.session.get(_PENDING, {})
    pending.pop(item.tx, None)
    # A new session id at every sign-in: no fixation of the provider's session.
    request.session.cycle_key()
    request.session[_PENDING] = pending
    request.session[_LOGIN] = {
        "account_id": account.pk,
        "auth_time": int(time.time()),
        "amr": amr,
    }
    request.session[_FRESH] = digest(item.query)
    return "/authorize?" + item.query


def take_fresh(request: HttpRequest, query: str) -> bool:
    """Whether the user just signed in for exactly this request (consumed once)."""
    marker = request.session.pop(_FRESH, None)
    return marker is not None and secrets.compare_digest(marker, digest(query))
