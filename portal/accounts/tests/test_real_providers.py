"""The whole sign-in and sign-out over real HTTP against two independent providers: the
repository's local identity provider (a separate process) and the PyPI package
``oidc-provider-mock`` (another Authlib-based implementation, in a thread)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pyotp
import pytest
import requests
from oidc_provider_mock import run_server_in_thread

from portal.accounts.models import OidcIdentity, PortalSession
from portal.accounts.tests.helpers import make_user
from tests.support.browser import Browser, location, query
from tests.support.local_idp import LocalIdp

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "aidial-demo-2026"
PIA_TOTP = "LKTNKW5YLF75MOO6UYCLSYWZWJI5Z72L"


def page_email(page: requests.Response) -> str:
    """The email the provider's form was pre-filled with (from the portal's login hint)."""
    found = re.search(r'name="email" type="email"[^>]* value="([^"]*)"', page.text)
    assert found, page.text
    return found.group(1)


def _to_provider(browser: Browser, portal: str, email: str, path: str) -> requests.Response:
    asked = browser.get(portal + path)
    assert asked.status_code == 302
    assert location(asked) == f"{portal}/login?next={path}"
    form = browser.get(location(asked))
    redirect = browser.submit(form, email=email)
    assert redirect.status_code == 302
    return redirect


def test_sign_in_and_out_at_the_local_identity_provider(
    portal_on_local_idp: str, local_idp: LocalIdp
) -> None:
    portal = portal_on_local_idp
    user = make_user("ava.admin@acme.example", name="Ava Admin")
    browser = Browser()
    redirect = _to_provider(browser, portal, "ava.admin@acme.example", "/settings")
    assert location(redirect).startswith(f"{local_idp.issuer}/authorize?")
    assert query(location(redirect))["login_hint"] == "ava.admin@acme.example"

    page = browser.follow(redirect)
    assert 'value="ava.admin@acme.example"' in page.text
    back = browser.follow(
        browser.submit(page, email=page_email(page), password=PASSWORD),
        until=portal + "/auth/callback",
    )
    assert back.is_redirect, (back.status_code, back.url, back.text[:3000])
    callback_url = location(back)
    assert query(callback_url)["iss"] == local_idp.issuer
    landed = browser.get(callback_url)
    assert location(landed) == f"{portal}/settings"
    settings_page = browser.get(location(landed))
    assert "Active sessions" in settings_page.text
    assert "Firefox on Linux" in settings_page.text
    assert OidcIdentity.objects.get().user == user
    row = PortalSession.objects.get()
    assert row.amr == ["pwd"]
    assert row.mfa_enrolled is False

    signed_out = browser.follow(browser.submit(settings_page, form_index=0))
    assert signed_out.url == f"{portal}/login?signed_out=1"
    assert "You have signed out." in signed_out.text
    assert browser.get(portal + "/settings").status_code == 302
    # The provider's own session ended too: the next sign-in asks for the password again.
    again = browser.follow(_to_provider(browser, portal, "ava.admin@acme.example", "/dashboard"))
    assert 'type="password"' in again.text


def test_totp_sign_in_at_the_local_identity_provider_records_mfa(
    portal_on_local_idp: str, local_idp: LocalIdp
) -> None:
    local_idp.cli("seed_demo")  # a fresh TOTP step counter for the demo account
    portal = portal_on_local_idp
    make_user("pia.partner@northwind.example", name="Pia Partner", role="partner_admin")
    browser = Browser()
    page = browser.follow(
        _to_provider(browser, portal, "pia.partner@northwind.example", "/dashboard")
    )
    challenge = browser.follow(browser.submit(page, email=page_email(page), password=PASSWORD))
    assert "Enter your verification code" in challenge.text
    back = browser.follow(
        browser.submit(challenge, code=pyotp.TOTP(PIA_TOTP).now()), until=portal + "/auth/callback"
    )
    landed = browser.get(location(back))
    assert location(landed) == f"{portal}/dashboard"
    assert "Welcome, Pia Partner" in browser.get(location(landed)).text
    row = PortalSession.objects.get()
    assert row.amr == ["pwd", "otp", "mfa"]
    assert row.mfa_enrolled is True
    assert row.acr == "http://schemas.openid.net/pape/policies/2007/06/multi-factor"


@pytest.fixture
def mock_provider(settings: Any, live_server: Any) -> Iterator[str]:
    with run_server_in_thread(require_nonce=True) as server:
        issuer = f"http://localhost:{server.server_port}"
        settings.AIDIAL_OIDC_ISSUER = issuer
        settings.AIDIAL_OIDC_CLIENT_ID = "aidial-portal"
        settings.AIDIAL_OIDC_CLIENT_SECRET = "anything"
        settings.AIDIAL_BASE_URL = live_server.url
        settings.CSRF_TRUSTED_ORIGINS = [live_server.url]
        yield issuer


def test_sign_in_and_out_at_an_independent_provider(mock_provider: str, live_server: Any) -> None:
    portal = str(live_server.url)
    requests.put(
        f"{mock_provider}/users/mock-sub-1",
        json={"email": "ava.admin@acme.example", "email_verified": True, "name": "Ava Admin"},
        timeout=10,
    ).raise_for_status()
    make_user("ava.admin@acme.example", name="Ava Admin")
    browser = Browser()
    redirect = _to_provider(browser, portal, "ava.admin@acme.example", "/dashboard")
    authorize_url = location(redirect)
    assert authorize_url.startswith(f"{mock_provider}/oauth2/authorize?")
    assert browser.get(authorize_url).status_code == 200
    back = browser.post(authorize_url, {"sub": "mock-sub-1"})
    assert location(back).startswith(portal + "/auth/callback?")
    landed = browser.get(location(back))
    assert location(landed) == f"{portal}/dashboard"
    assert "Welcome, Ava Admin" in browser.get(location(landed)).text
    assert OidcIdentity.objects.get().issuer == mock_provider

    dashboard = browser.get(portal + "/dashboard")
    end_session = browser.submit(dashboard, form_index=0)
    assert location(end_session).startswith(f"{mock_provider}/oauth2/end_session?")
    params = query(location(end_session))
    assert params["post_logout_redirect_uri"] == f"{portal}/auth/signed-out"
    assert params["id_token_hint"]
    confirm = browser.get(location(end_session))
    signed_out = browser.follow(browser.submit(confirm))
    assert signed_out.url == f"{portal}/login?signed_out=1"
    assert "You have signed out." in signed_out.text
    assert browser.get(portal + "/dashboard").status_code == 302
