"""Navigation drawn from the same policy that enforces access (a convenience, not the check)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from portal.access.context import AccessContext, describe
from portal.access.policy import Section, Surface, sections


def reachable_sections(context: AccessContext) -> list[Section]:
    if not context.recognised or not context.tenant_active or context.mfa_required:
        return [s for s in sections() if s.surface is Surface.ANY and context.can(s.view)]
    wanted = Surface.INTERNAL if context.is_internal else Surface.CUSTOMER
    reachable = [
        s
        for s in sections()
        if s.surface in (wanted, Surface.ANY)
        and context.can(s.view)
        and context.has_feature(s.feature)
    ]
    # The organisation's sections first, Settings last.
    return sorted(reachable, key=lambda s: s.surface is Surface.ANY)


def access(request: HttpRequest) -> dict[str, Any]:
    context = getattr(request, "access", None)
    if not isinstance(context, AccessContext):
        return {}
    return {"access": describe(context), "nav": reachable_sections(context)}


def support(request: HttpRequest) -> dict[str, Any]:
    return {"support_email": settings.AIDIAL_SUPPORT_EMAIL}
