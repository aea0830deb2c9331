"""The Partner Team page: a partner admin manages the partner's own members, never its clients'."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from portal.access.tests.world import World, build_world, member
from portal.accounts.models import PortalSession, PortalUser
from portal.audit.models import AuditEvent
from portal.tenancy.models import Membership, Tenant

from .helpers import html, signed_in, state

pytestmark = pytest.mark.django_db

FORM_ACTIONS = re.compile(r'<form method="post" action="(/partner/team[^"]*)"')


@pytest.fixture
def world() -> World:
    world = build_world()
    member("rival@otherpartner.example", _other_partner(), "partner_admin")
    return world


def _other_partner() -> Tenant:
    return Tenant.objects.create(
        slug="rival", name="Rival Partners", kind="partner", features=["partner_workspace"]
    )


def _admin(world: World, auth_age: dt.timedelta = dt.timedelta(0)) -> Client:
    return signed_in(world.users["partner_admin"], mfa=True, auth_age=auth_age)


def _id(world: World, who: str) -> int:
    return int(world.users[who].membership.pk)


def test_a_partner_admin_sees_the_partners_members_with_forms(world: World) -> None:
    text = html(_admin(world).get("/partner/team"))
    assert "partner_admin@example.com" in text
    assert "partner_user@example.com" in text
    assert "Partner user" in text
    actions = set(FORM_ACTIONS.findall(text))
    user = _id(world, "partner_user")
    assert {
        "/partner/team/invite",
        f"/partner/team/members/{user}/role",
        f"/partner/team/members/{user}/remove",
    } <= actions
    assert f"/partner/team/members/{_id(world, 'partner_admin')}/remove" not in actions
    assert 'name="next" value="/partner/team"' in text
    assert '<option value="client_admin"' not in text
    assert "<script" not in text
    assert "style=" not in text


@pytest.mark.parametrize("who", ["partner_admin", "partner_user"])
def test_clients_and_other_partners_members_never_appear(world: World, who: str) -> None:
    text = html(signed_in(world.users[who], mfa=True).get("/partner/team"))
    for email in ("client_admin@example.com", "client_staff@example.com", "rival@otherpartner"):
        assert email not in text
    assert "Rival Partners" not in text


def test_a_partner_user_sees_the_team_read_only_and_cannot_change_it(world: World) -> None:
    client = signed_in(world.users["partner_user"], mfa=True)
    page = client.get("/partner/team")
    assert page.status_code == 200
    text = html(page)
    assert "partner_admin@example.com" in text
    assert "Only a partner admin can change it." in text
    assert FORM_ACTIONS.findall(text) == []
    admin = _id(world, "partner_admin")
    before = state()
    for path in (
        "/partner/team/invite",
        f"/partner/team/members/{admin}/role",
        f"/partner/team/members/{admin}/remove",
    ):
        response = client.post(
            path, {"email": "x@nw.example", "name": "X", "role": "partner_admin"}
        )
        assert response.status_code == 404, path
    assert state() == before


@pytest.mark.parametrize("who", ["client_admin", "client_manager"])
def test_client_roles_get_not_found_on_the_partner_actions(world: World, who: str) -> None:
    client = signed_in(world.users[who])
    before = state()
    response = client.post(
        "/partner/team/invite", {"email": "x@nw.example", "name": "X", "role": "partner_user"}
    )
    assert response.status_code == 404
    assert state() == before


def test_a_partner_admin_invites_changes_and_removes_a_partner_member(world: World) -> None:
    client = _admin(world)
    response = client.post(
        "/partner/team/invite",
        {
            "email": "pat@northwind.example",
            "name": "Pat",
            "role": "partner_user",
            "next": "/partner/team",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/partner/team"
    pat = PortalUser.objects.get(email="pat@northwind.example")
    membership = Membership.objects.get(user=pat)
    assert (membership.tenant_id, membership.role) == (world.northwind.pk, "partner_user")
    invited = AuditEvent.objects.get(action="membership_invited")
    assert invited.details == {"role": "partner_user", "member": pat.pk}
    assert invited.target_tenant_id == world.northwind.pk

    pat_client = signed_in(pat)
    assert pat_client.get("/partner/team").status_code == 200

    response = client.post(f"/partner/team/members/{membership.pk}/role", {"role": "partner_admin"})
    assert response.status_code == 302
    assert Membership.objects.get(user=pat).role == "partner_admin"
    changed = AuditEvent.objects.get(action="membership_role_changed")
    assert changed.details == {"from": "partner_user", "to": "partner_admin", "member": pat.pk}
    # A partner admin must do MFA: the change applies at Pat's next request.
    assert pat_client.get("/partner/team")["Location"] == "/settings"

    response = client.post(f"/partner/team/members/{membership.pk}/remove")
    assert response.status_code == 302
    assert not Membership.objects.filter(user=pat).exists()
    assert PortalSession.objects.get(user=pat).end_reason == "membership_removed"
    removed = AuditEvent.objects.get(action="membership_removed")
    assert removed.details == {"role": "partner_admin", "member": pat.pk, "sessions_ended": 1}
    assert pat_client.get("/partner/team")["Location"].startswith("/login")
    for event in AuditEvent.objects.filter(action__startswith="membership_"):
        assert "@" not in str(event.details)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "x@nw.example", "name": "X", "role": "client_admin"}, "Choose one of"),
        ({"email": "x@", "name": "X", "role": "partner_user"}, "Enter a valid email"),
        (
            {"email": "client_staff@example.com", "name": "X", "role": "partner_user"},
            "already a member of an organisation",
        ),
    ],
)
def test_partner_invite_validation_errors(world: World, data: dict[str, str], message: str) -> None:
    client = _admin(world)
    before = state()
    response = client.post("/partner/team/invite", data)
    assert response.status_code == 400
    text = html(response)
    assert message in text
    assert "Acme" not in text
    assert state() == before


@pytest.mark.parametrize(
    ("who", "role", "message"),
    [
        ("partner_user", "client_admin", "Choose one of your organisation"),
        ("partner_admin", "partner_user", "You cannot change your own role."),
    ],
)
def test_partner_role_change_validation_errors(
    world: World, who: str, role: str, message: str
) -> None:
    client = _admin(world)
    before = state()
    response = client.post(f"/partner/team/members/{_id(world, who)}/role", {"role": role})
    assert response.status_code == 400
    assert message in html(response)
    assert state() == before


def test_a_partner_admin_cannot_remove_themself(world: World) -> None:
    client = _admin(world)
    before = state()
    response = client.post(f"/partner/team/members/{_id(world, 'partner_admin')}/remove")
    assert response.status_code == 400
    assert "You cannot remove yourself." in html(response)
    assert state() == before


@pytest.mark.parametrize("action", ["role", "remove"])
@pytest.mark.parametrize("target", ["client_staff", "client_admin", "rival"])
def test_a_clients_or_another_partners_member_is_not_found(
    world: World, action: str, target: str
) -> None:
    membership_id = (
        Membership.objects.get(user__email="rival@otherpartner.example").pk
        if target == "rival"
        else _id(world, target)
    )
    client = _admin(world)
    before = state()
    response = client.post(
        f"/partner/team/members/{membership_id}/{action}", {"role": "partner_user"}
    )
    assert response.status_code == 404
    assert state() == before


def test_a_stale_sign_in_is_sent_to_the_provider_first(world: World, forge_op: object) -> None:
    client = _admin(world, auth_age=dt.timedelta(minutes=20))
    before = state()
    response = client.post(
        f"/partner/team/members/{_id(world, 'partner_user')}/remove", {"next": "/partner/team"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(f"{forge_op.issuer}/authorize?")  # type: ignore[attr-defined]
    assert "max_age=600" in response["Location"]
    assert [i["next"] for i in client.session["oidc_pending"].values()] == ["/partner/team"]
    assert state() == before
