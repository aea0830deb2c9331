"""Reading the access context the middleware put on the request."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from portal.access.context import AccessContext


def access_context(request: HttpRequest) -> AccessContext:
    """The request's access context; a view reached without one is refused, never guessed."""
    context = getattr(request, "access", None)
    if not isinstance(context, AccessContext):
        raise PermissionDenied
    return context
