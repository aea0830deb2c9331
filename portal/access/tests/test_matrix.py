"""Every declared route x every role (and an unrecognised role, and no membership) x tenant
status x MFA state x feature switch, each cell asserting the exact status and redirect."""

from __future__ import annotations

import itertools

import pytest
from django.test import Client

from portal.tenancy.models import Tenant

from . import conftest
from .spec_table import MANDATORY_MFA, ROLES, TABLE
from .world import MFA_AMR, World, build_world, sign_in_directly

pytestmark = pytest.mark.django_db

WHO = (*ROLES, "unrecognised", "none")
STATUSES = ("active", "suspended", "closed")
MFA_STATES = ("not_enrolled", "enrolled_not_satisfied", "satisfied")
FEATURE_STATES = (True, False)


def _path(template: str, world: World) -> str:
    """A concrete URL: object routes get an id inside the subject's own reach."""
    if template == "/calls/<id>":
        return f"/calls/{world.acme_call.pk}"
    if template == "/internal/tenants/<id>":
        return f"/internal/tenants/{world.acme.pk}"
    return template


def expected(who: str, status: str, mfa: str, feature_on: bool, section: str) -> tuple[int, str]:
    """(status code, Location or "") the specification gives for one cell."""
    if who in ("unrecognised", "none"):
        return 403, ""
    if status != "active":
        return 403, ""
    if who in MANDATORY_MFA and mfa != "satisfied":
        return (200, "") if section == "/settings" else (302, "/settings")
    feature, cells = TABLE[section]
    cell = cells[who]
    if cell.startswith("/"):
        return 302, cell
    if cell == "404" or (feature is not None and not feature_on):
        return 404, ""
    return 200, ""


def _configure(world: World, who: str, status: str, feature_on: bool) -> None:
    tenant = world.tenant_of(who) if who != "none" else world.acme
    for t in (world.acme, world.northwind, world.aidial):
        t.refresh_from_db()
        t.status = status if t.pk == tenant.pk else Tenant.Status.ACTIVE
        wanted = {"acme": ["team"], "northwind": ["partner_workspace"], "aidial": []}[t.slug]
        t.features = wanted if feature_on else []
        t.save()


def test_the_access_matrix_matches_the_specification() -> None:
    world = build_world()
    mismatches: list[str] = []
    cells = 0
    for who, status, mfa, feature_on in itertools.product(
        WHO, STATUSES, MFA_STATES, FEATURE_STATES
    ):
        _configure(world, who, status, feature_on)
        client = Client()
        sign_in_directly(
            client,
            world.users[who],
            amr=MFA_AMR if mfa == "satisfied" else ["pwd"],
            mfa_enrolled=mfa != "not_enrolled",
        )
        for section in TABLE:
            cells += 1
            response = client.get(_path(section, world))
            got = (response.status_code, response.get("Location", ""))
            want = expected(who, status, mfa, feature_on, section)
            if got != want:
                mismatches.append(
                    f"{section} as {who} (tenant {status}, MFA {mfa}, feature "
                    f"{'on' if feature_on else 'off'}): got {got}, want {want}"
                )
    conftest.MATRIX_CELLS.append(cells)
    assert cells == len(WHO) * len(STATUSES) * len(MFA_STATES) * len(FEATURE_STATES) * len(TABLE)
    assert not mismatches, "\n".join(mismatches[:40]) + f"\n({len(mismatches)} mismatches)"
