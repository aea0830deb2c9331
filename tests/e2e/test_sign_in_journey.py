"""A person signs in through the local identity provider in a real browser, and signs out.

They ask for a signed-in page, are sent to the portal's sign-in form, continue at the provider
(password, then a TOTP code when the account has one), land on the page they asked for, sign out
with the header's button, and going back in the browser's history shows none of the portal's data.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from playwright.sync_api import Locator, Page, expect

from portal.accounts.tests.helpers import make_user

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "aidial-demo-2026"
PIA = "pia.partner@northwind.example"
PIA_TOTP_SECRET = "LKTNKW5YLF75MOO6UYCLSYWZWJI5Z72L"
AVA = "ava.admin@acme.example"

Screenshot = Callable[[str], Path]


def path_of(url: str) -> str:
    return urlsplit(url).path


def submit(page: Page, button: Locator, form: str) -> None:
    """Click ``button`` and check that the POST it sends is not refused."""
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        button.click()
    response = posted.value
    if response.status >= 400:
        page.wait_for_load_state()
        pytest.fail(
            f"{form} was refused: {response.status} from {response.url}\n"
            + page.locator("body").inner_text()[:500],
            pytrace=False,
        )


def sign_in(
    page: Page,
    screenshot: Screenshot,
    *,
    portal: str,
    provider: str,
    path: str,
    email: str,
    totp_secret: str = "",
) -> None:
    """Ask for ``path`` signed out and sign in all the way back to it."""
    page.goto(portal + path)
    page.wait_for_url(f"{portal}/login?**")
    assert parse_qs(urlsplit(page.url).query) == {"next": [path]}
    expect(page.get_by_role("heading", name="Sign in to AiDial")).to_be_visible()
    screenshot("portal-sign-in")

    page.get_by_label("Email address").fill(email)
    submit(page, page.get_by_role("button", name="Continue"), "The portal's sign-in form")
    page.wait_for_url(f"{provider}/signin/password?**")
    expect(page.get_by_label("Email", exact=True)).to_have_value(email)
    screenshot("provider-password")

    with page.expect_response(lambda r: r.url == portal + path) as landing:
        page.get_by_label("Password").fill(PASSWORD)
        submit(page, page.get_by_role("button", name="Continue"), "The provider's password form")
        if totp_secret:
            page.wait_for_url(f"{provider}/signin/mfa?**")
            expect(page.get_by_role("heading", name="Enter your verification code")).to_be_visible()
            page.get_by_label("Verification code").fill(pyotp.TOTP(totp_secret).now())
            screenshot("provider-code")
            submit(page, page.get_by_role("button", name="Verify"), "The provider's code form")
    page.wait_for_url(portal + path)
    assert landing.value.status == 200
    # Signed-in pages must never come back from a cache after sign-out.
    assert "no-store" in landing.value.headers.get("cache-control", "")


def sign_out_and_go_back(
    page: Page, screenshot: Screenshot, *, portal: str, path: str, private_text: str
) -> None:
    """Sign out with the header's button, then go back in the history to ``path``."""
    sign_out = page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out")
    submit(page, sign_out, "The header's sign-out button")
    page.wait_for_url(f"{portal}/login?signed_out=1")
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    screenshot("signed-out")

    response = page.go_back()
    page.wait_for_load_state()
    screenshot("back-after-sign-out")
    expect(page.get_by_text(private_text)).not_to_be_visible()
    if response is not None:
        # The browser asked for the page again, and the portal sent it to the sign-in form.
        assert path_of(page.url) == "/login", page.url
        assert parse_qs(urlsplit(page.url).query) == {"next": [path]}
        assert response.request.redirected_from is not None
        assert response.request.redirected_from.url == portal + path
    else:
        assert path_of(page.url) not in {"/dashboard", "/settings"}, page.url


def test_partner_with_totp_signs_in_to_settings_and_out(
    browser_page: Page, screenshot: Screenshot, portal_url: str, local_idp: Any
) -> None:
    # TOTP codes are single-use per 30-second step: start from freshly seeded accounts.
    local_idp.cli("seed_demo")
    make_user(PIA, name="Pia Partner", role="partner_admin")
    page = browser_page

    sign_in(
        page,
        screenshot,
        portal=portal_url,
        provider=local_idp.issuer,
        path="/settings",
        email=PIA,
        totp_secret=PIA_TOTP_SECRET,
    )
    assert path_of(page.url) == "/settings"
    expect(page.get_by_role("heading", name="Active sessions")).to_be_visible()
    current = page.locator("tr.is-current")
    expect(current).to_have_count(1)
    expect(current).to_contain_text("(this browser)")
    expect(page.get_by_text(PIA)).to_be_visible()
    screenshot("settings")

    sign_out_and_go_back(
        page, screenshot, portal=portal_url, path="/settings", private_text="Active sessions"
    )


def test_client_admin_without_totp_signs_in_to_dashboard_and_out(
    browser_page: Page, screenshot: Screenshot, portal_url: str, local_idp: Any
) -> None:
    make_user(AVA, name="Ava Admin")
    page = browser_page

    sign_in(
        page,
        screenshot,
        portal=portal_url,
        provider=local_idp.issuer,
        path="/dashboard",
        email=AVA,
    )
    assert path_of(page.url) == "/dashboard"
    expect(page.get_by_text("Welcome, Ava Admin")).to_be_visible()
    screenshot("dashboard")

    sign_out_and_go_back(
        page, screenshot, portal=portal_url, path="/dashboard", private_text="Welcome, Ava Admin"
    )
