"""Settings' profile: the provider's claims of this sign-in, in plain words, for every role;
internal roles see it inside the internal surface."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.test import Client
from django.utils import timezone

from portal.access.tests.world import MFA_AMR, World, build_world, sign_in_directly
from portal.accounts.models import PortalSession
from portal.audit.models import AuditEvent
from portal.team.tests.helpers import html, signed_in
from portal.team.tests.test_query_counts import SESSION_STORE_QUERIES, _queries

from .forge_op import ForgeOp
from .helpers import make_user, sign_in

pytestmark = pytest.mark.django_db

MFA_ACR = "http://schemas.openid.net/pape/policies/2007/06/multi-factor"


def _facts(text: str) -> dict[str, str]:
    profile = text[text.index('id="profile-heading"') : text.index('id="mfa-heading"')]
    pairs = re.findall(r"<dt>([^<]+)</dt><dd>(.*?)</dd>", profile, re.S)
    return {dt_: re.sub(r"<[^>]+>", "", dd).strip() for dt_, dd in pairs}


def test_the_profile_shows_the_claims_of_this_sign_in(forge_op: ForgeOp) -> None:
    make_user(name="Ava (portal name)")
    client = Client()
    signed_at = int(time.time()) - 120
    sign_in(
        client,
        forge_op,
        name="Ava Admin-Smith",
        amr=["pwd", "otp", "mfa"],
        acr=MFA_ACR,
        auth_time=signed_at,
    )
    text = html(client.get("/settings"))
    local = timezone.localtime(dt.datetime.fromtimestamp(signed_at, tz=dt.UTC))
    assert _facts(text) == {
        "Name": "Ava Admin-Smith",
        "Email": "ava.admin@acme.example",
        "Organisation": "Acme Dental",
        "Role": "Client admin",
        "Identity provider": forge_op.issuer,
        "Signed in": local.strftime("%-d %b %Y, %H:%M"),
        "Signed in with": "Password, one-time code, multiple factors",
        "Assurance level": "Multi-factor authentication",
    }
    # The claims stay in the server-side session: nothing of them reaches the audit trail.
    assert not any("Smith" in str(e.details) for e in AuditEvent.objects.all())


def test_a_password_sign_in_without_an_acr_says_so_plainly(forge_op: ForgeOp) -> None:
    make_user()
    client = Client()
    sign_in(client, forge_op, amr=["pwd", "xyz"], acr="urn:example:acr:password")
    facts = _facts(html(client.get("/settings")))
    assert facts["Signed in with"] == "Password, “xyz”"
    assert facts["Assurance level"] == "“urn:example:acr:password” (not the multi-factor level)"


@pytest.mark.parametrize(
    ("who", "organisation", "role", "nav"),
    [
        ("client_staff", "Acme Dental", "Client staff", ["/dashboard", "/calls"]),
        ("partner_user", "Northwind Agency", "Partner user", ["/dashboard", "/partner/clients"]),
        ("aidial_operator", "AiDial", "AiDial operator", ["/internal/tenants"]),
        ("aidial_admin", "AiDial", "AiDial admin", ["/internal/audit-log"]),
    ],
)
def test_every_role_sees_its_own_profile_and_its_own_surfaces_navigation(
    who: str, organisation: str, role: str, nav: list[str]
) -> None:
    world = build_world()
    client = Client()
    sign_in_directly(client, world.users[who], amr=MFA_AMR, mfa_enrolled=True)
    response = client.get("/settings")
    assert response.status_code == 200
    text = html(response)
    facts = _facts(text)
    # Signed in before the profile was kept: the portal user's own name and email.
    assert facts["Name"] == world.users[who].name
    assert facts["Email"] == world.users[who].email
    assert facts["Organisation"] == organisation
    assert facts["Role"] == role
    assert facts["Identity provider"] == "https://idp.example"
    assert facts["Signed in with"] == "Password, one-time code, multiple factors"
    assert facts["Assurance level"] == "Not stated by your identity provider"
    links = re.findall(r'<a href="([^"]+)"', text[text.index('class="site-nav"') :])
    assert set(nav) <= set(links)
    internal = who.startswith("aidial_")
    assert ("/dashboard" in links) is not internal
    assert ("/internal/tenants" in links) is internal


def test_another_persons_profile_never_appears() -> None:
    world = build_world()
    client = signed_in(world.users["client_admin"])
    other = signed_in(world.users["client_staff"])
    assert other.get("/settings").status_code == 200
    text = html(client.get("/settings"))
    assert world.users["client_admin"].email in text
    assert world.users["client_staff"].email not in text
    assert world.users["partner_admin"].email not in text


def _grow_sessions(world: World, rows: int) -> None:
    """The user up to ``rows`` active sessions, and as many for someone else."""
    for who in ("client_admin", "client_staff"):
        user = world.users[who]
        PortalSession.objects.bulk_create(
            PortalSession(user=user, issuer="https://idp.example", subject="s", amr=["pwd"])
            for _ in range(rows - PortalSession.objects.filter(user=user).count())
        )


def test_settings_makes_a_pinned_number_of_queries_for_10_and_1000_sessions() -> None:
    world = build_world()
    _grow_sessions(world, 10)
    client = signed_in(world.users["client_admin"])
    client.get("/settings")
    small = _queries(lambda: client.get("/settings"), 200)
    _grow_sessions(world, 1000)
    large = _queries(lambda: client.get("/settings"), 200)
    assert "Sign out all other sessions" in html(client.get("/settings"))
    # Sessions, plus the API keys section: its projects and its keys.
    assert small == large == 4 + SESSION_STORE_QUERIES
