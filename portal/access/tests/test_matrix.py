"""Every declared route x every role (and an unrecognised role, and no membership) x tenant
status x MFA state x feature switch, each cell asserting the exact status and redirect."""

from __future__ import annotations

import datetime as dt
import itertools
from urllib.parse import urlsplit

import pytest
from django.test import Client

from portal.access.policy import ROUTES, Surface
from portal.accounts.tests.forge_op import ForgeOp
from portal.api.models import WebhookEndpoint
from portal.api.services import api_key_create
from portal.tenancy.models import Membership, Tenant

from . import conftest
from .route_probes import ACTION_ROWS, PROBES, SECTION_ROUTES, SIGN_OUT, Probe
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


def test_every_declared_route_is_in_the_matrix() -> None:
    """A route added later cannot escape the matrix: it is a section page or a probed action."""
    # The integration API is reached by key, never by session: portal/api/tests covers it.
    declared = {
        route.name for route in ROUTES if route.surface not in (Surface.PUBLIC, Surface.API)
    }
    probed = {name.split(" ")[0] for name in PROBES} | {"accounts:logout"}
    assert declared == set(SECTION_ROUTES) | probed
    assert set(SECTION_ROUTES.values()) == set(TABLE)


def _expected_action(
    who: str, status: str, mfa: str, feature_on: bool, probe: Probe, ids: dict[str, int]
) -> tuple:
    allowed = (probe.allowed[0], probe.allowed[1].format(**ids))
    if probe is SIGN_OUT:
        return allowed
    if who in ("unrecognised", "none") or status != "active":
        return 403, ""
    if who in MANDATORY_MFA and mfa != "satisfied":
        return allowed if probe.section == "/settings" else (302, "/settings")
    feature, cells = {**TABLE, **ACTION_ROWS}[probe.section]
    cell = cells[who]
    if cell.startswith("/"):
        return 302, cell
    if cell == "404" or (feature is not None and not feature_on) or (probe.manage and cell == "ro"):
        return 404, ""
    return allowed


def _location(response: object, issuer: str) -> str:
    location: str = response.get("Location", "")  # type: ignore[attr-defined]
    if location.startswith(issuer + "/"):
        return "provider:" + urlsplit(location).path
    return location


def test_every_action_follows_its_section(forge_op: ForgeOp) -> None:
    """Every route that is not a section page x every subject x tenant status x MFA state x
    feature switch: the exact status and redirect, and never more reach than the section."""
    world = build_world()
    ids = {
        "client": world.acme.pk,
        "client_member": Membership.objects.get(user=world.users["client_staff"]).pk,
        "partner_member": Membership.objects.get(user=world.users["partner_user"]).pk,
        "client_key": api_key_create(
            actor=None, tenant=world.acme, name="Probe", expires_at=None, projects=[], request=None
        ).api_key.pk,
        "client_webhook": WebhookEndpoint.objects.create(
            tenant=world.acme, url="https://crm.acme.example/hook"
        ).pk,
    }
    probes = [*PROBES.items(), ("accounts:logout", SIGN_OUT)]
    mismatches: list[str] = []
    cells = 0
    for who, status, mfa, feature_on in itertools.product(
        WHO, STATUSES, MFA_STATES, FEATURE_STATES
    ):
        _configure(world, who, status, feature_on)
        signed_in = {
            "amr": MFA_AMR if mfa == "satisfied" else ["pwd"],
            "mfa_enrolled": mfa != "not_enrolled",
            "auth_age": dt.timedelta(hours=1),
        }
        other = sign_in_directly(Client(), world.users[who], **signed_in)  # type: ignore[arg-type]
        client = Client()
        sign_in_directly(client, world.users[who], **signed_in)  # type: ignore[arg-type]
        for name, probe in probes:
            cells += 1
            path = probe.path.format(other_session=other.pk, **ids)
            if probe.method == "POST":
                response = client.post(path, probe.data)
            else:
                response = client.get(path, probe.data)
            got = (response.status_code, _location(response, forge_op.issuer))
            want = _expected_action(who, status, mfa, feature_on, probe, ids)
            if got != want:
                mismatches.append(
                    f"{name} {probe.method} {path} as {who} (tenant {status}, MFA {mfa}, "
                    f"feature {'on' if feature_on else 'off'}): got {got}, want {want}"
                )
    conftest.MATRIX_CELLS.append(cells)
    assert cells == len(WHO) * len(STATUSES) * len(MFA_STATES) * len(FEATURE_STATES) * len(probes)
    assert not mismatches, "\n".join(mismatches[:40]) + f"\n({len(mismatches)} mismatches)"
