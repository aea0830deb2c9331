"""Sending the browser to the identity provider, and taking its answer back (state, once)."""

from __future__ import annotations

import time
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from portal.accounts import oidc
from portal.audit.models import Action, Outcome
from portal.audit.services import audit_record

PENDING_KEY = "oidc_pending"
PENDING_SECONDS = 600
MAX_PENDING = 5


def provider_unavailable(request: HttpRequest, reason: str) -> HttpResponse:
    audit_record(
        action=Action.SIGN_IN,
        outcome=Outcome.FAILED,
        request=request,
        reason=f"idp_unavailable:{reason}",
    )
    return render(request, "accounts/idp_unavailable.html", status=503)


def authorization_begin(
    request: HttpRequest, *, next_path: str | None, **params: str
) -> HttpResponse:
    """Redirect to the provider with fresh state, nonce and PKCE, remembered for this browser.

    ``next_path`` (already checked to be a same-origin path) stays here, never at the provider.
    """
    try:
        auth = oidc.authorization_request(**params)
    except oidc.ProviderUnavailable as error:
        return provider_unavailable(request, error.reason)
    now = time.time()
    pending = {
        state: item
        for state, item in request.session.get(PENDING_KEY, {}).items()
        if item["created"] + PENDING_SECONDS > now
    }
    while len(pending) >= MAX_PENDING:
        del pending[min(pending, key=lambda s: pending[s]["created"])]
    pending[auth["state"]] = {
        "nonce": auth["nonce"],
        "code_verifier": auth["code_verifier"],
        "next": next_path,
        "created": now,
        # OIDC Core 3.1.2.1: with max_age, the answer must show a sign-in at most that old.
        "max_age": int(params["max_age"]) if params.get("max_age") else None,
    }
    request.session[PENDING_KEY] = pending
    # Saved here, not on the way out, so that a session store that cannot be reached is an
    # error of this view (the "session validation unavailable" page), not a server error.
    request.session.save()
    return HttpResponseRedirect(auth["url"])


def authorization_take(request: HttpRequest, state: str) -> dict[str, Any] | None:
    """The pending authorization for ``state``, removed so it can be used only once."""
    pending = request.session.get(PENDING_KEY, {})
    item = pending.pop(state, None) if state else None
    if item is not None:
        # Written back only when a state was used: a stray callback writes no session row.
        request.session[PENDING_KEY] = pending
    if item is None or item["created"] + PENDING_SECONDS < time.time():
        return None
    return dict(item)
