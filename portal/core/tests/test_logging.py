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


def test_production_lines_are_json_with_the_request_id_and_nothing_secret() -> None:
    import io
    import json

    from django_guid.context import guid

    from portal.core.logging import JsonLines

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLines("%(asctime)s %(message)s", rename_fields={"asctime": "time"}))
    handler.addFilter(RedactSecrets())
    logger = logging.getLogger("portal.test.json")
    logger.addHandler(handler)
    token = guid.set("6f1c2b0e3a9b4c1e9d2a0b5c8e7f1a23")
    try:
        logger.warning(
            "GET %s by %s",
            "/auth/callback?code=abc",
            "ava@acme.example",
            extra={"request": object()},
        )
    finally:
        guid.reset(token)
        logger.removeHandler(handler)
    line = json.loads(stream.getvalue())
    assert line["message"] == "GET /auth/callback?[redacted] by [email]"
    assert line["request_id"] == "6f1c2b0e3a9b4c1e9d2a0b5c8e7f1a23"
    assert line["level"] == "WARNING"
    assert line["logger"] == "portal.test.json"
    assert "request" not in line
    assert "time" in line


def test_every_response_carries_a_request_id(client: object) -> None:
    response = client.get("/healthz")  # type: ignore[attr-defined]
    assert len(response["X-Request-ID"]) == 32
    given = "6f1c2b0e-3a9b-4c1e-9d2a-0b5c8e7f1a23"
    echoed = client.get("/healthz", HTTP_X_REQUEST_ID=given)  # type: ignore[attr-defined]
    assert echoed["X-Request-ID"] == given


@pytest.mark.parametrize("formatter", ["plain", "json"])
def test_a_traceback_is_redacted_too(formatter: str) -> None:
    """An exception's text is formatted after the filter ran: the formatter redacts it."""
    import io
    import logging.config

    from django.conf import settings

    from config.settings import base

    stream = io.StringIO()
    config = {
        **base.LOGGING,
        "handlers": {
            "capture": {
                "class": "logging.StreamHandler",
                "stream": stream,
                "formatter": formatter,
                "filters": ["redact"],
            }
        },
        "root": {"handlers": [], "level": "INFO"},
        "loggers": {"portal.test.trace": {"handlers": ["capture"], "level": "INFO"}},
        "disable_existing_loggers": False,
    }
    logging.config.dictConfig(config)
    try:
        try:
            raise ValueError("Key (email)=(ava.admin@acme.example) already exists.")
        except ValueError:
            logging.getLogger("portal.test.trace").exception("could not save")
        text = stream.getvalue()
        assert "Traceback" in text or "traceback" in text.lower() or "exc_info" in text
        assert "ava.admin@acme.example" not in text
        assert "[email]" in text
    finally:
        logging.config.dictConfig(settings.LOGGING)
