"""How the settings read the environment, each case in a fresh process."""

import pytest

from portal.core.tests.processes import read_settings, run_python

NAMES = [
    "AIDIAL_BASE_URL",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECRET_KEY",
    "DEBUG",
    "AIDIAL_OIDC_ISSUER",
    "AIDIAL_OIDC_CLIENT_ID",
    "AIDIAL_OIDC_CLIENT_SECRET",
    "AIDIAL_OIDC_MFA_AMR",
    "AIDIAL_OIDC_MFA_ACR",
    "AIDIAL_OIDC_MFA_ENROLLED_CLAIM",
    "AIDIAL_OIDC_MFA_SETUP_PARAMS",
    "AIDIAL_SESSION_IDLE_SECONDS",
    "AIDIAL_SESSION_MAX_SECONDS",
    "SESSION_COOKIE_AGE",
    "SESSION_SAVE_EVERY_REQUEST",
    "SESSION_ENGINE",
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
]


def test_every_variable_has_a_working_local_default() -> None:
    values = read_settings([*NAMES, "DATABASES", "CACHES"])

    assert {name: values[name] for name in NAMES} == {
        "AIDIAL_BASE_URL": "http://127.0.0.1:8000",
        "ALLOWED_HOSTS": ["127.0.0.1", "localhost", "[::1]"],
        "CSRF_TRUSTED_ORIGINS": ["http://127.0.0.1:8000"],
        "SECRET_KEY": "django-insecure-aidial-development-only",
        "DEBUG": False,
        "AIDIAL_OIDC_ISSUER": "http://127.0.0.1:8001",
        "AIDIAL_OIDC_CLIENT_ID": "aidial-portal",
        "AIDIAL_OIDC_CLIENT_SECRET": "aidial-portal-dev-secret",
        "AIDIAL_OIDC_MFA_AMR": ["mfa", "otp", "hwk", "swk", "sms", "fpt", "face"],
        "AIDIAL_OIDC_MFA_ACR": "http://schemas.openid.net/pape/policies/2007/06/multi-factor",
        "AIDIAL_OIDC_MFA_ENROLLED_CLAIM": "mfa_enrolled",
        "AIDIAL_OIDC_MFA_SETUP_PARAMS": {"mfa_setup": "totp"},
        "AIDIAL_SESSION_IDLE_SECONDS": 1800,
        "AIDIAL_SESSION_MAX_SECONDS": 43200,
        "SESSION_COOKIE_AGE": 1800,
        "SESSION_SAVE_EVERY_REQUEST": True,
        "SESSION_ENGINE": "django.contrib.sessions.backends.db",
        "SESSION_COOKIE_NAME": "aidial_session",
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_NAME": "aidial_csrftoken",
        "CSRF_COOKIE_SECURE": False,
    }
    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"].endswith("/var/portal/portal.sqlite3")
    assert values["CACHES"]["default"]["BACKEND"] == (
        "django.core.cache.backends.locmem.LocMemCache"
    )


def test_the_mfa_amr_setting_is_a_tuple() -> None:
    result = run_python(
        "import django; django.setup(); from django.conf import settings; "
        "print(type(settings.AIDIAL_OIDC_MFA_AMR).__name__, settings.AIDIAL_OIDC_MFA_AMR)",
        env={"AIDIAL_OIDC_MFA_AMR": " otp, hwk ,,"},
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "tuple ('otp', 'hwk')"


def test_a_deployment_configures_every_variable() -> None:
    values = read_settings(
        [*NAMES, "DATABASES", "CACHES", "CONTENT_SECURITY_POLICY"],
        env={
            "AIDIAL_BASE_URL": "https://portal.aidial.example/",
            "AIDIAL_ALLOWED_HOSTS": "portal.internal, 10.0.0.5",
            "AIDIAL_SECRET_KEY": "a-secret-for-this-test-only",
            "AIDIAL_DEBUG": "true",
            "AIDIAL_OIDC_ISSUER": "https://id.aidial.example/realms/aidial/",
            "AIDIAL_OIDC_CLIENT_ID": "portal",
            "AIDIAL_OIDC_CLIENT_SECRET": "client-secret",
            "AIDIAL_OIDC_MFA_AMR": "otp,hwk",
            "AIDIAL_OIDC_MFA_ACR": "urn:example:mfa",
            "AIDIAL_OIDC_MFA_ENROLLED_CLAIM": "has_mfa",
            "AIDIAL_OIDC_MFA_SETUP_PARAMS": "kc_action=CONFIGURE_TOTP",
            "AIDIAL_SESSION_IDLE_SECONDS": "600",
            "AIDIAL_SESSION_MAX_SECONDS": "3600",
            "DATABASE_URL": "postgres://portal:pw@db.internal:5432/portal",
            "REDIS_URL": "redis://cache.internal:6379/2",
        },
    )

    assert {name: values[name] for name in NAMES} == {
        "AIDIAL_BASE_URL": "https://portal.aidial.example",
        "ALLOWED_HOSTS": ["portal.internal", "10.0.0.5", "portal.aidial.example"],
        "CSRF_TRUSTED_ORIGINS": ["https://portal.aidial.example"],
        "SECRET_KEY": "a-secret-for-this-test-only",
        "DEBUG": False,  # the test settings keep debug pages off whatever the environment says
        "AIDIAL_OIDC_ISSUER": "https://id.aidial.example/realms/aidial/",  # kept to the letter
        "AIDIAL_OIDC_CLIENT_ID": "portal",
        "AIDIAL_OIDC_CLIENT_SECRET": "client-secret",
        "AIDIAL_OIDC_MFA_AMR": ["otp", "hwk"],
        "AIDIAL_OIDC_MFA_ACR": "urn:example:mfa",
        "AIDIAL_OIDC_MFA_ENROLLED_CLAIM": "has_mfa",
        "AIDIAL_OIDC_MFA_SETUP_PARAMS": {"kc_action": "CONFIGURE_TOTP"},
        "AIDIAL_SESSION_IDLE_SECONDS": 600,
        "AIDIAL_SESSION_MAX_SECONDS": 3600,
        "SESSION_COOKIE_AGE": 600,
        "SESSION_SAVE_EVERY_REQUEST": True,
        "SESSION_ENGINE": "portal.core.session_store",
        "SESSION_COOKIE_NAME": "__Host-aidial_session",
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_NAME": "__Host-aidial_csrftoken",
        "CSRF_COOKIE_SECURE": True,
    }
    database = values["DATABASES"]["default"]
    assert {key: database[key] for key in ("ENGINE", "HOST", "PORT", "NAME", "USER")} == {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "db.internal",
        "PORT": 5432,
        "NAME": "portal",
        "USER": "portal",
    }
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True
    cache = values["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://cache.internal:6379/2"
    form_action = values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["form-action"]
    assert form_action == ["'self'"]  # the provider's origins are added per response


def test_the_development_settings_turn_debug_on_unless_told_otherwise() -> None:
    dev = "config.settings.dev"

    assert read_settings(["DEBUG"], settings=dev) == {"DEBUG": True}
    assert read_settings(["DEBUG"], settings=dev, env={"AIDIAL_DEBUG": "0"}) == {"DEBUG": False}


def test_the_base_settings_keep_debug_off_by_default() -> None:
    base = "config.settings.base"

    assert read_settings(["DEBUG"], settings=base) == {"DEBUG": False}
    assert read_settings(["DEBUG"], settings=base, env={"AIDIAL_DEBUG": "1"}) == {"DEBUG": True}


def test_an_ipv6_base_url_is_an_allowed_host() -> None:
    values = read_settings(["ALLOWED_HOSTS"], env={"AIDIAL_BASE_URL": "http://[fd00::1]:8000"})

    assert values["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost", "[::1]", "[fd00::1]"]


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("AIDIAL_SESSION_IDLE_SECONDS", "soon", "must be a whole number, not 'soon'."),
        ("AIDIAL_SESSION_MAX_SECONDS", "12.5", "must be a whole number, not '12.5'."),
        ("AIDIAL_SESSION_IDLE_SECONDS", "0", "must be at least 60, not 0."),
        ("AIDIAL_SESSION_IDLE_SECONDS", "90000", "must not exceed AIDIAL_SESSION_MAX_SECONDS."),
        ("AIDIAL_DEBUG", "maybe", "must be 1/true or 0/false, not 'maybe'."),
        ("AIDIAL_BASE_URL", "portal.example.com", "must be an absolute http:// or https:// URL."),
        ("AIDIAL_BASE_URL", "https://portal.example.com/app", "must be an origin such as"),
        ("AIDIAL_OIDC_ISSUER", "ftp://id.example.com", "must be an absolute http:// or https://"),
        ("AIDIAL_OIDC_MFA_SETUP_PARAMS", "kc_action", "must be a URL query string such as"),
        ("AIDIAL_LOG_FORMAT", "xml", "must be json or plain."),
    ],
)
def test_an_unusable_value_stops_start_up_naming_the_variable(
    variable: str, value: str, message: str
) -> None:
    result = run_python("import django; django.setup()", env={variable: value})

    assert result.returncode != 0
    assert f"django.core.exceptions.ImproperlyConfigured: {variable} {message}" in result.stderr


def test_a_bad_database_url_is_refused_without_echoing_it() -> None:
    result = run_python(
        "import django; django.setup()",
        env={"DATABASE_URL": "nonsense://admin:hunter2-secret@db.internal/portal"},
    )

    assert result.returncode != 0
    assert "DATABASE_URL is not a database URL Django can use." in result.stderr
    assert "hunter2-secret" not in result.stderr
