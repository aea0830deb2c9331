"""Help pages, generated from the same policy and settings that the portal enforces."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.access import roles
from portal.access.permissions import ROLE_ORDER, table


def _mfa_roles() -> tuple[list[str], list[str]]:
    mandatory = [r for r in ROLE_ORDER if r in roles.MANDATORY_MFA_ROLES]
    optional = [r for r in ROLE_ORDER if r not in roles.MANDATORY_MFA_ROLES]
    return mandatory, optional


@login_not_required
@require_GET
def help_sign_in(request: HttpRequest) -> HttpResponse:
    mandatory, optional = _mfa_roles()
    return render(
        request,
        "access/help_sign_in.html",
        {"mandatory": mandatory, "optional": optional},
    )


@login_not_required
@require_GET
def help_roles(request: HttpRequest) -> HttpResponse:
    mandatory, _ = _mfa_roles()
    return render(
        request,
        "access/help_roles.html",
        {
            "roles": [(r, roles.ROLE_LABELS[r]) for r in ROLE_ORDER],
            "rows": table(),
            "mandatory": mandatory,
        },
    )
