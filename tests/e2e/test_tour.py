"""A tour of the portal in a real browser, as every demo account that gets normal access.

Each one signs in through the local identity provider (with a TOTP code where the account has
one) and visits every section its navigation links to, then one call's detail page (one
tenant's, for AiDial staff). Every page must answer 200 with exactly one ``h1`` and a label for
every form field, and the browser must report no console error, Content-Security-Policy
violation or uncaught error. A full-page screenshot of each page is saved under
``test-output/screenshots/<role>/``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page

from tests.e2e.conftest import ROOT, TIMEOUT_MS, chromium, watch_problems
from tests.e2e.test_sign_in_journey import sign_in

# Serialized rollback restores what migrations wrote (the status page's services) after flushes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREENSHOTS = ROOT / "test-output" / "screenshots"
#: The local identity provider's demo accounts, read as data (the portal never imports it).
ACCOUNTS = {
    account["email"]: account
    for account in json.loads((ROOT / "devidp" / "demo_accounts.json").read_text())["accounts"]
}
#: Form fields a person fills in (the others carry no label by nature).
UNLABELLED_FIELDS = """
() => [...document.querySelectorAll("input, select, textarea")]
  .filter((field) => !["hidden", "submit", "button", "reset", "image"].includes(field.type))
  .filter((field) => !(field.labels && field.labels.length)
    && !field.getAttribute("aria-label") && !field.getAttribute("aria-labelledby"))
  .map((field) => field.outerHTML.slice(0, 120))
"""


@dataclass(frozen=True)
class Tourist:
    role: str
    email: str
    #: Where the account lands after signing in.
    home: str
    #: A page listing things, and the pattern of its links to one thing's detail page.
    listing: str
    detail: str


COMPLETED_CALLS = "/calls?status=completed"  # their detail pages have the most to show
CALL = r"/calls/\d+"
TENANTS = "/internal/tenants"
TENANT = r"/internal/tenants/\d+"

TOURISTS = (
    Tourist("client_admin", "ava.admin@acme.example", "/dashboard", COMPLETED_CALLS, CALL),
    Tourist("client_manager", "max.manager@acme.example", "/dashboard", COMPLETED_CALLS, CALL),
    Tourist("client_staff", "sam.staff@acme.example", "/dashboard", COMPLETED_CALLS, CALL),
    Tourist("partner_admin", "pia.partner@northwind.example", "/dashboard", COMPLETED_CALLS, CALL),
    Tourist("partner_user", "uma.user@northwind.example", "/dashboard", COMPLETED_CALLS, CALL),
    Tourist("aidial_admin", "ada.admin@aidial.example", TENANTS, TENANTS, TENANT),
    Tourist("aidial_operator", "oli.operator@aidial.example", TENANTS, TENANTS, TENANT),
)


@pytest.fixture(scope="module")
def tour_browser(local_idp: Any) -> Iterator[Browser]:
    """One Chromium for the whole tour; each account gets its own context.

    The provider's accounts start afresh: a TOTP code works once, and an earlier test may have
    used this 30-second step's code of an account the tour signs in with.
    """
    local_idp.cli("seed_demo")
    with chromium() as browser:
        yield browser


@pytest.fixture
def demo_data() -> None:
    """The named demo accounts and some volume around them."""
    call_command("seed_demo", stdout=StringIO())
    call_command(
        "seed_volume", "--tenants", "6", "--users", "24", "--calls", "1500", stdout=StringIO()
    )


def page_name(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"


class Tour:
    def __init__(self, page: Page, portal: str, folder: Path) -> None:
        self.page = page
        self.portal = portal
        self.folder = folder
        self.count = 0
        self.faults: list[str] = []
        #: Path → the paths its main content links to.
        self.links: dict[str, list[str]] = {}

    def visit(self, path: str) -> None:
        response = self.page.goto(self.portal + path)
        self.page.wait_for_load_state("load")
        self.check(path, response.status if response is not None else 0)

    def check(self, path: str, status: int) -> None:
        page = self.page
        self.count += 1
        page.screenshot(
            path=str(self.folder / f"{self.count:02d}-{page_name(path)}.png"), full_page=True
        )
        if urlsplit(page.url).path != urlsplit(path).path:
            self.faults.append(f"{path}: ended up at {page.url}")
        if status != 200:
            self.faults.append(f"{path}: status {status}")
        headings = page.locator("h1").count()
        if headings != 1:
            self.faults.append(f"{path}: {headings} h1 elements, not one")
        for field in page.evaluate(UNLABELLED_FIELDS):
            self.faults.append(f"{path}: a form field without a label: {field}")
        self.links[path] = page.locator("main a[href^='/']").evaluate_all(
            "links => links.map((a) => a.pathname)"
        )

    def nav_paths(self) -> list[str]:
        nav = self.page.get_by_role("navigation", name="Main").locator("a[href^='/']")
        return [str(href) for href in nav.evaluate_all("links => links.map((a) => a.pathname)")]

    def first_link(self, listing: str, pattern: str) -> str | None:
        """The first link of ``listing`` (visited already) whose path matches ``pattern``."""
        return next((p for p in self.links[listing] if re.fullmatch(pattern, p)), None)


@pytest.mark.parametrize("tourist", TOURISTS, ids=lambda tourist: tourist.role)
def test_every_section_as_every_role(
    tourist: Tourist,
    tour_browser: Browser,
    demo_data: None,
    portal_url: str,
    local_idp: Any,
) -> None:
    account = ACCOUNTS[tourist.email]
    folder = SCREENSHOTS / tourist.role
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):  # a section that is gone leaves no stale picture
        old.unlink()
    context = tour_browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems = watch_problems(page)
    tour = Tour(page, portal_url, folder)
    try:
        sign_in(
            page,
            lambda step: folder / f"00-{step}.png",  # the sign-in journey's own test shoots these
            portal=portal_url,
            provider=local_idp.issuer,
            path=tourist.home,
            email=tourist.email,
            totp_secret=account.get("totp_secret") or "",
        )
        tour.check(tourist.home, 200)
        sections = tour.nav_paths()
        assert tourist.home in sections, sections
        for path in sections:
            if path != tourist.home:
                tour.visit(path)
        if tourist.listing not in sections:
            tour.visit(tourist.listing)
        detail = tour.first_link(tourist.listing, tourist.detail)
        assert detail is not None, f"no link to {tourist.detail} on {tourist.listing}"
        tour.visit(detail)
    except Exception:
        if not page.is_closed():
            page.screenshot(path=str(folder / "failure.png"), full_page=True)
        raise
    finally:
        context.close()
    report = tour.faults + problems
    assert not report, f"{tourist.role}:\n" + "\n".join(report)
