"""Every route of the portal, declared once (spec section 5).

The same declarations drive enforcement (a route nobody declared is unreachable), the
navigation, and the generated Roles & permissions page.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Surface(Enum):
    PUBLIC = "public"  # no sign-in: sign-in pages, help, health
    ANY = "any"  # every signed-in recognised role (Settings and its actions, sign-out)
    CUSTOMER = "customer"  # client and partner roles; internal roles are redirected away
    INTERNAL = "internal"  # AiDial staff only
    #: The integration API: never the session. Its own X-API-Key check (portal/api/auth.py)
    #: authenticates and scopes every call; the session policy does not apply.
    API = "api"


@dataclass(frozen=True)
class Route:
    #: The URL pattern's full name (``namespace:name``).
    name: str
    surface: Surface
    #: Capability needed to reach it; ``manage`` is the one that allows changes there.
    view: str | None = None
    manage: str | None = None
    #: Organisation feature switch that must be on for the user's tenant.
    feature: str | None = None
    #: Reachable while MFA is still required (Settings, sign-out, help).
    mfa_exempt: bool = False
    #: Where an internal role is sent instead (customer routes only).
    internal_redirect: str = "/internal/tenants"
    #: Shown in the navigation and on the Roles & permissions page under this label.
    section: str = ""
    path: str = ""


@dataclass(frozen=True)
class Section:
    label: str
    path: str
    view: str
    manage: str | None
    feature: str | None
    surface: Surface
    internal_redirect: str


_P, _A, _C, _I = Surface.PUBLIC, Surface.ANY, Surface.CUSTOMER, Surface.INTERNAL
_API = Surface.API

ROUTES: tuple[Route, ...] = (
    # Public.
    Route("core:healthz", _P),
    Route("core:readyz", _P),
    Route("accounts:home", _P),
    Route("accounts:login", _P),
    Route("accounts:callback", _P),
    Route("accounts:signed_out", _P),
    Route("access:help_sign_in", _P),
    Route("access:help_roles", _P),
    # Every signed-in role, MFA or not.
    Route("accounts:logout", _A, mfa_exempt=True),
    Route(
        "accounts:settings",
        _A,
        view="settings:view",
        mfa_exempt=True,
        section="Settings",
        path="/settings",
    ),
    Route("accounts:session_revoke", _A, view="settings:view", mfa_exempt=True),
    Route("accounts:sessions_revoke_others", _A, view="settings:view", mfa_exempt=True),
    Route("accounts:mfa_start", _A, view="settings:view", mfa_exempt=True),
    Route("accounts:reauthenticate", _A, view="settings:view", mfa_exempt=True),
    # API keys in Settings: the client admin's own organisation (internal roles are sent away).
    Route("integrations:settings_key_create", _C, view="api_keys:manage"),
    Route("integrations:settings_key_revoke", _C, view="api_keys:manage"),
    # Customer and partner sections.
    Route("dashboard:dashboard", _C, view="dashboard:view", section="Dashboard", path="/dashboard"),
    Route("calls:list", _C, view="calls:view", section="Calls", path="/calls"),
    Route("calls:detail", _C, view="calls:view"),
    Route("calls:export", _C, view="calls:view"),
    Route("support:support", _C, view="support:view", section="Support", path="/support"),
    Route("status:status", _C, view="status:view", section="Status", path="/status"),
    Route("billing:billing", _C, view="billing:view", section="Billing", path="/billing"),
    Route(
        "audit:audit_log",
        _C,
        view="audit:view",
        section="Audit Log",
        path="/audit-log",
        internal_redirect="/internal/audit-log",
    ),
    Route("audit:audit_export", _C, view="audit:view", internal_redirect="/internal/audit-log"),
    Route(
        "team:team",
        _C,
        view="team:view",
        manage="team:manage",
        feature="team",
        section="Team",
        path="/team",
    ),
    Route("team:invite", _C, view="team:view", manage="team:manage", feature="team"),
    Route("team:member_role", _C, view="team:view", manage="team:manage", feature="team"),
    Route("team:member_remove", _C, view="team:view", manage="team:manage", feature="team"),
    Route(
        "partner:clients",
        _C,
        view="partner:view",
        manage="partner:manage",
        feature="partner_workspace",
        section="Clients",
        path="/partner/clients",
    ),
    # Choosing the active client is looking, not managing: partner users may do it too.
    Route("partner:client_switch", _C, view="partner:view", feature="partner_workspace"),
    Route(
        "partner:projects",
        _C,
        view="partner:view",
        manage="partner:manage",
        feature="partner_workspace",
        section="Projects",
        path="/partner/projects",
    ),
    Route(
        "partner:integrations",
        _C,
        view="partner:view",
        manage="partner:manage",
        feature="partner_workspace",
        section="Integrations",
        path="/partner/integrations",
    ),
    Route(
        "integrations:partner_key_create",
        _C,
        view="partner:view",
        manage="partner:manage",
        feature="partner_workspace",
    ),
    Route(
        "integrations:partner_key_revoke",
        _C,
        view="partner:view",
        manage="partner:manage",
        feature="partner_workspace",
    ),
    Route(
        "integrations:partner_webhook_create",
        _C,
        view="partner:view",
        manage="partner:manage",
        feature="partner_workspace",
    ),
    Route(
        "integrations:partner_webhook_active",
        _C,
        view="partner:view",
        manage="partner:manage",
        feature="partner_workspace",
    ),
    Route(
        "partner:team",
        _C,
        view="partner:view",
        manage="partner:manage",
        feature="partner_workspace",
        section="Partner Team",
        path="/partner/team",
    ),
    Route(
        "partner:member_invite",
        _C,
        view="partner:view",
        manage="partner:manage",
        feature="partner_workspace",
    ),
    Route(
        "partner:member_role",
        _C,
        view="partner:view",
        manage="partner:manage",
        feature="partner_workspace",
    ),
    Route(
        "partner:member_remove",
        _C,
        view="partner:view",
        manage="partner:manage",
        feature="partner_workspace",
    ),
    # AiDial's internal surface.
    Route(
        "internal:tenants",
        _I,
        view="internal:view",
        manage="internal:manage",
        section="Tenants",
        path="/internal/tenants",
    ),
    Route("internal:tenant_detail", _I, view="internal:view", manage="internal:manage"),
    Route("internal:tenant_status", _I, view="internal:manage"),
    Route("internal:tenant_plan", _I, view="internal:manage"),
    Route(
        "internal:audit_log",
        _I,
        view="internal:view",
        manage="internal:manage",
        section="Audit Log",
        path="/internal/audit-log",
    ),
    Route("internal:audit_export", _I, view="internal:view"),
    Route("internal:status_page", _I, view="internal:view", manage="internal:manage"),
    # The integration API (spec section 8): X-API-Key only, see Surface.API.
    Route("api:openapi-json", _API),
    Route("api:api-root", _API),
    Route("api:projects_list", _API),
    Route("api:calls_list", _API),
    Route("api:calls_create", _API),
    Route("api:call_detail", _API),
    Route("api:not_found", _API),
)

ROUTES_BY_NAME: dict[str, Route] = {route.name: route for route in ROUTES}


def route_for(view_name: str | None) -> Route | None:
    return ROUTES_BY_NAME.get(view_name or "")


def sections() -> list[Section]:
    """The navigable sections, in the order the navigation shows them."""
    return [
        Section(
            r.section, r.path, r.view or "", r.manage, r.feature, r.surface, r.internal_redirect
        )
        for r in ROUTES
        if r.section and r.view
    ]
