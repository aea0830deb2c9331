"""The authorization endpoint (OIDC Core 3.1.2): decides whether the user must act first."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from authlib.common.urls import add_params_to_uri
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import InvalidRequestError
from authlib.oidc.core.errors import InteractionRequiredError, LoginRequiredError
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .. import flow
from ..server import Login, server


def _too_old(params: dict[str, str], login: Login) -> bool:
    if "max_age" not in params:
        return False
    raw = params["max_age"]
    if not raw.isdigit():
        raise InvalidRequestError("'max_age' must be a non-negative integer.")
    return time.time() - login.auth_time > int(raw)


def _error(request: HttpRequest, error: OAuth2Error) -> HttpResponse:
    """Errors go back to the client only once its redirect URI is known to be registered."""
    if error.redirect_uri:
        params = dict(error.get_body())
        params["iss"] = settings.DEVIDP_ISSUER  # RFC 9207: error responses carry it too
        return HttpResponseRedirect(add_params_to_uri(error.redirect_uri, list(params.items())))
    return render(
        request,
        "devidp/error.html",
        {"error": error.error, "description": error.description},
        status=400,
    )


@csrf_exempt  # OIDC Core 3.1.2.1: the endpoint takes GET and form POST from any relying party
@require_http_methods(["GET", "POST"])
def authorize(request: HttpRequest) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    query = source.urlencode()
    params = {key: source[key] for key in source}
    login = flow.current_login(request)
    try:
        grant = server.get_consent_grant(request, end_user=login)
        fresh = flow.take_fresh(request, query)
        stage = None
        prompts = params.get("prompt", "").split()
        stale = login is not None and ("login" in prompts or _too_old(params, login))
        if login is None or (stale and not fresh):
            stage = "password"
        elif flow.mfa_wanted(params) and not login.has_mfa:
            stage = "mfa" if login.account.mfa_enrolled else "enroll"
        if stage and "none" in prompts:
            error_cls = LoginRequiredError if stage == "password" else InteractionRequiredError
            raise error_cls(redirect_uri=grant.redirect_uri, state=params.get("state"))
    except OAuth2Error as error:
        if error.redirect_uri and not error.state:
            error.state = params.get("state")
        return _error(request, error)

    if stage is not None:
        account = None if stage == "password" or login is None else login.account
        pending = flow.park(request, query=query, stage=stage, account=account)
        return HttpResponseRedirect(f"/signin/{stage}?" + urlencode({"tx": pending.tx}))
    response: HttpResponse = server.create_authorization_response(
        request, grant_user=login, grant=grant
    )
    return response
