"""Every refusal of the API is JSON with a stable ``code`` and a plain message, never a key."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError


class ValidationProblem(Schema):
    #: Where the problem is, e.g. ``["body", "payload", "phone_number"]``.
    loc: list[str]
    msg: str


class Error(Schema):
    code: str
    message: str
    #: With ``invalid_request``: what did not match the schema, and where.
    errors: list[ValidationProblem] | None = None


class ApiError(Exception):
    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(code)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}


NOT_FOUND = "No such object, or it is outside this key's organisation and projects."

#: code -> (status, when) for the README's table and the tests.
CODES: dict[str, tuple[int, str]] = {
    "missing_api_key": (401, "no X-API-Key header"),
    "malformed_api_key": (401, "the header is not an AiDial API key"),
    "unknown_api_key": (401, "no such key"),
    "api_key_revoked": (401, "the key was revoked"),
    "api_key_expired": (401, "the key's expiry has passed"),
    "tenant_not_active": (403, "the key's organisation is suspended or closed"),
    "browser_request_refused": (
        400,
        "X-API-Key sent with a portal session cookie, an Origin or a Sec-Fetch-* header",
    ),
    "invalid_request": (400, "a parameter or the body does not match the OpenAPI document"),
    "invalid_cursor": (400, "the cursor was altered or is not one the API gave out"),
    "not_found": (404, "no such object, or another tenant's or an out-of-scope project's"),
    "idempotency_key_reused": (409, "the same Idempotency-Key with a different body"),
    "rate_limited": (429, "too many requests for this key this minute (see Retry-After)"),
    "service_unavailable": (503, "the database or cache cannot be reached just now (Retry-After)"),
}


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "message": message, **extra}


def install_error_handlers(api: NinjaAPI) -> None:
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        response = api.create_response(
            request, error_body(exc.code, exc.message), status=exc.status
        )
        for name, value in exc.headers.items():
            response[name] = value
        return response

    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, error_body("not_found", NOT_FOUND), status=404)

    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        problems = [
            {"loc": [str(part) for part in error.get("loc", ())], "msg": str(error.get("msg", ""))}
            for error in exc.errors
        ]
        body = error_body(
            "invalid_request", "The request does not match the API's schema.", errors=problems
        )
        return api.create_response(request, body, status=400)

    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        body = error_body("missing_api_key", "Send your API key in the X-API-Key header.")
        return api.create_response(request, body, status=401)

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        body = error_body("invalid_request", "The request body is not valid JSON.", errors=[])
        return api.create_response(request, body, status=400 if exc.status_code < 500 else 500)

    for exc_class, handler in (
        (ApiError, api_error),
        (Http404, not_found),
        (ValidationError, invalid),
        (AuthenticationError, unauthenticated),
        (HttpError, http_error),
    ):
        api.exception_handler(exc_class)(handler)
