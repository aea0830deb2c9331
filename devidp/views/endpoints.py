"""The back-channel endpoints a relying party calls: token and userinfo."""

from typing import Any

from authlib.oauth2 import OAuth2Error
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from ..server import protector, server, user_claims


@csrf_exempt
@require_POST
def token(request: HttpRequest) -> HttpResponse:
    response: HttpResponse = server.create_token_response(request)
    return response


@csrf_exempt
@require_http_methods(["GET", "POST"])
def userinfo(request: HttpRequest) -> HttpResponse:
    try:
        access = protector.acquire_token(request, ["openid"])
    except OAuth2Error as error:
        body: dict[str, Any] = dict(error.get_body())
        response = JsonResponse(body, status=error.status_code)
        for name, value in error.get_headers():
            response[name] = value
        return response
    return JsonResponse(user_claims(access.account, access.scope))
