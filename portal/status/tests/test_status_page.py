"""/status: every service's status and the recent incidents, as AiDial staff set them."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portal.access.tests.test_query_counts import SESSION_STORE_QUERIES
from portal.access.tests.world import MFA_AMR, World, build_world, sign_in_directly
from portal.status.models import ServiceComponent

from .factories import components, incident, more_incidents

pytestmark = pytest.mark.django_db

#: GET /status beyond the session store: portal session, user, components, incidents, and
#: the incidents' components.
STATUS_QUERIES = 4


@pytest.fixture
def world() -> World:
    return build_world()


def _signed_in(world: World, role: str) -> Client:
    client = Client()
    sign_in_directly(client, world.users[role], amr=MFA_AMR, mfa_enrolled=True)
    return client


def test_the_data_migration_creates_the_four_services_once() -> None:
    migration = importlib.import_module("portal.status.migrations.0002_default_components")
    ServiceComponent.objects.all().delete()
    migration.create_components(apps, None)
    migration.create_components(apps, None)

    assert list(ServiceComponent.objects.values_list("name", "status")) == [
        ("Outbound calling", "operational"),
        ("Inbound calling", "operational"),
        ("Portal", "operational"),
        ("Integration API", "operational"),
    ]


@pytest.mark.parametrize("role", ["client_staff", "partner_admin"])
def test_every_service_and_its_status_is_shown(world: World, role: str) -> None:
    services = components()
    services["inbound-calling"].status = "partial_outage"
    services["inbound-calling"].save()

    response = _signed_in(world, role).get("/status")

    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Outbound calling", "Inbound calling", "Portal", "Integration API"):
        assert name in html
    assert "Partial outage" in html
    assert "Some services are partly unavailable." in html


def test_the_banner_says_all_is_well_when_every_service_is_operational(world: World) -> None:
    components()
    html = _signed_in(world, "client_admin").get("/status").content.decode()

    assert "All services are operating normally." in html
    assert "No incidents in the last 30 days." in html


def test_recent_and_unresolved_incidents_are_shown_older_resolved_ones_are_not(
    world: World,
) -> None:
    services = components()
    incident("Delayed call recordings", affects=[services["outbound-calling"]], impact="major")
    incident("Portal slow last week", ago=dt.timedelta(days=7), resolved=True)
    incident("Long-running API issue", ago=dt.timedelta(days=45))
    incident("Ancient outage", ago=dt.timedelta(days=31), resolved=True)

    html = _signed_in(world, "partner_user").get("/status").content.decode()

    assert "Delayed call recordings" in html
    assert "Major impact" in html
    assert "Affected: Outbound calling" in html
    assert "Portal slow last week" in html
    assert "Long-running API issue" in html
    assert "Ancient outage" not in html
    assert html.index("Delayed call recordings") < html.index("Portal slow last week")


def test_an_incident_body_is_escaped(world: World) -> None:
    incident("Odd text", body="<script>alert(1)</script>")
    html = _signed_in(world, "client_staff").get("/status").content.decode()

    assert "&lt;script&gt;" in html
    assert "<script" not in html
    assert " style=" not in html


def _count(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_the_page_makes_the_same_pinned_number_of_queries_with_10_or_1000_incidents(
    world: World,
) -> None:
    client = _signed_in(world, "client_staff")
    client.get("/status")
    more_incidents(10)
    with_10 = _count(client, "/status")
    more_incidents(990)
    with_1000 = _count(client, "/status")

    assert with_10 == with_1000 == STATUS_QUERIES + SESSION_STORE_QUERIES
