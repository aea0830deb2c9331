"""The member services on their own: what they write, what they refuse, what they audit."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from portal.access.tests.world import World, build_world, sign_in_directly
from portal.accounts.models import PortalSession, PortalUser
from portal.audit.models import AuditEvent
from portal.tenancy.models import Membership
from portal.tenancy.services import (
    ALREADY_A_MEMBER,
    CANNOT_CHANGE_OWN_ROLE,
    CANNOT_REMOVE_SELF,
    membership_change_role,
    membership_invite,
    membership_remove,
    membership_roles,
)

from .helpers import state

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def test_roles_follow_the_tenant_kind() -> None:
    assert membership_roles(kind="client") == ("client_admin", "client_manager", "client_staff")
    assert membership_roles(kind="partner") == ("partner_admin", "partner_user")
    assert membership_roles(kind="nonsense") == ()


def test_invite_creates_the_user_and_the_membership_and_audits_without_the_email(
    world: World,
) -> None:
    admin = world.users["client_admin"]
    membership = membership_invite(
        actor=admin,
        tenant=world.acme,
        email="  New.Person@Acme.Example ",
        name="  New   Person ",
        role="client_staff",
        request=None,
    )
    user = PortalUser.objects.get(email="new.person@acme.example")
    assert user.name == "New Person"
    assert not user.has_usable_password()
    assert membership.user == user
    assert (membership.tenant_id, membership.role) == (world.acme.pk, "client_staff")
    assert membership.all_projects
    assert membership.all_clients
    event = AuditEvent.objects.get(action="membership_invited")
    assert (event.actor_id, event.actor_tenant_id, event.target_tenant_id) == (
        admin.pk,
        world.acme.pk,
        world.acme.pk,
    )
    assert event.outcome == "succeeded"
    assert event.details == {"role": "client_staff", "member": user.pk}


def test_invite_links_an_existing_user_without_a_membership(world: World) -> None:
    loner = world.users["none"]
    membership_invite(
        actor=world.users["client_admin"],
        tenant=world.acme,
        email=loner.email.upper(),
        name="Someone Else",
        role="client_manager",
        request=None,
    )
    loner.refresh_from_db()
    assert loner.name == "Nobody"  # an existing user's name is theirs to keep
    assert Membership.objects.get(user=loner).role == "client_manager"
    assert PortalUser.objects.filter(email=loner.email).count() == 1


@pytest.mark.parametrize(
    ("email", "name", "role", "field", "message"),
    [
        ("not-an-email", "X", "client_staff", "email", "Enter a valid email address"),
        ("", "X", "client_staff", "email", "Enter a valid email address"),
        ("a@b.example", "  ", "client_staff", "name", "Enter the person's name."),
        ("a@b.example", "X", "partner_user", "role", "Choose one of your organisation's roles"),
        ("a@b.example", "X", "billing_clerk", "role", "Choose one of your organisation's roles"),
        ("client_staff@example.com", "X", "client_staff", "email", ALREADY_A_MEMBER),
        ("partner_user@example.com", "X", "client_staff", "email", ALREADY_A_MEMBER),
    ],
)
def test_invite_refuses_and_writes_nothing(
    world: World, email: str, name: str, role: str, field: str, message: str
) -> None:
    before = state()
    with pytest.raises(ValidationError) as raised:
        membership_invite(
            actor=world.users["client_admin"],
            tenant=world.acme,
            email=email,
            name=name,
            role=role,
            request=None,
        )
    assert message in " ".join(raised.value.message_dict[field])
    assert state() == before


def test_the_duplicate_message_never_names_the_other_organisation() -> None:
    assert "Northwind" not in ALREADY_A_MEMBER
    assert "already a member of an organisation" in ALREADY_A_MEMBER


def test_change_role_saves_and_audits(world: World) -> None:
    staff = world.users["client_staff"].membership
    membership_change_role(
        actor=world.users["client_admin"], membership=staff, role="client_manager", request=None
    )
    staff.refresh_from_db()
    assert staff.role == "client_manager"
    event = AuditEvent.objects.get(action="membership_role_changed")
    assert event.details == {
        "from": "client_staff",
        "to": "client_manager",
        "member": staff.user_id,
    }
    assert event.target_tenant_id == world.acme.pk


def test_change_to_the_same_role_writes_and_audits_nothing(world: World) -> None:
    before = state()
    membership_change_role(
        actor=world.users["client_admin"],
        membership=world.users["client_staff"].membership,
        role="client_staff",
        request=None,
    )
    assert state() == before


@pytest.mark.parametrize(
    ("who", "role", "message"),
    [
        ("client_admin", "client_staff", CANNOT_CHANGE_OWN_ROLE),
        ("client_staff", "partner_admin", "Choose one of your organisation's roles"),
        ("client_staff", "aidial_admin", "Choose one of your organisation's roles"),
    ],
)
def test_change_role_refuses_and_writes_nothing(
    world: World, who: str, role: str, message: str
) -> None:
    before = state()
    with pytest.raises(ValidationError) as raised:
        membership_change_role(
            actor=world.users["client_admin"],
            membership=Membership.objects.select_related("tenant").get(user=world.users[who]),
            role=role,
            request=None,
        )
    assert message in " ".join(raised.value.messages)
    assert state() == before


def test_remove_deletes_the_membership_ends_the_sessions_and_audits(world: World) -> None:
    staff = world.users["client_staff"]
    first = sign_in_directly(Client(), staff)
    second = sign_in_directly(Client(), staff)
    others = sign_in_directly(Client(), world.users["client_manager"])
    membership = staff.membership
    ended = membership_remove(
        actor=world.users["client_admin"], membership=membership, request=None
    )
    assert ended == 2
    assert not Membership.objects.filter(user=staff).exists()
    assert PortalUser.objects.filter(pk=staff.pk).exists()
    for row in (first, second):
        row.refresh_from_db()
        assert row.ended_at is not None
        assert row.end_reason == "membership_removed"
    others.refresh_from_db()
    assert others.ended_at is None
    event = AuditEvent.objects.get(action="membership_removed")
    assert event.details == {"role": "client_staff", "member": staff.pk, "sessions_ended": 2}
    assert (event.actor_tenant_id, event.target_tenant_id) == (world.acme.pk, world.acme.pk)


def test_an_admin_cannot_remove_themself(world: World) -> None:
    admin = world.users["client_admin"]
    before = state()
    with pytest.raises(ValidationError) as raised:
        membership_remove(actor=admin, membership=admin.membership, request=None)
    assert raised.value.messages == [CANNOT_REMOVE_SELF]
    assert state() == before


def test_a_membership_removed_meanwhile_is_reported_not_removed_twice(world: World) -> None:
    membership = Membership.objects.select_related("tenant").get(user=world.users["client_staff"])
    Membership.objects.filter(pk=membership.pk).delete()
    with pytest.raises(ValidationError):
        membership_remove(actor=world.users["client_admin"], membership=membership, request=None)
    assert not AuditEvent.objects.filter(action="membership_removed").exists()
    assert PortalSession.objects.count() == 0


def test_details_of_every_member_event_hold_no_email(world: World) -> None:
    admin = world.users["client_admin"]
    invited = membership_invite(
        actor=admin,
        tenant=world.acme,
        email="x@y.example",
        name="X",
        role="client_staff",
        request=None,
    )
    membership_change_role(actor=admin, membership=invited, role="client_manager", request=None)
    membership_remove(actor=admin, membership=invited, request=None)
    for event in AuditEvent.objects.all():
        assert "@" not in str(event.details)
