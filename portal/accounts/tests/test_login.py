from typing import Any

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

EMAIL_INPUT = (
    '<input type="email" name="email" autocomplete="username" spellcheck="false"'
    ' maxlength="254" required id="id_email">'
)


@pytest.mark.django_db
def test_the_sign_in_page_asks_only_for_an_email(
    client: Client, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(0):
        response = client.get("/login")

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assertContains(response, "<title>Sign in · AiDial portal</title>", html=True)
    assertContains(response, EMAIL_INPUT, html=True, count=1)
    assertContains(response, '<label for="id_email">Email address</label>', html=True)
    assertContains(
        response,
        '<button type="submit" class="button button--primary">Continue</button>',
        html=True,
    )
    assertContains(response, 'name="csrfmiddlewaretoken"', count=1)
    assertContains(response, '<form method="post" action="/login" class="form">')
    content = response.content.decode()
    assert content.count("<input") == 2  # the CSRF token and the email
    assertNotContains(response, 'type="password"')
    assertNotContains(response, 'autocomplete="one-time-code"')


def test_the_sign_in_page_explains_what_to_do_without_an_authenticator(client: Client) -> None:
    response = client.get("/login")

    assertContains(response, "Lost access to your authenticator?")
    assertContains(response, "use one of your recovery codes there")
    assertContains(response, "contact your organisation administrator")
    assertContains(
        response,
        '<a href="mailto:help@aidial.com.au">help@aidial.com.au</a>',
        html=True,
        count=2,  # in the help text and in the footer
    )


def test_the_sign_in_page_is_accessible_by_structure(client: Client) -> None:
    content = client.get("/login").content.decode()

    assert '<html lang="en-au">' in content
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in content
    assert '<main id="main"' in content
    assert "<header" in content
    assert "<footer" in content
    assert content.count("<h1") == 1
    assert " style=" not in content
    assert "<script" not in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "error"),
    [
        ("not-an-email", "Enter a valid email address."),
        ("someone@", "Enter a valid email address."),
        ("", "This field is required."),
        ("a" * 250 + "@example.com", "Ensure this value has at most 254 characters"),
    ],
)
def test_an_invalid_email_is_refused_on_the_page(
    client: Client, django_assert_num_queries: Any, email: str, error: str
) -> None:
    with django_assert_num_queries(0):
        response = client.post("/login", {"email": email})

    assert response.status_code == 400
    assert "Location" not in response
    assertContains(response, error, status_code=400)
    assertContains(response, "<title>Error: Sign in · AiDial portal</title>", status_code=400)
    assertContains(response, 'aria-invalid="true"', count=1, status_code=400)
    assertContains(response, 'aria-describedby="id_email_error"', count=1, status_code=400)
    assertContains(response, 'id="id_email_error"', count=1, status_code=400)
    assertNotContains(response, "Sign-in is not configured yet", status_code=400)


def test_the_refused_email_is_shown_again_escaped(client: Client) -> None:
    response = client.post("/login", {"email": '"><b>x'})

    assert response.status_code == 400
    assertContains(response, 'value="&quot;&gt;&lt;b&gt;x"', status_code=400)
    assertNotContains(response, "<b>x", status_code=400)


@pytest.mark.django_db
def test_signing_in_requires_the_csrf_token(forge_op: Any) -> None:
    client = Client(enforce_csrf_checks=True)

    refused = client.post("/login", {"email": "someone@example.com"})
    token = client.get("/login").context["csrf_token"]
    accepted = client.post("/login", {"email": "someone@example.com", "csrfmiddlewaretoken": token})

    assert refused.status_code == 403
    assert accepted.status_code == 302
    assert accepted["Location"].startswith(forge_op.issuer + "/authorize?")


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_the_sign_in_page_refuses_other_methods(client: Client, method: str) -> None:
    assert getattr(client, method)("/login").status_code == 405
