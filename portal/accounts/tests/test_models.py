import pytest
from django.db import IntegrityError, transaction

from portal.accounts.models import OidcIdentity, PortalUser

pytestmark = pytest.mark.django_db


def test_a_new_user_has_a_lower_cased_email_and_no_usable_password() -> None:
    user = PortalUser.objects.create_user(" Someone@Example.COM ", name="Someone")

    user.refresh_from_db()
    assert user.email == "someone@example.com"
    assert user.name == "Someone"
    assert user.is_active is True
    assert user.created_at is not None
    assert user.has_usable_password() is False
    assert user.check_password("") is False


def test_users_are_found_by_email_whatever_its_case() -> None:
    user = PortalUser.objects.create_user("someone@example.com")

    assert PortalUser.objects.get_by_natural_key("SomeOne@example.com") == user


def test_an_email_differing_only_in_case_is_the_same_email() -> None:
    PortalUser.objects.create_user("someone@example.com")

    with pytest.raises(IntegrityError), transaction.atomic():
        PortalUser.objects.create_user("SOMEONE@example.com")


def test_the_database_refuses_an_email_with_capitals() -> None:
    user = PortalUser.objects.create_user("someone@example.com")

    with pytest.raises(IntegrityError), transaction.atomic():
        PortalUser.objects.filter(pk=user.pk).update(email="Someone@example.com")


def test_an_identity_is_unique_per_issuer_and_subject() -> None:
    user = PortalUser.objects.create_user("someone@example.com")
    other = PortalUser.objects.create_user("other@example.com")
    OidcIdentity.objects.create(user=user, issuer="https://id.example", subject="abc")
    OidcIdentity.objects.create(user=other, issuer="https://id2.example", subject="abc")

    with pytest.raises(IntegrityError), transaction.atomic():
        OidcIdentity.objects.create(user=other, issuer="https://id.example", subject="abc")

    assert list(user.identities.values_list("issuer", "subject")) == [("https://id.example", "abc")]
