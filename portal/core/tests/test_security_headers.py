from typing import Any

import pytest
from django.test import Client


def csp_directives(header: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def test_login_page_sends_a_strict_content_security_policy(client: Client) -> None:
    response = client.get("/login")

    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert csp_directives(header) == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'", "http://127.0.0.1:8001"],
    }


def test_login_page_sends_the_browser_security_headers(client: Client) -> None:
    response = client.get("/login")

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response  # production only


def test_json_endpoints_carry_the_same_policy(client: Client) -> None:
    response = client.get("/healthz")

    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_form_action_follows_the_provider_and_its_discovered_endpoints(
    client: Client, forge_op: Any
) -> None:
    forge_op.metadata_overrides["authorization_endpoint"] = "https://login.elsewhere.example/auth"
    before = csp_directives(client.get("/login")["Content-Security-Policy"])["form-action"]
    assert before == ["'self'", forge_op.issuer]
    client.post("/login", {"email": "ava.admin@acme.example"})  # reads the discovery document
    after = csp_directives(client.get("/login")["Content-Security-Policy"])["form-action"]
    assert after == ["'self'", forge_op.issuer, "https://login.elsewhere.example"]
