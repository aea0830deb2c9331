"""Suspending a tenant or changing a membership ends access at the next request."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from portal.audit.models import AuditEvent
from portal.tenancy.models import Tenant

from .world import MFA_AMR, build_world, sign_in_directly

pytestmark = pytest.mark.django_db


def _admin(world: object, *, auth_age: dt.timedelta = dt.timedelta(0)) -> Client:
    client = Client()
    sign_in_directly(
        client,
        world.users["aidial_admin"],
        amr=MFA_AMR,  # type: ignore[attr-defined]
        mfa_enrolled=True,
        auth_age=auth_age,
    )
    return client


def test_suspending_a_tenant_ends_its_members_access_at_once() -> None:
    world = build_world()
    member = Client()
    sign_in_directly(member, world.users["client_admin"])
    partner = Client()
    sign_in_directly(partner, world.users["partner_admin"], amr=MFA_AMR, mfa_enrolled=True)
    assert member.get("/dashboard").status_code == 200  # context now cached
    assert partner.get(f"/calls/{world.acme_call.pk}").status_code == 200

    response = _admin(world).post(
        f"/internal/tenants/{world.acme.pk}/status",
        {"status": "suspended", "reason": "Unpaid invoices", "next": "/internal/tenants"},
    )
    assert response.status_code == 302
    world.acme.refresh_from_db()
    assert world.acme.status == Tenant.Status.SUSPENDED
    denied = member.get("/dashboard")
    assert denied.status_code == 403
    assert "account is not active" in denied.content.decode()
    assert partner.get(f"/calls/{world.acme_call.pk}").status_code == 404
    event = AuditEvent.objects.get(action="tenant_suspended")
    assert event.target_tenant_id == world.acme.pk
    assert event.details == {"reason": "Unpaid invoices"}

    _admin(world).post(
        f"/internal/tenants/{world.acme.pk}/status", {"status": "active", "reason": "Paid"}
    )
    assert member.get("/dashboard").status_code == 200
    assert AuditEvent.objects.filter(action="tenant_reactivated").count() == 1


def test_suspension_needs_a_recent_sign_in(forge_op: object) -> None:
    world = build_world()
    stale = _admin(world, auth_age=dt.timedelta(minutes=20))
    response = stale.post(
        f"/internal/tenants/{world.acme.pk}/status",
        {"status": "suspended", "reason": "Unpaid", "next": f"/internal/tenants/{world.acme.pk}"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(f"{forge_op.issuer}/authorize?")  # type: ignore[attr-defined]
    assert "max_age=600" in response["Location"]
    world.acme.refresh_from_db()
    assert world.acme.status == Tenant.Status.ACTIVE


def test_an_operator_cannot_suspend() -> None:
    world = build_world()
    operator = Client()
    sign_in_directly(operator, world.users["aidial_operator"], amr=MFA_AMR, mfa_enrolled=True)
    page = operator.get(f"/internal/tenants/{world.acme.pk}").content.decode()
    assert "Suspend or reactivate" not in page
    response = operator.post(
        f"/internal/tenants/{world.acme.pk}/status", {"status": "suspended", "reason": "x" * 5}
    )
    assert response.status_code == 404
    world.acme.refresh_from_db()
    assert world.acme.status == Tenant.Status.ACTIVE


def test_removing_a_membership_ends_access_at_the_next_request() -> None:
    world = build_world()
    client = Client()
    sign_in_directly(client, world.users["client_admin"])
    assert client.get("/billing").status_code == 200
    world.users["client_admin"].membership.delete()
    assert client.get("/billing").status_code == 403


def test_a_role_change_applies_at_the_next_request() -> None:
    world = build_world()
    client = Client()
    sign_in_directly(client, world.users["client_admin"])
    assert client.get("/billing").status_code == 200
    membership = world.users["client_admin"].membership
    membership.role = "client_staff"
    membership.save()
    assert client.get("/billing").status_code == 404


def test_narrowing_a_project_scope_applies_at_the_next_request() -> None:
    world = build_world()
    client = Client()
    sign_in_directly(client, world.users["client_staff"])
    assert client.get(f"/calls/{world.acme_reminder_call.pk}").status_code == 200
    membership = world.users["client_staff"].membership
    membership.all_projects = False
    membership.save()
    membership.projects.set([world.acme_bookings])
    assert client.get(f"/calls/{world.acme_reminder_call.pk}").status_code == 404


def test_confirm_its_you_comes_before_the_form_when_the_sign_in_is_old(forge_op: object) -> None:
    """So that nothing typed into a sensitive form is lost to the provider round trip."""
    world = build_world()
    detail = f"/internal/tenants/{world.acme.pk}"
    stale = _admin(world, auth_age=dt.timedelta(minutes=20))
    page = stale.get(detail).content.decode()
    assert "Confirm it&#x27;s you" in page or "Confirm it's you" in page
    assert f'name="next" value="{detail}"' in page
    response = stale.post("/settings/reauthenticate", {"next": detail})
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{forge_op.issuer}/authorize?")  # type: ignore[attr-defined]
    assert "max_age=600" in location
    fresh = _admin(world).get(detail).content.decode()
    assert "Confirm it" not in fresh
    assert "Plan and features" in fresh
