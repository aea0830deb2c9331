"""/internal/status: AiDial admins set the services' statuses and run incidents; operators
only look. Every change is audited, and the customers' /status shows it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portal.access.tests.test_query_counts import SESSION_STORE_QUERIES
from portal.access.tests.world import MFA_AMR, World, build_world, sign_in_directly
from portal.audit.models import AuditEvent
from portal.status.models import Incident, ServiceComponent

from .factories import components, incident, more_incidents

pytestmark = pytest.mark.django_db

PATH = "/internal/status"
#: GET beyond the session store: portal session, user, components, incidents, their components.
PAGE_QUERIES = 4
EDIT_FORM = f'<form method="post" action="{PATH}"'


@pytest.fixture
def world() -> World:
    build = build_world()
    components()
    return build


def _signed_in(world: World, role: str) -> Client:
    client = Client()
    sign_in_directly(client, world.users[role], amr=MFA_AMR, mfa_enrolled=True)
    return client


def _statuses(**changes: str) -> dict[str, str]:
    """The components form as posted: every service, with some statuses changed."""
    data = {"form": "components"}
    for component in ServiceComponent.objects.all():
        data[f"components-component_{component.pk}"] = changes.get(
            component.slug.replace("-", "_"), component.status
        )
    return data


def _open(**fields: object) -> dict[str, object]:
    data: dict[str, object] = {
        "form": "open",
        "open-title": "Inbound calls failing",
        "open-body": "Some inbound calls are not answered. We are investigating.",
        "open-impact": "major",
        "open-status": "investigating",
        "open-components": [ServiceComponent.objects.get(slug="inbound-calling").pk],
    }
    data.update({f"open-{k}": v for k, v in fields.items()})
    return data


def _update(row: Incident, status: str, body: str = "Now monitoring.") -> dict[str, object]:
    prefix = f"incident-{row.pk}"
    return {
        "form": "update",
        "incident": row.pk,
        f"{prefix}-status": status,
        f"{prefix}-body": body,
    }


def test_the_tenants_page_links_to_the_status_page(world: World) -> None:
    html = _signed_in(world, "aidial_operator").get("/internal/tenants").content.decode()

    assert f'href="{PATH}"' in html


def test_an_admin_sees_the_edit_forms(world: World) -> None:
    incident("Open issue")
    html = _signed_in(world, "aidial_admin").get(PATH).content.decode()

    assert html.count(EDIT_FORM) == 3  # statuses, open an incident, update the one incident
    assert '<label for="id_components-component_' in html
    assert "view-only access" not in html


def test_an_operator_sees_the_status_without_any_edit_form(world: World) -> None:
    incident("Open issue")
    response = _signed_in(world, "aidial_operator").get(PATH)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Open issue" in html
    assert "Outbound calling" in html
    assert EDIT_FORM not in html
    assert "You have view-only access" in html


@pytest.mark.parametrize("form", ["components", "open", "update"])
def test_an_operators_changes_are_refused_as_not_found_and_nothing_changes(
    world: World, form: str
) -> None:
    if form == "components":
        posted = _statuses(portal="major_outage")
    elif form == "open":
        posted = _open()
    else:
        posted = _update(incident("Open issue"), "resolved")
    before = list(ServiceComponent.objects.values_list("status", flat=True))
    incidents = Incident.objects.count()

    response = _signed_in(world, "aidial_operator").post(PATH, posted)

    assert response.status_code == 404
    assert list(ServiceComponent.objects.values_list("status", flat=True)) == before
    assert Incident.objects.count() == incidents
    assert not Incident.objects.filter(status="resolved").exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("role", ["client_admin", "partner_admin"])
def test_customer_roles_cannot_reach_the_internal_page(world: World, role: str) -> None:
    client = _signed_in(world, role)

    assert client.get(PATH).status_code == 404
    assert client.post(PATH, _statuses(portal="major_outage")).status_code == 404
    assert ServiceComponent.objects.get(slug="portal").status == "operational"


def test_an_admin_sets_statuses_audited_and_customers_see_them(world: World) -> None:
    admin = _signed_in(world, "aidial_admin")

    response = admin.post(PATH, _statuses(portal="major_outage", inbound_calling="degraded"))

    assert response.status_code == 302
    assert response["Location"] == PATH
    assert dict(ServiceComponent.objects.values_list("slug", "status")) == {
        "outbound-calling": "operational",
        "inbound-calling": "degraded",
        "portal": "major_outage",
        "integration-api": "operational",
    }
    events = AuditEvent.objects.filter(action="status_component_changed").order_by("id")
    assert [(e.details["component"], e.details["to"]) for e in events] == [
        ("inbound-calling", "degraded"),
        ("portal", "major_outage"),
    ]
    assert {(e.actor_id, e.outcome, e.actor_tenant_id) for e in events} == {
        (world.users["aidial_admin"].pk, "succeeded", world.aidial.pk)
    }
    assert "Service statuses saved (2 changed)." in admin.get(PATH).content.decode()
    public = _signed_in(world, "client_staff").get("/status").content.decode()
    assert "Major outage" in public
    assert "Degraded performance" in public
    assert "Some services are unavailable." in public


def test_an_admin_opens_an_incident_audited_and_customers_see_it(world: World) -> None:
    response = _signed_in(world, "aidial_admin").post(PATH, _open())

    assert response.status_code == 302
    row = Incident.objects.get()
    assert (row.title, row.impact, row.status, row.resolved_at) == (
        "Inbound calls failing",
        "major",
        "investigating",
        None,
    )
    assert [c.slug for c in row.components.all()] == ["inbound-calling"]
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.details["incident"]) == (
        "incident_opened",
        "succeeded",
        row.pk,
    )
    public = _signed_in(world, "partner_user").get("/status").content.decode()
    assert "Inbound calls failing" in public
    assert "Affected: Inbound calling" in public
    assert "Investigating" in public


def test_an_admin_updates_then_resolves_then_reopens_an_incident(world: World) -> None:
    row = incident("Inbound calls failing", ago=dt.timedelta(hours=2))
    admin = _signed_in(world, "aidial_admin")

    assert admin.post(PATH, _update(row, "identified", "A carrier fault.")).status_code == 302
    row.refresh_from_db()
    assert (row.status, row.body, row.resolved_at) == ("identified", "A carrier fault.", None)

    assert admin.post(PATH, _update(row, "resolved", "All calls connect again.")).status_code == 302
    row.refresh_from_db()
    assert row.status == "resolved"
    assert row.resolved_at is not None

    public = _signed_in(world, "client_staff").get("/status").content.decode()
    assert "All calls connect again." in public
    assert "resolved <time" in public

    assert admin.post(PATH, _update(row, "monitoring", "It happened again.")).status_code == 302
    row.refresh_from_db()
    assert (row.status, row.resolved_at) == ("monitoring", None)
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "incident_updated",
        "incident_resolved",
        "incident_updated",
    ]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"body": "Short"}, "at least 10 characters"),
        ({"impact": "apocalyptic"}, "Select a valid choice."),
        ({"status": "resolved"}, "Select a valid choice."),
        ({"components": []}, "Choose at least one affected service."),
        ({"components": [999999]}, "Select a valid choice."),
    ],
)
def test_an_invalid_incident_is_refused_with_the_reason_and_nothing_is_written(
    world: World, fields: dict[str, object], message: str
) -> None:
    response = _signed_in(world, "aidial_admin").post(PATH, _open(**fields))

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "The incident was not opened" in html
    assert not Incident.objects.exists()
    assert not AuditEvent.objects.exists()


def test_an_invalid_status_is_refused_and_nothing_is_written(world: World) -> None:
    data = _statuses(portal="major_outage")
    data[f"components-component_{ServiceComponent.objects.get(slug='inbound-calling').pk}"] = "meh"

    response = _signed_in(world, "aidial_admin").post(PATH, data)

    assert response.status_code == 400
    assert "The statuses were not saved" in response.content.decode()
    assert set(ServiceComponent.objects.values_list("status", flat=True)) == {"operational"}
    assert not AuditEvent.objects.exists()


def test_an_invalid_update_is_refused_and_nothing_is_written(world: World) -> None:
    row = incident("Inbound calls failing")

    response = _signed_in(world, "aidial_admin").post(PATH, _update(row, "resolved", "ok"))

    assert response.status_code == 400
    assert "This incident was not updated" in response.content.decode()
    row.refresh_from_db()
    assert row.status == "investigating"
    assert not AuditEvent.objects.exists()


def test_an_unknown_incident_is_not_found_and_an_unknown_form_is_refused(world: World) -> None:
    admin = _signed_in(world, "aidial_admin")
    missing = {"form": "update", "incident": 999999}

    assert admin.post(PATH, missing).status_code == 404
    assert admin.post(PATH, {"form": "update", "incident": "x"}).status_code == 404
    assert admin.post(PATH, {"form": "delete_everything"}).status_code == 400
    assert not AuditEvent.objects.exists()


def test_the_page_has_no_inline_script_or_style(world: World) -> None:
    incident("Open issue")
    html = _signed_in(world, "aidial_admin").post(PATH, _open(title="")).content.decode()

    assert "<script" not in html
    assert " style=" not in html


def _count(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PATH)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["aidial_admin", "aidial_operator"])
def test_the_page_makes_the_same_pinned_number_of_queries_with_10_or_1000_incidents(
    world: World, role: str
) -> None:
    client = _signed_in(world, role)
    client.get(PATH)
    more_incidents(10)
    with_10 = _count(client)
    more_incidents(990)
    with_1000 = _count(client)

    assert with_10 == with_1000 == PAGE_QUERIES + SESSION_STORE_QUERIES
