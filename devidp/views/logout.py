"""RP-Initiated Logout 1.0: the end-session endpoint."""

from typing import Any

from authlib.oauth2 import OAuth2Error
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from ..server import server


def _finish(request: HttpRequest, validated: Any) -> HttpResponse:
    response = server.create_endpoint_response("end_session", validated)
    if response is not None:
        return response
    return render(request, "devidp/signed_out.html")


# A confirmation typed by the person on this provider's own page is a form like any other.
_confirmed = csrf_protect(_finish)


@csrf_exempt  # relying parties may POST a logout request that carries a valid id_token_hint
@require_http_methods(["GET", "POST"])
def end_session(request: HttpRequest) -> HttpResponse:
    try:
        validated = server.validate_endpoint_request("end_session", request)
    except OAuth2Error as error:
        # Section 4: no post-logout redirection when the request is in error.
        context = {"error": error.error, "description": error.description}
        return render(request, "devidp/error.html", context, status=400)
    if not validated.needs_confirmation:
        return _finish(request, validated)
    if request.method == "GET":
        # Section 6: without a valid id_token_hint, ask the person first.
        return render(request, "devidp/logout_confirm.html", {"fields": dict(request.GET.items())})
    return _confirmed(request, validated)
