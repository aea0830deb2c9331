"""A partner admin's first sign-in, in a real browser: MFA is mandatory and not yet set up.

Noah asks for the dashboard, signs in with only a password and is held on Settings, which says
why. "Set up MFA" sends him back to the provider (a fresh sign-in, ``prompt=login``), which
walks him through TOTP enrolment and his recovery codes, and he lands on the page he first
asked for, with normal access and a session that carries MFA.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from portal.accounts.models import PortalSession, PortalUser
from portal.tenancy.models import Membership, Tenant
from tests.e2e.test_sign_in_journey import PASSWORD, path_of, submit

pytestmark = pytest.mark.django_db(transaction=True)

NOAH = "noah.new@northwind.example"
NOAH_NAME = "Noah New"

Screenshot = Callable[[str], Path]

# The first heading of each page Noah can meet after pressing "Set up MFA".
PROVIDER_PASSWORD = "Sign in"
PROVIDER_ENROL = "Set up multi-factor authentication"
PROVIDER_CODES = "Save your recovery codes"
PORTAL_DASHBOARD = "Dashboard"
AFTER_SET_UP = (PROVIDER_PASSWORD, PROVIDER_ENROL, PROVIDER_CODES, PORTAL_DASHBOARD)


def next_page(page: Page, *, leaving: str) -> str:
    """Wait for the next page of the set-up journey (any but ``leaving``); its heading."""
    wanted = [heading for heading in AFTER_SET_UP if heading != leaving]
    pattern = re.compile("^(" + "|".join(re.escape(heading) for heading in wanted) + ")$")
    heading = page.locator("h1").filter(has_text=pattern)
    try:
        heading.wait_for(state="visible")
    except PlaywrightTimeoutError:
        pytest.fail(
            f"expected one of {wanted} after {leaving!r}, got {page.url}:\n"
            + page.locator("body").inner_text()[:500],
            pytrace=False,
        )
    page.wait_for_load_state()
    return heading.inner_text().strip()


def noah_create() -> PortalUser:
    partner = Tenant.objects.create(
        slug="northwind",
        name="Northwind Agency",
        kind=Tenant.Kind.PARTNER,
        status=Tenant.Status.ACTIVE,
        features=["partner_workspace", "team"],
    )
    user = PortalUser.objects.create_user(NOAH, name=NOAH_NAME)
    Membership.objects.create(user=user, tenant=partner, role="partner_admin")
    return user


def test_partner_admin_sets_up_mfa_on_first_sign_in(
    browser_page: Page, screenshot: Screenshot, portal_url: str, local_idp: Any
) -> None:
    # Freshly seeded provider accounts: Noah has no authenticator and no lockout.
    local_idp.cli("seed_demo")
    noah = noah_create()
    page = browser_page
    provider = local_idp.issuer

    # He asks for the dashboard and signs in with email and password only.
    page.goto(portal_url + "/dashboard")
    page.wait_for_url(f"{portal_url}/login?**")
    assert parse_qs(urlsplit(page.url).query) == {"next": ["/dashboard"]}
    screenshot("portal-sign-in")
    page.get_by_label("Email address").fill(NOAH)
    submit(page, page.get_by_role("button", name="Continue"), "The portal's sign-in form")
    page.wait_for_url(f"{provider}/signin/password?**")
    expect(page.get_by_label("Email", exact=True)).to_have_value(NOAH)
    page.get_by_label("Password").fill(PASSWORD)
    screenshot("provider-password")
    submit(page, page.get_by_role("button", name="Continue"), "The provider's password form")

    # His role requires MFA and he has none: only Settings, which says so.
    page.wait_for_url(portal_url + "/settings")
    expect(page.get_by_role("heading", name="Settings", exact=True)).to_be_visible()
    mfa = page.locator("#mfa")
    expect(mfa.get_by_role("alert")).to_contain_text(
        "Your role requires multi-factor authentication, and your account has no second factor yet."
    )
    expect(mfa.locator("dt:has-text('Second factor enrolled') + dd")).to_have_text("No")
    screenshot("settings-mfa-required")
    page.goto(portal_url + "/dashboard")
    page.wait_for_url(portal_url + "/settings")

    # Set up MFA: a fresh sign-in at the provider, which also enrols the authenticator.
    submit(page, mfa.get_by_role("button", name="Set up MFA"), "The Set up MFA button")
    seen: list[str] = []
    heading = next_page(page, leaving="Settings")
    while heading != PORTAL_DASHBOARD:
        assert heading not in seen, f"{heading!r} came twice: {seen}"
        seen.append(heading)
        if heading == PROVIDER_PASSWORD:
            assert page.url.startswith(f"{provider}/signin/password?"), page.url
            expect(page.get_by_label("Email", exact=True)).to_have_value(NOAH)
            page.get_by_label("Password").fill(PASSWORD)
            screenshot("provider-password-again")
            submit(page, page.get_by_role("button", name="Continue"), "The password form")
        elif heading == PROVIDER_ENROL:
            assert page.url.startswith(f"{provider}/signin/enroll?"), page.url
            qr = page.get_by_role("img", name="QR code for setting up the authenticator app")
            expect(qr).to_be_visible()
            assert (qr.get_attribute("src") or "").startswith("data:image/svg+xml")
            secret = page.locator("code.secret#totp-secret").inner_text().strip()
            assert re.fullmatch(r"[A-Z2-7]{16,}", secret), secret
            screenshot("provider-enrolment")
            page.get_by_label("Enter the 6-digit code the app shows").fill(pyotp.TOTP(secret).now())
            submit(page, page.get_by_role("button", name="Confirm"), "The enrolment form")
        else:
            assert heading == PROVIDER_CODES
            assert PROVIDER_ENROL in seen, "recovery codes before enrolment"
            codes = page.locator("#recovery-codes li")
            expect(codes).to_have_count(10)
            assert all(re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", c) for c in codes.all_inner_texts())
            screenshot("provider-recovery-codes")
            submit(
                page,
                page.get_by_role("button", name="I have saved them, continue"),
                "The recovery codes page",
            )
        heading = next_page(page, leaving=heading)
    assert set(seen) == {PROVIDER_PASSWORD, PROVIDER_ENROL, PROVIDER_CODES}, seen

    # Back on the page he first asked for, with normal access.
    page.wait_for_url(portal_url + "/dashboard")
    assert path_of(page.url) == "/dashboard"
    expect(page.get_by_text(f"Welcome, {NOAH_NAME}")).to_be_visible()
    screenshot("dashboard")

    sessions = list(PortalSession.objects.filter(user=noah).order_by("created_at", "pk"))
    latest = sessions[-1]
    assert latest.is_active
    assert "mfa" in latest.amr, latest.amr
    assert latest.mfa_enrolled is True
    # The password-only session was replaced, not left alongside the new one.
    assert len(sessions) == 2, sessions
    assert sessions[0].amr == ["pwd"]
    assert sessions[0].end_reason == "reauthenticated"
