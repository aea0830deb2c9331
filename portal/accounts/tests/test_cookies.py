import json

import pytest
from django.test import Client

from portal.core.tests.processes import run_python


def test_the_csrf_cookie_has_the_portal_name_and_flags(client: Client) -> None:
    response = client.get("/login")

    cookie = response.cookies["aidial_csrftoken"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["secure"] == ""
    assert cookie["path"] == "/"
    assert cookie["domain"] == ""
    assert "csrftoken" not in response.cookies
    assert "devidp_csrftoken" not in response.cookies


@pytest.mark.django_db
def test_the_session_cookie_is_renewed_for_the_idle_time_on_every_request(client: Client) -> None:
    session = client.session
    session["seen"] = True
    session.save()

    response = client.get("/login")

    cookie = response.cookies["aidial_session"]
    assert cookie.value == session.session_key
    assert cookie["max-age"] == 1800
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["secure"] == ""
    assert cookie["path"] == "/"
    assert cookie["domain"] == ""
    assert "sessionid" not in response.cookies
    assert "devidp_session" not in response.cookies


HTTPS_COOKIES = """
import json
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
response = Client().get("/login", secure=True, headers={"host": "portal.aidial.example"})
cookies = {
    name: {"secure": morsel["secure"], "httponly": morsel["httponly"], "path": morsel["path"],
           "domain": morsel["domain"], "samesite": morsel["samesite"]}
    for name, morsel in response.cookies.items()
}
from django.conf import settings
print(json.dumps({"status": response.status_code, "cookies": cookies,
                  "session": [settings.SESSION_COOKIE_NAME, settings.SESSION_COOKIE_SECURE]}))
"""


def test_over_https_the_cookies_are_secure_and_host_prefixed() -> None:
    result = run_python(HTTPS_COOKIES, env={"AIDIAL_BASE_URL": "https://portal.aidial.example"})

    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout)
    assert outcome == {
        "status": 200,
        "cookies": {
            "__Host-aidial_csrftoken": {
                "secure": True,
                "httponly": True,
                "path": "/",
                "domain": "",
                "samesite": "Lax",
            }
        },
        "session": ["__Host-aidial_session", True],
    }
