"""The Team page: a client admin manages the client's members; a client manager only sees them."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from portal.access.tests.world import World, build_world, member
from portal.accounts.models import PortalSession, PortalUser
from portal.audit.models import AuditEvent
from portal.tenancy.models import Membership

from .helpers import html, signed_in, state

pytestmark = pytest.mark.django_db

FORM_ACTIONS = re.compile(r'<form method="post" action="(/team[^"]*)"')


@pytest.fixture
def world() -> World:
    world = build_world()
    # Members of other organisations, who must never appear on Acme's Team page.
    member("spy@globex.example", world.globex, "client_admin")
    return world


def _member_id(world: World, who: str) -> int:
    return int(world.users[who].membership.pk)


def test_an_admin_sees_the_members_roles_and_every_form(world: World) -> None:
    page = signed_in(world.users["client_admin"]).get("/team")
    assert page.status_code == 200
    text = html(page)
    for who in ("client_admin", "client_manager", "client_staff"):
        assert f"{who}@example.com" in text
    assert "Client manager" in text
    assert "Client staff" in text
    assert "Unrecognised role (billing_clerk)" in text
    joined = world.users["client_staff"].membership.created_at
    assert f'datetime="{joined.isoformat()}"' in text or joined.strftime("%-d %b %Y") in text
    staff, manager = _member_id(world, "client_staff"), _member_id(world, "client_manager")
    actions = set(FORM_ACTIONS.findall(text))
    assert {"/team/invite", f"/team/members/{staff}/role", f"/team/members/{staff}/remove"} <= (
        actions
    )
    assert f"/team/members/{manager}/remove" in actions
    own = _member_id(world, "client_admin")
    assert f"/team/members/{own}/role" not in actions
    assert f"/team/members/{own}/remove" not in actions
    assert "You cannot change your own role or remove yourself." in text
    assert "No email is sent" in text
    assert 'name="next" value="/team"' in text


@pytest.mark.parametrize("who", ["client_admin", "client_manager"])
def test_another_organisations_members_never_appear(world: World, who: str) -> None:
    text = html(signed_in(world.users[who]).get("/team"))
    assert "spy@globex.example" not in text
    assert "partner_admin@example.com" not in text
    assert "partner_user@example.com" not in text
    assert "aidial_admin@example.com" not in text
    assert "Globex" not in text


def test_the_page_is_served_without_inline_script_or_style(world: World) -> None:
    text = html(signed_in(world.users["client_admin"]).get("/team"))
    assert "<script" not in text
    assert "style=" not in text
    assert "<style" not in text
    assert " on" + "click=" not in text


def test_a_manager_sees_the_members_read_only(world: World) -> None:
    page = signed_in(world.users["client_manager"]).get("/team")
    assert page.status_code == 200
    text = html(page)
    assert "client_staff@example.com" in text
    assert "Only a client admin can change it." in text
    assert FORM_ACTIONS.findall(text) == []
    assert "Add a member" not in text
    assert "<select" not in text


def test_a_manager_gets_not_found_on_every_action_and_nothing_changes(world: World) -> None:
    client = signed_in(world.users["client_manager"])
    staff = _member_id(world, "client_staff")
    before = state()
    for path, data in (
        ("/team/invite", {"email": "x@acme.example", "name": "X", "role": "client_staff"}),
        (f"/team/members/{staff}/role", {"role": "client_admin"}),
        (f"/team/members/{staff}/remove", {}),
    ):
        response = client.post(path, {**data, "next": "/team"})
        assert response.status_code == 404, path
        assert "Page not found" in html(response)
    assert state() == before


@pytest.mark.parametrize("who", ["client_staff", "partner_admin", "partner_user"])
def test_roles_outside_team_get_not_found_on_every_action(world: World, who: str) -> None:
    client = signed_in(world.users[who], mfa=True)
    staff = _member_id(world, "client_staff")
    before = state()
    assert client.get("/team").status_code == 404
    for path in ("/team/invite", f"/team/members/{staff}/role", f"/team/members/{staff}/remove"):
        assert client.post(path, {"role": "client_admin"}).status_code == 404, path
    assert state() == before


def test_without_the_team_feature_the_actions_are_not_found(world: World) -> None:
    world.acme.features = []
    world.acme.save()
    client = signed_in(world.users["client_admin"])
    before = state()
    response = client.post(
        "/team/invite", {"email": "x@acme.example", "name": "X", "role": "client_staff"}
    )
    assert response.status_code == 404
    assert state() == before


def test_invite_adds_the_member_and_says_no_email_is_sent(world: World) -> None:
    admin = world.users["client_admin"]
    client = signed_in(admin)
    response = client.post(
        "/team/invite",
        {
            "email": "Nia.New@Acme.example",
            "name": "Nia New",
            "role": "client_manager",
            "next": "/team",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/team"
    user = PortalUser.objects.get(email="nia.new@acme.example")
    assert user.name == "Nia New"
    membership = Membership.objects.get(user=user)
    assert (membership.tenant_id, membership.role) == (world.acme.pk, "client_manager")
    event = AuditEvent.objects.get(action="membership_invited")
    assert event.actor_id == admin.pk
    assert event.target_tenant_id == world.acme.pk
    assert event.details == {"role": "client_manager", "member": user.pk}
    assert "@" not in str(event.details)
    page = html(client.get("/team"))
    assert "nia.new@acme.example was added as Client manager." in page
    assert "No email is sent" in page
    assert "nia.new@acme.example</td>" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not an email", "name": "X", "role": "client_staff"}, "Enter a valid email"),
        ({"email": "", "name": "X", "role": "client_staff"}, "Enter the person&#x27;s email"),
        ({"email": "x@acme.example", "name": "", "role": "client_staff"}, "Enter the person"),
        ({"email": "x@acme.example", "name": "X", "role": "partner_user"}, "Choose one of"),
        ({"email": "x@acme.example", "name": "X", "role": "aidial_admin"}, "Choose one of"),
        ({"email": "x@acme.example", "name": "X"}, "Choose one of"),
        (
            {"email": "Client_Staff@example.com", "name": "X", "role": "client_staff"},
            "already a member of an organisation",
        ),
        (
            {"email": "spy@globex.example", "name": "X", "role": "client_staff"},
            "already a member of an organisation",
        ),
    ],
)
def test_invite_validation_errors_are_shown_with_status_400_and_nothing_is_written(
    world: World, data: dict[str, str], message: str
) -> None:
    client = signed_in(world.users["client_admin"])
    before = state()
    response = client.post("/team/invite", {**data, "next": "/team"})
    assert response.status_code == 400
    text = html(response)
    assert message in text
    assert "There is a problem" in text
    assert "<title>Error: Team" in text
    assert 'aria-invalid="true"' in text
    assert "Globex" not in text
    assert state() == before
    # What was typed is kept, so the person can correct it.
    if data.get("email"):
        assert f'value="{data["email"]}"' in text or data["email"].lower() in text


def test_change_role_applies_at_the_members_next_request(world: World) -> None:
    staff = world.users["client_staff"]
    staff_client = signed_in(staff)
    assert staff_client.get("/billing").status_code == 404  # the context is now cached
    admin = signed_in(world.users["client_admin"])
    response = admin.post(
        f"/team/members/{staff.membership.pk}/role", {"role": "client_manager", "next": "/team"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/team"
    membership = Membership.objects.get(user=staff)
    assert membership.role == "client_manager"
    event = AuditEvent.objects.get(action="membership_role_changed")
    assert event.details == {"from": "client_staff", "to": "client_manager", "member": staff.pk}
    assert staff_client.get("/billing").status_code == 200
    assert staff_client.get("/team").status_code == 200
    assert "Client Staff is now Client manager." in html(admin.get("/team"))


@pytest.mark.parametrize(
    ("who", "role", "message"),
    [
        ("client_staff", "partner_admin", "Choose one of your organisation"),
        ("client_staff", "", "Choose one of your organisation"),
        ("client_admin", "client_staff", "You cannot change your own role."),
    ],
)
def test_refused_role_changes_are_400_and_change_nothing(
    world: World, who: str, role: str, message: str
) -> None:
    client = signed_in(world.users["client_admin"])
    before = state()
    membership_id = _member_id(world, who)
    response = client.post(f"/team/members/{membership_id}/role", {"role": role})
    assert response.status_code == 400
    text = html(response)
    assert message in text
    assert "There is a problem" in text
    assert state() == before


def test_remove_ends_the_members_access_at_once(world: World) -> None:
    staff = world.users["client_staff"]
    staff_client = signed_in(staff)
    assert staff_client.get("/dashboard").status_code == 200
    admin = signed_in(world.users["client_admin"])
    response = admin.post(f"/team/members/{staff.membership.pk}/remove", {"next": "/team"})
    assert response.status_code == 302
    assert response["Location"] == "/team"
    assert not Membership.objects.filter(user=staff).exists()
    assert PortalUser.objects.filter(pk=staff.pk).exists()
    session = PortalSession.objects.get(user=staff)
    assert session.ended_at is not None
    assert session.end_reason == "membership_removed"
    event = AuditEvent.objects.get(action="membership_removed")
    assert event.details == {"role": "client_staff", "member": staff.pk, "sessions_ended": 1}
    refused = staff_client.get("/dashboard")
    assert refused.status_code == 302
    assert refused["Location"].startswith("/login?next=")
    page = html(admin.get("/team"))
    assert "was removed from Acme Dental and signed out of the portal." in page
    assert "client_staff@example.com" not in page


def test_an_admin_cannot_remove_themself(world: World) -> None:
    client = signed_in(world.users["client_admin"])
    before = state()
    response = client.post(f"/team/members/{_member_id(world, 'client_admin')}/remove")
    assert response.status_code == 400
    assert "You cannot remove yourself." in html(response)
    assert state() == before


@pytest.mark.parametrize("action", ["role", "remove"])
@pytest.mark.parametrize("target", ["globex", "partner", "missing"])
def test_another_tenants_member_is_not_found_and_nothing_changes(
    world: World, action: str, target: str
) -> None:
    ids = {
        "globex": Membership.objects.get(user__email="spy@globex.example").pk,
        "partner": _member_id(world, "partner_user"),
        "missing": Membership.objects.order_by("-pk").values_list("pk", flat=True)[0] + 100,
    }
    client = signed_in(world.users["client_admin"])
    before = state()
    response = client.post(f"/team/members/{ids[target]}/{action}", {"role": "client_staff"})
    assert response.status_code == 404
    assert "Page not found" in html(response)
    assert state() == before


@pytest.mark.parametrize("action", ["invite", "role", "remove"])
def test_a_stale_sign_in_is_sent_to_the_provider_first(
    world: World, forge_op: object, action: str
) -> None:
    client = signed_in(world.users["client_admin"], auth_age=dt.timedelta(minutes=20))
    staff = _member_id(world, "client_staff")
    path = {
        "invite": "/team/invite",
        "role": f"/team/members/{staff}/role",
        "remove": f"/team/members/{staff}/remove",
    }[action]
    before = state()
    response = client.post(
        path,
        {"email": "x@acme.example", "name": "X", "role": "client_manager", "next": "/team"},
    )
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{forge_op.issuer}/authorize?")  # type: ignore[attr-defined]
    assert "max_age=600" in location
    pending = client.session["oidc_pending"]
    assert [item["next"] for item in pending.values()] == ["/team"]
    assert state() == before
