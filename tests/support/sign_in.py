"""A real sign-in over HTTP: the portal's form, the local identity provider, the callback."""

from __future__ import annotations

import re

import pyotp

from tests.support.browser import Browser, location

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def sign_in_over_http(
    browser: Browser, portal: str, email: str, password: str, *, totp_secret: str = ""
) -> str:
    """Signs ``browser`` in at ``portal``; returns where the portal sent it afterwards."""
    form = browser.get(f"{portal}/login")
    page = browser.follow(browser.submit(form, email=email))
    answer = browser.submit(page, email=email, password=password)
    if totp_secret:
        challenge = browser.follow(answer)
        answer = browser.submit(challenge, code=pyotp.TOTP(totp_secret).now())
    back = browser.follow(answer, until=f"{portal}/auth/callback")
    landed = browser.get(location(back))
    if landed.status_code != 302:
        raise AssertionError(f"sign-in failed: {landed.status_code} {landed.text[:1000]}")
    return location(landed)


def csrf_token(browser: Browser, page_url: str) -> str:
    """The CSRF token of a form on the page (the browser's cookie is the other half)."""
    page = browser.get(page_url)
    found = _CSRF.search(page.text)
    if found is None:
        raise AssertionError(f"no form on {page_url}: {page.status_code}")
    return found.group(1)
