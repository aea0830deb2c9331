"""Calls for the tests, written in one bulk insert."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from portal.access.tests.world import World, build_world, member
from portal.accounts.models import PortalUser
from portal.calls.models import Call
from portal.tenancy.models import Project, Tenant


def calls_create(
    project: Project,
    n: int,
    *,
    newest: dt.datetime,
    step: dt.timedelta = dt.timedelta(minutes=1),
    **fields: Any,
) -> list[Call]:
    """``n`` calls of ``project``'s client, the newest at ``newest``, then one every ``step``
    back; completed outbound minute-long calls unless ``fields`` say otherwise."""
    values: dict[str, Any] = {
        "direction": Call.Direction.OUTBOUND,
        "status": Call.Status.COMPLETED,
        "phone_number": "+61400000000",
        "duration_seconds": 60,
        "outcome": "Booked",
        **fields,
    }
    return Call.objects.bulk_create(
        Call(tenant_id=project.tenant_id, project=project, started_at=newest - step * i, **values)
        for i in range(n)
    )


@dataclass
class Boundary:
    """Rows just outside someone's scope, beside ``build_world``'s tenants.

    Northwind gets a second client (Bright Smile); another partner (Southwind) has its own
    client; each holds one call with a number found nowhere else. ``narrow_partner`` is a
    partner user scoped to Acme alone, ``bookings_staff`` a client user scoped to Acme's
    bookings line (so the reminders call, +61400000002, is outside it).
    """

    bright: Tenant
    bright_line: Project
    bright_call: Call
    rival: Tenant
    rival_line: Project
    rival_call: Call
    narrow_partner: PortalUser
    bookings_staff: PortalUser


BRIGHT_NUMBER = "+61433333333"
RIVAL_NUMBER = "+61455555555"
GLOBEX_NUMBER = "+61499999999"


def boundary_create(world: World) -> Boundary:
    bright = Tenant.objects.create(
        slug="brightsmile", name="Bright Smile Clinic", kind="client", partner=world.northwind
    )
    bright_line = Project.objects.create(tenant=bright, slug="line", name="Bright line")
    southwind = Tenant.objects.create(slug="southwind", name="Southwind Partners", kind="partner")
    rival = Tenant.objects.create(
        slug="rival", name="Rival Clinic", kind="client", partner=southwind
    )
    rival_line = Project.objects.create(tenant=rival, slug="line", name="Rival line")
    narrow = member("narrow@example.com", world.northwind, "partner_user", all_clients=False)
    narrow.membership.clients.set([world.acme])
    staff = member("bookings@example.com", world.acme, "client_staff", all_projects=False)
    staff.membership.projects.set([world.acme_bookings])
    now = timezone.now()
    return Boundary(
        bright=bright,
        bright_line=bright_line,
        bright_call=calls_create(bright_line, 1, newest=now, phone_number=BRIGHT_NUMBER)[0],
        rival=rival,
        rival_line=rival_line,
        rival_call=calls_create(rival_line, 1, newest=now, phone_number=RIVAL_NUMBER)[0],
        narrow_partner=narrow,
        bookings_staff=staff,
    )


def world_without_calls() -> World:
    """``build_world`` without its calls, for tests that count every call they plant."""
    world = build_world()
    Call.objects.all().delete()
    return world


def boundary_without_calls(world: World) -> Boundary:
    boundary = boundary_create(world)
    Call.objects.all().delete()
    return boundary
