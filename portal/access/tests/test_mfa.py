"""MFA for the roles that need it (spec section 6), through a provider the tests control."""

from __future__ import annotations

import pytest
from django.test import Client

from portal.accounts.models import PortalSession
from portal.accounts.tests.forge_op import ForgeOp
from portal.accounts.tests.helpers import begin, callback, make_user, query, sign_in
from portal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

MFA_ACR = "http://schemas.openid.net/pape/policies/2007/06/multi-factor"
NOAH = "noah.new@northwind.example"


def test_a_mandatory_role_without_mfa_is_routed_to_settings(
    client: Client, forge_op: ForgeOp
) -> None:
    make_user(NOAH, name="Noah New", role="partner_admin")
    landed = sign_in(client, forge_op, email=NOAH, sub="noah", mfa_enrolled=False)
    assert landed["Location"] == "/dashboard"
    routed = client.get("/dashboard")
    assert routed.status_code == 302
    assert routed["Location"] == "/settings"
    page = client.get("/settings").content.decode()
    assert "Your role requires multi-factor authentication" in page
    assert "Set up MFA" in page
    assert "Verify with MFA" not in page
    assert "Refresh security status" in page
    for path in ("/calls", "/partner/clients", "/billing"):
        assert client.get(path)["Location"] == "/settings"
    assert client.get("/help/sign-in").status_code == 200
    assert AuditEvent.objects.filter(action="mfa_required").count() == 1


def test_set_up_mfa_asks_the_provider_to_enrol_and_comes_back_to_the_page_asked_for(
    client: Client, forge_op: ForgeOp
) -> None:
    make_user(NOAH, name="Noah New", role="partner_admin")
    sign_in(client, forge_op, email=NOAH, sub="noah", mfa_enrolled=False)
    client.get("/calls")  # routed to Settings; the portal remembers where Noah was going
    response = client.post("/settings/mfa/setup")
    assert response.status_code == 302
    auth = query(response["Location"])
    assert response["Location"].startswith(f"{forge_op.issuer}/authorize?")
    assert auth["prompt"] == "login"
    assert auth["acr_values"] == MFA_ACR
    assert auth["mfa_setup"] == "totp"
    assert auth["login_hint"] == NOAH
    assert AuditEvent.objects.filter(action="mfa_setup_started").count() == 1

    forge_op.issue(
        forge_op.sign(
            forge_op.claims(
                auth["nonce"],
                email=NOAH,
                sub="noah",
                amr=["pwd", "otp", "mfa"],
                acr=MFA_ACR,
                mfa_enrolled=True,
            )
        )
    )
    back = callback(client, forge_op, auth)
    assert back["Location"] == "/calls"
    assert client.get("/calls").status_code == 200
    assert client.get("/billing").status_code == 200
    assert PortalSession.objects.filter(ended_at__isnull=True).count() == 1
    assert PortalSession.objects.get(ended_at__isnull=True).amr == ["pwd", "otp", "mfa"]
    assert AuditEvent.objects.filter(action="mfa_satisfied").count() == 1


def test_enrolled_but_not_satisfied_is_offered_verify_with_mfa(
    client: Client, forge_op: ForgeOp
) -> None:
    make_user(NOAH, name="Noah New", role="partner_admin")
    sign_in(client, forge_op, email=NOAH, sub="noah", mfa_enrolled=True)
    assert client.get("/dashboard")["Location"] == "/settings"
    page = client.get("/settings").content.decode()
    assert "this session has not completed it" in page
    assert "Verify with MFA" in page
    assert "Set up MFA" not in page
    auth = query(client.post("/settings/mfa/verify")["Location"])
    assert auth["prompt"] == "login"
    assert auth["acr_values"] == MFA_ACR
    assert "mfa_setup" not in auth


def test_refresh_security_status_re_runs_sign_in(client: Client, forge_op: ForgeOp) -> None:
    make_user()
    sign_in(client, forge_op)
    auth = query(client.post("/settings/mfa/refresh")["Location"])
    assert auth["prompt"] == "login"
    assert "acr_values" not in auth
    assert "mfa_setup" not in auth


def test_an_acr_alone_counts_as_satisfied_mfa(client: Client, forge_op: ForgeOp) -> None:
    make_user(NOAH, name="Noah New", role="partner_admin")
    sign_in(client, forge_op, email=NOAH, sub="noah", amr=["pwd"], acr=MFA_ACR)
    assert client.get("/dashboard").status_code == 200


@pytest.mark.parametrize("role", ["client_admin", "client_manager", "client_staff", "partner_user"])
def test_optional_roles_get_a_recommendation_not_a_block(
    client: Client, forge_op: ForgeOp, role: str
) -> None:
    make_user(role=role)
    sign_in(client, forge_op, mfa_enrolled=False)
    assert client.get("/dashboard").status_code == 200
    page = client.get("/settings").content.decode()
    assert "MFA is optional for your role, but recommended" in page
    assert "Set up MFA" in page


def test_internal_roles_land_on_tenants_after_mfa(client: Client, forge_op: ForgeOp) -> None:
    make_user("ada.admin@aidial.example", name="Ada", role="aidial_admin")
    auth = begin(client, forge_op, email="ada.admin@aidial.example")
    forge_op.issue(
        forge_op.sign(
            forge_op.claims(
                auth["nonce"],
                email="ada.admin@aidial.example",
                sub="ada",
                amr=["pwd", "otp", "mfa"],
                mfa_enrolled=True,
            )
        )
    )
    assert callback(client, forge_op, auth)["Location"] == "/internal/tenants"
    assert client.get("/dashboard")["Location"] == "/internal/tenants"
    assert client.get("/audit-log")["Location"] == "/internal/audit-log"
    assert client.get("/internal/tenants").status_code == 200


def test_there_is_no_way_around_mfa(client: Client, forge_op: ForgeOp) -> None:
    make_user(NOAH, name="Noah New", role="partner_admin")
    sign_in(client, forge_op, email=NOAH, sub="noah", mfa_enrolled=False)
    assert client.post("/settings/mfa/skip").status_code == 404
    assert client.post("/settings/mfa/reset").status_code == 404
    assert client.get("/settings/mfa/setup").status_code == 405
    assert client.get("/dashboard")["Location"] == "/settings"
