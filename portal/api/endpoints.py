"""The integration API, ``/api/v1/`` (spec section 8): django-ninja, X-API-Key only."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Header, NinjaAPI, Path, Query, Status
from ninja.errors import ValidationError

from portal.api.auth import ApiCaller, ApiKeyAuth
from portal.api.errors import ApiError, Error, install_error_handlers
from portal.api.idempotency import idempotent_remember, idempotent_replay, request_digest
from portal.api.schemas import CallDetail, CallFilters, CallOut, CallPage, CallRequest, ProjectList
from portal.api.services import call_queue
from portal.calls.models import Call
from portal.calls.selectors import CALLS_KEYSET, call_get, calls_page
from portal.calls.selectors import CallFilters as SelectedCalls
from portal.core.keyset import BadCursor
from portal.tenancy.selectors import projects_visible

DESCRIPTION = """\
For server-side integrations only: send your key in the `X-API-Key` header. A request that
carries the key together with browser signals (a portal session cookie, `Origin`, or
`Sec-Fetch-*` headers) is refused. Every error is JSON with a stable `code`.
"""

api = NinjaAPI(
    title="AiDial integration API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=ApiKeyAuth(),
    docs_url=None,
)
install_error_handlers(api)

#: The refusals every operation may give.
REFUSALS: dict[int, Any] = {400: Error, 401: Error, 403: Error, 429: Error}
MAX_ID = 2**63 - 1
CALL_FILTERS = frozenset(CallFilters.model_fields)
#: Set on a response replayed for a repeated Idempotency-Key.
REPLAYED = "Idempotent-Replayed"


def _caller(request: HttpRequest, *, query: frozenset[str] = frozenset()) -> ApiCaller:
    """The key's caller; also refuses query parameters the operation does not know (a typo
    such as ``stauts=busy`` must not silently widen a list)."""
    unknown = sorted(set(request.GET) - query)
    if unknown:
        raise ValidationError(
            [{"loc": ["query", name], "msg": "Unknown query parameter."} for name in unknown]
        )
    caller = getattr(request, "auth", None)
    if not isinstance(caller, ApiCaller):  # the auth class always sets one or refuses
        raise ApiError(401, "missing_api_key", "Send your API key in the X-API-Key header.")
    return caller


def call_body(call: Call) -> dict[str, Any]:
    """A call as JSON (also what an idempotent retry replays)."""
    return {
        "id": call.pk,
        "project": call.project.slug,
        "direction": call.direction,
        "status": call.status,
        "phone_number": call.phone_number,
        "started_at": call.started_at.isoformat(),
        "duration_seconds": call.duration_seconds,
        "outcome": call.outcome,
        "metadata": call.metadata,
        "created_at": call.created_at.isoformat(),
    }


@api.get(
    "/projects",
    response={200: ProjectList, **REFUSALS},
    url_name="projects_list",
    operation_id="listProjects",
    summary="List the projects this key reaches",
)
def projects_list(request: HttpRequest) -> dict[str, Any]:
    projects = projects_visible(context=_caller(request))
    return {"items": [{"slug": p.slug, "name": p.name} for p in projects]}


@api.get(
    "/calls",
    response={200: CallPage, 404: Error, **REFUSALS},
    url_name="calls_list",
    operation_id="listCalls",
    summary="List calls, newest first",
)
def calls_list(request: HttpRequest, filters: Query[CallFilters]) -> dict[str, Any]:
    caller = _caller(request, query=CALL_FILTERS)
    project_id = None
    if filters.project is not None:
        project = projects_visible(context=caller).filter(slug=filters.project).first()
        if project is None:
            raise Http404
        project_id = project.pk
    try:
        cursor = CALLS_KEYSET.decode(filters.cursor) if filters.cursor else None
    except BadCursor:
        raise ApiError(
            400, "invalid_cursor", "The cursor was altered or is not one this API gave out."
        ) from None
    selected = SelectedCalls(
        project_id=project_id,
        status=filters.status or "",
        direction=filters.direction or "",
        started_from=filters.started_from,
        started_before=filters.started_before,
    )
    page = calls_page(context=caller, filters=selected, cursor=cursor, size=filters.limit)
    return {
        "items": [call_body(call) for call in page.rows],
        "next_cursor": CALLS_KEYSET.encode(page.older) if page.older else None,
    }


@api.get(
    "/calls/{call_id}",
    response={200: CallDetail, 404: Error, **REFUSALS},
    url_name="call_detail",
    operation_id="getCall",
    summary="Get one call",
)
def call_detail(request: HttpRequest, call_id: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    call = call_get(context=_caller(request), call_id=call_id)
    return {
        **call_body(call),
        "transcript": call.transcript,
        "recording_url": call.recording_link,
    }


@api.post(
    "/calls",
    response={201: CallOut, 404: Error, 409: Error, **REFUSALS},
    url_name="calls_create",
    operation_id="createCall",
    summary="Request an outbound call (queued)",
)
def calls_create(
    request: HttpRequest,
    response: HttpResponse,
    payload: CallRequest,
    idempotency_key: str | None = Header(
        None,
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        pattern=r"^[\x21-\x7e]+$",
        description="Retry safely: the same key and body return the first response.",
    ),
) -> Status[Any]:
    caller = _caller(request)
    digest = request_digest(payload.model_dump(mode="json"))
    if idempotency_key is not None:
        replay = idempotent_replay(api_key=caller.api_key, key=idempotency_key, digest=digest)
        if replay is not None:
            response[REPLAYED] = "true"
            return Status(*replay)
    try:
        with transaction.atomic():
            call = call_queue(
                scope=caller,
                project_slug=payload.project,
                phone_number=payload.phone_number,
                metadata=payload.metadata,
            )
            body = call_body(call)
            if idempotency_key is not None:
                idempotent_remember(
                    api_key=caller.api_key,
                    key=idempotency_key,
                    digest=digest,
                    status=201,
                    body=body,
                )
    except IntegrityError:
        # The same key arrived twice at once; the other request's call stands.
        replay = idempotent_replay(api_key=caller.api_key, key=idempotency_key or "", digest=digest)
        if replay is None:
            raise
        response[REPLAYED] = "true"
        return Status(*replay)
    return Status(201, body)
