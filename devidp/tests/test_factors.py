"""Lockout, recovery codes and TOTP enrolment at the provider."""

from __future__ import annotations

import re
import time
from typing import Any

import pyotp
import requests
from django.conf import settings

from devidp.models import Account, RecoveryCode

from .conftest import PASSWORD, TOTP_SECRET
from .relying_party import Browser, Provider, location, query, totp_now


def _password_page(provider: Provider, browser: Browser) -> requests.Response:
    return browser.follow(browser.get(provider.authorization().url))


def test_five_wrong_passwords_lock_the_account_for_five_minutes(
    provider: Provider, account: Account
) -> None:
    browser = Browser()
    page = _password_page(provider, browser)
    for _ in range(4):
        wrong = browser.submit(page, email=account.email, password="wrong")
        assert "Incorrect email or password." in wrong.text
    fifth = browser.submit(page, email=account.email, password="wrong")
    assert fifth.status_code == 400
    assert "Account temporarily locked" in fifth.text

    account.refresh_from_db()
    assert 295 <= account.locked_until - time.time() <= settings.DEVIDP_LOCKOUT_SECONDS
    right_but_locked = browser.submit(page, email=account.email, password=PASSWORD)
    assert right_but_locked.status_code == 400
    assert "Account temporarily locked" in right_but_locked.text

    # Five minutes later (the lock's end moved into the past), the password works again.
    Account.objects.filter(pk=account.pk).update(locked_until=time.time() - 1)
    after = browser.follow(browser.submit(page, email=account.email, password=PASSWORD))
    assert after.status_code == 302
    assert "code" in query(location(after))
    account.refresh_from_db()
    assert account.failed_attempts == 0


def test_wrong_totp_codes_also_lock(provider: Provider, totp_account: Account) -> None:
    browser = Browser()
    page = _password_page(provider, browser)
    challenge = browser.follow(browser.submit(page, email=totp_account.email, password=PASSWORD))
    for _ in range(4):
        browser.submit(challenge, code="000000")
    locked = browser.submit(challenge, code="000000")
    assert "Account temporarily locked" in locked.text
    refused = browser.submit(challenge, code=totp_now(TOTP_SECRET))
    assert "Account temporarily locked" in refused.text


def _recovery_page(provider: Provider, browser: Browser, account: Account) -> requests.Response:
    page = _password_page(provider, browser)
    challenge = browser.follow(browser.submit(page, email=account.email, password=PASSWORD))
    link = re.search(r'href="(/signin/recovery\?tx=[^"]+)"', challenge.text)
    assert link
    return browser.get(provider.issuer + link.group(1))


def test_each_recovery_code_works_once(provider: Provider, totp_account: Account) -> None:
    from devidp import factors

    codes = factors.issue_recovery_codes(totp_account)
    assert len(codes) == 10
    assert RecoveryCode.objects.filter(account=totp_account).count() == 10
    assert not RecoveryCode.objects.filter(code_hash__in=codes).exists()

    browser = Browser()
    page = _recovery_page(provider, browser, totp_account)
    assert "Enter a recovery code" in page.text
    assert "help@aidial.com.au" in page.text
    done = browser.follow(browser.submit(page, code=codes[0].lower()))
    assert done.status_code == 302
    callback = location(done)
    assert "code" in query(callback)

    again = Browser()
    page = _recovery_page(provider, again, totp_account)
    reused = again.submit(page, code=codes[0])
    assert reused.status_code == 400
    assert "not valid or has already been used" in reused.text
    assert RecoveryCode.objects.filter(account=totp_account, used_at__isnull=False).count() == 1


def test_recovery_code_sign_in_reports_mfa(provider: Provider, totp_account: Account) -> None:
    from devidp import factors

    codes = factors.issue_recovery_codes(totp_account)
    browser = Browser()
    auth = provider.authorization()
    page = browser.follow(browser.get(auth.url))
    challenge = browser.follow(browser.submit(page, email=totp_account.email, password=PASSWORD))
    link = re.search(r'href="(/signin/recovery\?tx=[^"]+)"', challenge.text)
    assert link
    recovery = browser.get(provider.issuer + link.group(1))
    done = browser.follow(browser.submit(recovery, code=codes[3]))
    claims = provider.verify_id_token(provider.token(location(done), auth), auth.nonce)
    assert claims["amr"] == ["pwd", "otp", "mfa"]


def _enrol(provider: Provider, account: Account, **params: str) -> tuple[Any, str, Browser, Any]:
    browser = Browser()
    auth = provider.authorization(**params)
    page = browser.follow(browser.get(auth.url))
    setup = browser.follow(browser.submit(page, email=account.email, password=PASSWORD))
    assert setup.status_code == 200, setup.text
    assert "Set up multi-factor authentication" in setup.text
    assert 'src="data:image/svg+xml' in setup.text
    secret = re.search(r'<code class="secret" id="totp-secret">([A-Z2-7]+)</code>', setup.text)
    assert secret
    return auth, secret.group(1), browser, setup


def test_mfa_acr_request_walks_an_unenrolled_account_through_totp_setup(
    provider: Provider, account: Account
) -> None:
    auth, secret, browser, setup = _enrol(provider, account, acr_values=settings.DEVIDP_ACR_MFA)
    wrong = browser.submit(setup, code="000000")
    assert wrong.status_code == 400
    assert "That code is not valid" in wrong.text

    shown = browser.submit(setup, code=pyotp.TOTP(secret).now())
    assert shown.status_code == 200
    codes = re.findall(r"<li><code>([A-Z0-9-]+)</code></li>", shown.text)
    assert len(codes) == 10
    account.refresh_from_db()
    assert account.totp_secret == secret

    done = browser.follow(browser.submit(shown))
    claims = provider.verify_id_token(provider.token(location(done), auth), auth.nonce)
    assert claims["amr"] == ["pwd", "otp", "mfa"]
    assert claims["acr"] == settings.DEVIDP_ACR_MFA
    assert claims["mfa_enrolled"] is True


def test_the_setup_parameter_also_starts_enrolment(provider: Provider, account: Account) -> None:
    name, _, value = settings.DEVIDP_MFA_SETUP_PARAM.partition("=")
    _enrol(provider, account, **{name: value})


def test_mfa_request_after_a_password_only_session_asks_for_the_code(
    provider: Provider, totp_account: Account
) -> None:
    browser = Browser()
    # A single sign-on session from before the account had MFA.
    secret = totp_account.totp_secret
    Account.objects.filter(pk=totp_account.pk).update(totp_secret="")
    provider.sign_in(browser, totp_account.email, PASSWORD)
    Account.objects.filter(pk=totp_account.pk).update(totp_secret=secret)

    step_up = provider.authorization(acr_values=settings.DEVIDP_ACR_MFA)
    page = browser.follow(browser.get(step_up.url))
    assert page.status_code == 200
    assert "Enter your verification code" in page.text


def test_forgot_password_page_explains_the_administrator_reset(provider: Provider) -> None:
    page = Browser().get(provider.issuer + "/forgot-password")
    assert page.status_code == 200
    assert "An administrator resets passwords" in page.text
    assert "set-password" in page.text
