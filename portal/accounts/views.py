"""Sign-in, the OIDC callback, sign-out and the session list in Settings."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.access import roles
from portal.access.context import AccessContext, MembershipSnapshot, context_for, membership_for
from portal.access.middleware import AFTER_MFA_KEY
from portal.access.recent_auth import reauthenticate
from portal.access.request import access_context
from portal.accounts import oidc
from portal.accounts.authorization import (
    authorization_begin,
    authorization_take,
    provider_unavailable,
)
from portal.accounts.forms import SignInForm
from portal.accounts.models import PortalUser
from portal.accounts.profile import profile_for
from portal.accounts.redirects import safe_next
from portal.accounts.services import user_for_sign_in
from portal.accounts.sessions import (
    session_end_current,
    session_revoke,
    session_start,
    sessions_active,
    sessions_revoke_others,
)
from portal.api.forms import ApiKeyForm
from portal.api.pages import settings_keys_panel
from portal.audit.models import Action, Outcome
from portal.audit.services import audit_record, client_ip
from portal.core.ratelimit import rate_limit_hit
from portal.tenancy.models import Tenant

TEMPLATE = "accounts/login.html"
LANDING = "/dashboard"

#: What the person reads when the provider sends an error back (never the raw text).
IDP_ERRORS = {
    "access_denied": "Sign-in was cancelled or refused at the identity provider.",
    "login_required": "The identity provider needs you to sign in again.",
    "interaction_required": "The identity provider needs you to complete sign-in there.",
    "consent_required": "The identity provider needs your consent before you can continue.",
    "account_selection_required": "Choose an account at the identity provider to continue.",
    "temporarily_unavailable": (
        "The identity provider is temporarily unavailable — try again shortly."
    ),
    "server_error": "The identity provider is temporarily unavailable — try again shortly.",
}
UNKNOWN_IDP_ERROR = "Sign-in did not complete at the identity provider. Please try again."
EXPIRED = (
    "Your sign-in expired or was started in another window. Please enter your email to sign in "
    "again."
)
REFUSED = "Sign-in could not be verified. Please try again; if it keeps happening, contact support."
SIGNED_OUT = "You have signed out."
RATE_LIMITED = "Too many sign-in attempts from your network. Please wait a minute and try again."


def _login_form(
    request: HttpRequest, form: SignInForm, *, status: int = 200, **extra: Any
) -> HttpResponse:
    # A re-rendered form keeps the page first asked for, which it carries as a hidden field.
    wanted = request.POST.get("next") if request.method == "POST" else request.GET.get("next")
    context = {"form": form, "next": safe_next(wanted) or "", **extra}
    return render(request, TEMPLATE, context, status=status)


def _rate_limited(request: HttpRequest, what: str = "login") -> bool:
    return rate_limit_hit(
        bucket=f"{what}:{client_ip(request)}", limit=settings.AIDIAL_LOGIN_RATE_PER_MINUTE
    ).limited


def landing_for(context: AccessContext) -> str:
    return "/internal/tenants" if context.is_internal else LANDING


def _signed_in_user(request: HttpRequest) -> PortalUser:
    user = request.user
    if not isinstance(user, PortalUser):  # LoginRequiredMiddleware let an anonymous user by
        raise PermissionDenied
    return user


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
@cache_control(no_store=True)
def login(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        context = getattr(request, "access", None)
        landing = landing_for(context) if isinstance(context, AccessContext) else LANDING
        return HttpResponseRedirect(safe_next(request.GET.get("next")) or landing)
    if request.method != "POST":
        return _login_form(request, SignInForm(), signed_out="signed_out" in request.GET)
    if _rate_limited(request):
        return _login_form(request, SignInForm(request.POST), status=429, error=RATE_LIMITED)
    form = SignInForm(request.POST)
    if not form.is_valid():
        return _login_form(request, form, status=400)
    return authorization_begin(
        request,
        next_path=safe_next(request.POST.get("next")),
        login_hint=form.cleaned_data["email"],
    )


def _refused(request: HttpRequest, reason: str, message: str, **details: Any) -> HttpResponse:
    audit_record(
        action=Action.SIGN_IN,
        outcome=Outcome.FAILED,
        request=request,
        reason=reason,
        details=details,
    )
    messages.error(request, message)
    return redirect("accounts:login")


def _bootstrap_refusal(membership: MembershipSnapshot) -> str | None:
    """Why a person the provider vouched for gets no portal session, if they get none."""
    if not roles.is_recognised(membership.role):
        return "role_not_recognised"
    if membership.tenant_status != Tenant.Status.ACTIVE:
        return "tenant_not_active"
    return None


@login_not_required
@require_GET
@cache_control(no_store=True)
def callback(request: HttpRequest) -> HttpResponse:
    params = request.GET
    pending = authorization_take(request, params.get("state", ""))
    if pending is None:
        reason = "state_missing" if not params.get("state") else "state_mismatch"
        if _rate_limited(request, "callback"):
            # Callbacks nobody started, in a flood: refused alike, without an audit row each.
            messages.error(request, EXPIRED)
            return redirect("accounts:login")
        return _refused(request, reason, EXPIRED)
    try:
        # RFC 9207: a response naming another issuer is refused (mix-up attacks), and so is one
        # without "iss" from a provider that promises to send it.
        if "iss" in params:
            if params["iss"] != settings.AIDIAL_OIDC_ISSUER:
                return _refused(request, "iss_mismatch", REFUSED)
        elif oidc.issuer_parameter_required():
            return _refused(request, "iss_missing", REFUSED)
        if "error" in params:
            code = oidc.error_code(params.get("error"))
            message = IDP_ERRORS.get(code, UNKNOWN_IDP_ERROR)
            return _refused(request, f"idp_error:{code}", message)
        if not params.get("code"):
            return _refused(request, "code_missing", REFUSED)
        verified = oidc.complete(
            code=params["code"],
            code_verifier=pending["code_verifier"],
            nonce=pending["nonce"],
            max_age=pending.get("max_age"),
        )
    except oidc.ProviderUnavailable as error:
        return provider_unavailable(request, error.reason)
    except oidc.SignInRefused as error:
        return _refused(request, error.reason, REFUSED)

    user = user_for_sign_in(issuer=verified.issuer, claims=verified.claims)
    if user is None:
        audit_record(
            action=Action.SIGN_IN,
            outcome=Outcome.DENIED,
            request=request,
            reason="no_portal_account",
            details={"issuer": verified.issuer, "subject": str(verified.claims["sub"])},
        )
        return render(request, "access/denied.html", {"reason": "no_account"}, status=403)
    refusal = _bootstrap_refusal(membership_for(user.pk))
    if refusal is not None:
        # The person proved who they are, but the portal has nothing for them: no session.
        audit_record(
            action=Action.SIGN_IN,
            outcome=Outcome.DENIED,
            request=request,
            actor=user,
            reason=refusal,
        )
        return render(request, "access/denied.html", {"reason": refusal}, status=403)
    row = session_start(
        request=request,
        user=user,
        issuer=verified.issuer,
        claims=verified.claims,
        id_token=verified.id_token,
    )
    context = context_for(row)
    if context.mfa_mandatory:
        audit_record(
            action=Action.MFA_SATISFIED if not context.mfa_required else Action.MFA_REQUIRED,
            outcome=Outcome.SUCCEEDED if not context.mfa_required else Outcome.DENIED,
            request=request,
            actor=user,
        )
    return HttpResponseRedirect(pending["next"] or landing_for(context))


@require_http_methods(["GET", "HEAD", "POST"])
def logout(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "accounts/logout_confirm.html")
    id_token = session_end_current(request=request)
    target = oidc.end_session_url(id_token=id_token)
    return HttpResponseRedirect(target or "/login?" + urlencode({"signed_out": "1"}))


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    context = getattr(request, "access", None)
    if isinstance(context, AccessContext):
        return HttpResponseRedirect(landing_for(context))
    return HttpResponseRedirect("/login")


@login_not_required
@require_GET
def signed_out(request: HttpRequest) -> HttpResponse:
    """The post-logout redirect URI registered at the provider."""
    return HttpResponseRedirect("/login?" + urlencode({"signed_out": "1"}))


@require_GET
def settings_page(request: HttpRequest) -> HttpResponse:
    return settings_render(request)


def settings_render(
    request: HttpRequest, *, api_key_form: ApiKeyForm | None = None, status: int = 200
) -> HttpResponse:
    """Settings, also re-rendered with the errors of a refused API key form."""
    current = getattr(request, "portal_session", None)
    user = _signed_in_user(request)
    rows = list(sessions_active(user=user))
    context = access_context(request)
    return render(
        request,
        "accounts/settings.html",
        {
            "profile": profile_for(request=request, user=user, session=current),
            "sessions": rows,
            "current_id": current.pk if current else None,
            "mfa": context,
            "api_keys": settings_keys_panel(context, form=api_key_form),
        },
        status=status,
    )


MFA_ACTIONS = ("setup", "verify", "refresh")


@require_POST
def mfa_start(request: HttpRequest, action: str) -> HttpResponse:
    """Set up MFA, verify with MFA (step-up) or refresh the security status, at the provider.

    Each is a fresh sign-in there (``prompt=login``); set-up and verify also ask for the MFA
    acr and set-up adds the provider's setup parameters. The portal itself never touches a
    factor: there is no other way to change MFA state.
    """
    if action not in MFA_ACTIONS:
        raise Http404
    user = _signed_in_user(request)
    params: dict[str, str] = {"prompt": "login", "login_hint": user.email}
    if action in ("setup", "verify") and settings.AIDIAL_OIDC_MFA_ACR:
        params["acr_values"] = settings.AIDIAL_OIDC_MFA_ACR
    if action == "setup":
        params.update(settings.AIDIAL_OIDC_MFA_SETUP_PARAMS)
        audit_record(
            action=Action.MFA_SETUP_STARTED, outcome=Outcome.SUCCEEDED, request=request, actor=user
        )
    next_path = safe_next(request.session.get(AFTER_MFA_KEY)) or "/settings"
    return authorization_begin(request, next_path=next_path, **params)


@require_POST
def session_revoke_view(request: HttpRequest, session_id: int) -> HttpResponse:
    if not session_revoke(request=request, user=_signed_in_user(request), session_id=session_id):
        raise Http404
    messages.success(request, "That session has been signed out.")
    return redirect("accounts:settings")


@require_POST
def sessions_revoke_others_view(request: HttpRequest) -> HttpResponse:
    current = getattr(request, "portal_session", None)
    count = sessions_revoke_others(
        request=request,
        user=_signed_in_user(request),
        keep_id=current.pk if current else 0,
    )
    messages.success(request, f"Signed out {count} other session{'s' if count != 1 else ''}.")
    return redirect("accounts:settings")


@require_POST
def reauthenticate_view(request: HttpRequest) -> HttpResponse:
    """ "Confirm it's you" before a sensitive form, so nothing typed into it is lost."""
    return reauthenticate(request)
