"""The policy itself: every route declared, deny by default, one not-found page, navigation
and the generated Roles & permissions page drawn from the same declarations."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from portal.access.policy import ROUTES_BY_NAME

from .spec_table import ROLES, TABLE
from .world import MFA_AMR, build_world, sign_in_directly

pytestmark = pytest.mark.django_db

MANDATORY_TEXT = (
    "MFA is mandatory for <code>partner_admin</code>, <code>aidial_admin</code>, "
    "<code>aidial_operator</code>"
)


def _names(patterns: list[URLPattern | URLResolver], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _names(pattern.url_patterns, inner)
        else:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_pattern_is_declared_in_the_policy_and_every_declaration_exists() -> None:
    assert _names(get_resolver().url_patterns) == set(ROUTES_BY_NAME)


@override_settings(ROOT_URLCONF="portal.access.tests.undeclared_urls")
def test_a_route_nobody_declared_is_unreachable_even_signed_in() -> None:
    world = build_world()
    client = Client()
    sign_in_directly(client, world.users["client_admin"])
    response = client.get("/undeclared")
    assert response.status_code == 404
    assert "a view nobody declared" not in response.content.decode()


def test_out_of_role_and_missing_pages_are_the_same_not_found_page() -> None:
    world = build_world()
    client = Client()
    sign_in_directly(client, world.users["client_staff"])
    out_of_role = client.get("/billing")
    missing = client.get("/no-such-page")
    assert out_of_role.status_code == missing.status_code == 404
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub(b"", out_of_role.content) == token.sub(b"", missing.content)
    assert "Page not found" in missing.content.decode()


def _nav(html: str) -> list[str]:
    nav = re.search(r'<nav class="site-nav"[^>]*>(.*?)</nav>', html, re.S)
    assert nav, html
    return re.findall(r'<a href="([^"]+)"', nav.group(1))


@pytest.mark.parametrize("role", ROLES)
def test_the_navigation_shows_exactly_the_reachable_sections(role: str) -> None:
    world = build_world()
    client = Client()
    sign_in_directly(client, world.users[role], amr=MFA_AMR, mfa_enrolled=True)
    links = _nav(client.get("/settings").content.decode())
    reachable = [
        path
        for path, (_, cells) in TABLE.items()
        if "<id>" not in path and cells[role] in ("ok", "ro")
    ]
    assert sorted(links) == sorted(reachable)
    for link in links:
        assert client.get(link).status_code == 200


def test_navigation_while_mfa_is_required_offers_only_settings() -> None:
    world = build_world()
    client = Client()
    sign_in_directly(client, world.users["partner_admin"])
    assert _nav(client.get("/settings").content.decode()) == ["/settings"]


def test_the_roles_and_permissions_page_matches_the_specification() -> None:
    page = Client().get("/help/roles")
    assert page.status_code == 200
    html = page.content.decode()
    rows = dict(re.findall(r'<code class="small">([^<]+)</code>.*?</th>(.*?)</tr>', html, re.S))
    words = {"ok": ("Yes", "Manage"), "ro": ("View only",), "404": ("Not available",)}
    for path, (_, cells) in TABLE.items():
        if "<id>" in path:
            continue
        shown = re.findall(r"<td[^>]*>([^<]+)</td>", rows[path])
        assert len(shown) == len(ROLES), path
        for role, text in zip(ROLES, shown, strict=True):
            cell = cells[role]
            if cell.startswith("/"):
                assert text == f"→ {cell}", (path, role)
            else:
                assert text in words[cell], (path, role, text)
    assert MANDATORY_TEXT in html


def test_the_sign_in_help_page_is_public_and_generated_from_the_policy() -> None:
    html = Client().get("/help/sign-in").content.decode()
    assert "help@aidial.com.au" in html
    assert "recovery codes" in html
    assert MANDATORY_TEXT in html
    assert "optional but recommended for <code>client_admin</code>" in html
    assert "X-API-Key" in html
    login = Client().get("/login").content.decode()
    assert 'href="/help/sign-in"' in login


def test_every_page_takes_the_support_address_from_one_setting(settings: Any) -> None:
    """The help pages, the sign-in form, the denial pages and the not-found page cannot drift."""
    settings.AIDIAL_SUPPORT_EMAIL = "care@aidial.example"
    world = build_world()
    odd = Client()
    sign_in_directly(odd, world.users["unrecognised"])
    admin = Client()
    sign_in_directly(admin, world.users["client_admin"])
    pages = {
        "/help/sign-in": Client().get("/help/sign-in"),
        "/help/roles": Client().get("/help/roles"),
        "/login": Client().get("/login"),
        "denied": odd.get("/calls"),
        "not found": admin.get("/no-such-page"),
        "/support": admin.get("/support"),
    }
    for name, response in pages.items():
        text = response.content.decode()
        assert 'href="mailto:care@aidial.example"' in text, name
        assert "help@aidial.com.au" not in text, name
    assert 'href="/help/sign-in"' in pages["not found"].content.decode()


def test_the_denial_pages_say_what_happened_and_what_to_do() -> None:
    world = build_world()
    odd = Client()
    sign_in_directly(odd, world.users["unrecognised"])
    page = odd.get("/calls")
    assert page.status_code == 403
    text = page.content.decode()
    assert "your role is not recognised" in text
    assert "Contact your organisation's administrator" in text
    assert "help@aidial.com.au" in text
    assert 'href="/help/sign-in"' in text
    assert "+61400000001" not in text

    world.acme.status = "suspended"
    world.acme.save()
    admin = Client()
    sign_in_directly(admin, world.users["client_admin"])
    page = admin.get("/calls")
    assert page.status_code == 403
    text = page.content.decode()
    assert "Your organisation's account is not active" in text
    assert "AiDial account manager" in text
    assert "+61400000001" not in text
    assert "Acme Dental" not in text
    assert "Globex" not in text
