"""The provider's sign-in pages: password, TOTP challenge, recovery code and TOTP enrolment."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.hashers import check_password, make_password
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .. import factors, flow, lockout
from ..flow import Pending
from ..models import Account

LOCKED = "Account temporarily locked. Too many failed attempts: wait a few minutes and try again."
WRONG_PASSWORD = "Incorrect email or password."  # noqa: S105 (a message)
WRONG_CODE = "That code is not valid. Check your authenticator app and try again."
WRONG_RECOVERY = "That recovery code is not valid or has already been used."
EXPIRED = "This sign-in request has expired. Go back to the application and sign in again."

# Compared against when the email is unknown, so both paths take the same time.
_DUMMY_HASH = make_password("not a real password")


class PasswordForm(forms.Form):
    email = forms.EmailField(max_length=254)
    password = forms.CharField(strip=False, max_length=1024, widget=forms.PasswordInput)


class CodeForm(forms.Form):
    code = forms.CharField(max_length=32)


def _expired(request: HttpRequest) -> HttpResponse:
    return render(request, "devidp/expired.html", {"message": EXPIRED}, status=400)


def _next_stage(request: HttpRequest, item: Pending, stage: str) -> HttpResponse:
    item.stage = stage
    flow.save(request, item)
    return HttpResponseRedirect(f"/signin/{stage}?" + urlencode({"tx": item.tx}))


def _done(request: HttpRequest, item: Pending, account: Account, amr: list[str]) -> HttpResponse:
    lockout.record_success(account)
    return HttpResponseRedirect(flow.complete(request, item, account, amr))


@never_cache
@require_http_methods(["GET", "POST"])
def password(request: HttpRequest) -> HttpResponse:
    item = flow.load(request, request.GET.get("tx", ""), "password")
    if item is None:
        return _expired(request)
    form = PasswordForm(request.POST or None, initial={"email": item.login_hint})
    error = ""
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        account = Account.objects.filter(email=email).first()
        if account is None:
            check_password(form.cleaned_data["password"], _DUMMY_HASH)
            error = WRONG_PASSWORD
        elif account.is_locked():
            error = LOCKED
        elif not account.check_password(form.cleaned_data["password"]):
            error = LOCKED if lockout.record_failure(account) else WRONG_PASSWORD
        else:
            item.account_id = account.pk
            if account.mfa_enrolled:
                return _next_stage(request, item, "mfa")
            if flow.mfa_wanted(item.params):
                return _next_stage(request, item, "enroll")
            return _done(request, item, account, ["pwd"])
    context = {"form": form, "error": error, "tx": item.tx}
    status = 400 if request.method == "POST" else 200
    return render(request, "devidp/password.html", context, status=status)


def _code_step(
    request: HttpRequest, *, stage: str, template: str, wrong: str, check: str
) -> HttpResponse:
    item = flow.load(request, request.GET.get("tx", ""), stage)
    account = item.account() if item else None
    if item is None or account is None:
        return _expired(request)
    form = CodeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if account.is_locked():
            error = LOCKED
        elif (
            factors.verify_totp(account, code)
            if check == "totp"
            else factors.use_recovery_code(account, code)
        ):
            return _done(request, item, account, ["pwd", "otp", "mfa"])
        else:
            error = LOCKED if lockout.record_failure(account) else wrong
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"form": form, "error": error, "tx": item.tx}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def mfa(request: HttpRequest) -> HttpResponse:
    return _code_step(
        request, stage="mfa", template="devidp/mfa.html", wrong=WRONG_CODE, check="totp"
    )


@never_cache
@require_http_methods(["GET", "POST"])
def recovery(request: HttpRequest) -> HttpResponse:
    tx = request.GET.get("tx", "")
    item = flow.load(request, tx, "mfa", "recovery")
    if item is not None and item.stage == "mfa":
        item.stage = "recovery"
        flow.save(request, item)
    return _code_step(
        request,
        stage="recovery",
        template="devidp/recovery.html",
        wrong=WRONG_RECOVERY,
        check="recovery",
    )


@never_cache
@require_http_methods(["GET", "POST"])
def enroll(request: HttpRequest) -> HttpResponse:
    item = flow.load(request, request.GET.get("tx", ""), "enroll")
    account = item.account() if item else None
    if item is None or account is None:
        return _expired(request)
    if account.mfa_enrolled:
        return _next_stage(request, item, "mfa")
    if not item.enroll_secret:
        item.enroll_secret = factors.new_totp_secret()
        flow.save(request, item)
    form = CodeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        if factors.totp_matches(item.enroll_secret, form.cleaned_data["code"]) is not None:
            codes = factors.enrol_totp(account, item.enroll_secret)
            item.enroll_secret = ""
            item.stage = "recovery-codes"
            flow.save(request, item)
            return render(request, "devidp/recovery_codes.html", {"codes": codes, "tx": item.tx})
        error = WRONG_CODE
    uri = factors.provisioning_uri(account, item.enroll_secret, "AiDial (local provider)")
    context = {
        "form": form,
        "error": error,
        "tx": item.tx,
        "secret": item.enroll_secret,
        "qr": factors.qr_svg_data_uri(uri),
        "email": account.email,
    }
    return render(
        request, "devidp/enroll.html", context, status=400 if request.method == "POST" else 200
    )


@never_cache
@require_http_methods(["POST"])
def enroll_done(request: HttpRequest) -> HttpResponse:
    item = flow.load(request, request.GET.get("tx", ""), "recovery-codes")
    account = item.account() if item else None
    if item is None or account is None:
        return _expired(request)
    return _done(request, item, account, ["pwd", "otp", "mfa"])


@require_GET
def forgot_password(request: HttpRequest) -> HttpResponse:
    return render(request, "devidp/forgot_password.html")


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    login = flow.current_login(request)
    return render(request, "devidp/home.html", {"login": login})
