"""Calls, only ever through the caller's scope (STYLE habit 4)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from portal.access.context import AccessContext
from portal.calls.models import Call


def calls_visible(*, context: AccessContext) -> QuerySet[Call]:
    calls = Call.objects.filter(tenant_id__in=context.client_ids)
    if context.project_ids is not None:
        calls = calls.filter(project_id__in=context.project_ids)
    return calls.select_related("project", "tenant")


def call_get(*, context: AccessContext, call_id: int) -> Call:
    """The call, or the same 404 whether it does not exist or is out of scope."""
    call = calls_visible(context=context).filter(pk=call_id).first()
    if call is None:
        raise Http404
    return call
