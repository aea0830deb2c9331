"""What reaches the logs: no codes, states, tokens or email addresses."""

from __future__ import annotations

import logging

import pytest

from portal.core.logging import RedactSecrets, redact


def test_query_strings_and_emails_are_redacted() -> None:
    line = '"GET /auth/callback?code=abc123&state=xyz&iss=http://idp HTTP/1.1" 302 0'
    assert redact(line) == '"GET /auth/callback?[redacted] HTTP/1.1" 302 0'
    assert redact("signed in ava.admin@acme.example") == "signed in [email]"
    assert redact("GET /healthz HTTP/1.1") == "GET /healthz HTTP/1.1"


def test_the_filter_rewrites_message_and_arguments(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("portal.test.redaction")
    logger.addFilter(RedactSecrets())
    with caplog.at_level(logging.INFO, logger="portal.test.redaction"):
        logger.info('"%s" %s', "GET /login?next=/x&email=a@b.example HTTP/1.1", 200)
        logger.info("user %s", "someone@example.com")
    text = caplog.text
    assert "next=/x" not in text
    assert "a@b.example" not in text
    assert "someone@example.com" not in text
    assert "/login?[redacted]" in text


def test_the_portal_logging_configuration_uses_the_filter() -> None:
    from config.settings import base

    handler = base.LOGGING["handlers"]["stderr"]  # type: ignore[index]
    assert handler["filters"] == ["redact"]
