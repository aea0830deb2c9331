"""The production settings start only with production-grade configuration."""

import secrets

import pytest

from portal.core.tests.processes import read_settings, run_python

PROD = "config.settings.prod"
IMPORT = "import config.settings.prod"


def good_environment(**overrides: str) -> dict[str, str]:
    return {
        "AIDIAL_SECRET_KEY": secrets.token_urlsafe(48),
        "AIDIAL_BASE_URL": "https://portal.aidial.example",
        **overrides,
    }


def test_production_refuses_the_development_secret() -> None:
    environment = good_environment()
    del environment["AIDIAL_SECRET_KEY"]

    result = run_python(IMPORT, settings=PROD, env=environment)

    assert result.returncode != 0
    assert "ImproperlyConfigured: AIDIAL_SECRET_KEY is the development secret" in result.stderr


@pytest.mark.parametrize(
    ("secret", "message"),
    [
        ("", "AIDIAL_SECRET_KEY is empty"),
        ("short-but-random-Q3v9", "AIDIAL_SECRET_KEY is too weak"),
        ("ab" * 40, "AIDIAL_SECRET_KEY is too weak"),
        ("django-insecure-aidial-development-only", "AIDIAL_SECRET_KEY is the development secret"),
    ],
)
def test_production_refuses_a_weak_secret(secret: str, message: str) -> None:
    result = run_python(IMPORT, settings=PROD, env=good_environment(AIDIAL_SECRET_KEY=secret))

    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize("value", ["1", "true"])
def test_production_refuses_debug(value: str) -> None:
    result = run_python(IMPORT, settings=PROD, env=good_environment(AIDIAL_DEBUG=value))

    assert result.returncode != 0
    assert "ImproperlyConfigured: AIDIAL_DEBUG must be off in production." in result.stderr


def test_production_refuses_a_plain_http_base_url() -> None:
    environment = good_environment(AIDIAL_BASE_URL="http://portal.aidial.example")

    result = run_python(IMPORT, settings=PROD, env=environment)

    assert result.returncode != 0
    assert "AIDIAL_BASE_URL must be an https:// URL in production" in result.stderr


def test_production_allows_plain_http_only_when_told_to() -> None:
    environment = good_environment(
        AIDIAL_BASE_URL="http://portal.aidial.example", AIDIAL_ALLOW_HTTP="1"
    )

    values = read_settings(["DEBUG", "SESSION_COOKIE_NAME"], settings=PROD, env=environment)

    assert values == {"DEBUG": False, "SESSION_COOKIE_NAME": "aidial_session"}


def test_production_starts_with_a_strong_secret_and_https() -> None:
    names = [
        "DEBUG",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_COOKIE_NAME",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_NAME",
        "CSRF_COOKIE_SECURE",
    ]

    values = read_settings(names, settings=PROD, env=good_environment())

    assert values == {
        "DEBUG": False,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_PROXY_SSL_HEADER": None,
        "SESSION_COOKIE_NAME": "__Host-aidial_session",
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_NAME": "__Host-aidial_csrftoken",
        "CSRF_COOKIE_SECURE": True,
    }


def test_production_trusts_the_proxy_scheme_header_only_when_told_to() -> None:
    environment = good_environment(AIDIAL_TRUST_X_FORWARDED_PROTO="1")

    values = read_settings(["SECURE_PROXY_SSL_HEADER"], settings=PROD, env=environment)

    assert values == {"SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"]}


def test_production_passes_the_deployment_checks() -> None:
    result = run_python(
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy'])",
        settings=PROD,
        env=good_environment(),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (2 silenced)."
