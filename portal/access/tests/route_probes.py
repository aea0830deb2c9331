"""How the access matrix exercises the routes that are not section pages of the spec table.

Each action belongs to a section of the specification's table (spec_table.TABLE) and takes
its reach from that row: a role that may only view the section ("ro") is refused an action
that changes something, exactly like a role outside the section. What the route does for a
role that is let through is given here, as the request the matrix sends and the outcome it
expects, so that a refusal (403, 404, a redirect to Settings) can never pass for access.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .spec_table import TO_TENANTS, _row

#: The provider's authorization endpoint: the first hop of a recent-sign-in round trip.
AUTHORIZE = "provider:/authorize"
#: The provider's end-session endpoint (RP-Initiated Logout).
END_SESSION = "provider:/logout"


@dataclass(frozen=True)
class Probe:
    method: str
    #: The URL, with ``{name}`` placeholders filled from the test world's ids.
    path: str
    #: The spec table's row the route belongs to.
    section: str
    #: It changes something: refused to a role that only views the section.
    manage: bool
    #: (status, Location) for a role the route lets through; the session was signed in an
    #: hour ago, so an action that needs a recent sign-in goes to the provider first.
    allowed: tuple[int, str]
    #: The form fields sent.
    data: dict[str, str] = field(default_factory=dict)


#: Rows for actions the section table does not have, from spec section 8: API keys are
#: created (and revoked) by ``client_admin`` in Settings and by ``partner_admin`` in
#: Integrations (the Integrations row is the table's own).
ACTION_ROWS: dict[str, tuple[str | None, dict[str, str]]] = {
    "settings API keys": (
        None,
        _row("ok", "404", "404", "404", "404", TO_TENANTS, TO_TENANTS),
    ),
}


#: The section pages of the spec table, by route name (the matrix requests them with GET).
SECTION_ROUTES: dict[str, str] = {
    "dashboard:dashboard": "/dashboard",
    "calls:list": "/calls",
    "calls:detail": "/calls/<id>",
    "support:support": "/support",
    "status:status": "/status",
    "accounts:settings": "/settings",
    "billing:billing": "/billing",
    "audit:audit_log": "/audit-log",
    "team:team": "/team",
    "partner:clients": "/partner/clients",
    "partner:projects": "/partner/projects",
    "partner:integrations": "/partner/integrations",
    "partner:team": "/partner/team",
    "internal:tenants": "/internal/tenants",
    "internal:tenant_detail": "/internal/tenants/<id>",
    "internal:audit_log": "/internal/audit-log",
}

#: Every other signed-in route, by route name (a suffix in parentheses names a second probe).
PROBES: dict[str, Probe] = {
    "accounts:session_revoke": Probe(
        "POST", "/settings/sessions/{other_session}/revoke", "/settings", False, (302, "/settings")
    ),
    "accounts:sessions_revoke_others": Probe(
        "POST", "/settings/sessions/revoke-others", "/settings", False, (302, "/settings")
    ),
    "accounts:mfa_start": Probe(
        "POST", "/settings/mfa/verify", "/settings", False, (302, AUTHORIZE)
    ),
    "accounts:reauthenticate": Probe(
        "POST", "/settings/reauthenticate", "/settings", False, (302, AUTHORIZE)
    ),
    "integrations:settings_key_create": Probe(
        "POST", "/settings/api-keys", "settings API keys", False, (302, AUTHORIZE)
    ),
    "integrations:settings_key_revoke": Probe(
        "POST",
        "/settings/api-keys/{client_key}/revoke",
        "settings API keys",
        False,
        (302, "/settings#api-keys"),
    ),
    "integrations:partner_key_create": Probe(
        "POST",
        "/partner/integrations/clients/{client}/api-keys",
        "/partner/integrations",
        True,
        (302, AUTHORIZE),
    ),
    "integrations:partner_key_revoke": Probe(
        "POST",
        "/partner/integrations/api-keys/{client_key}/revoke",
        "/partner/integrations",
        True,
        (302, "/partner/integrations#client-{client}"),
    ),
    "integrations:partner_webhook_create": Probe(
        "POST",
        "/partner/integrations/clients/{client}/webhooks",
        "/partner/integrations",
        True,
        (400, ""),
    ),
    "integrations:partner_webhook_active": Probe(
        "POST",
        "/partner/integrations/webhooks/{client_webhook}/active",
        "/partner/integrations",
        True,
        (302, "/partner/integrations#client-{client}"),
        data={"active": "off"},
    ),
    "calls:export": Probe("GET", "/calls/export.csv", "/calls", False, (200, "")),
    "audit:audit_export": Probe("GET", "/audit-log/export.csv", "/audit-log", False, (200, "")),
    "internal:audit_export": Probe(
        "GET", "/internal/audit-log/export.csv", "/internal/audit-log", False, (200, "")
    ),
    "partner:client_switch": Probe(
        "POST", "/partner/clients/active", "/partner/clients", False, (302, "/partner/clients")
    ),
    "internal:tenant_plan": Probe(
        "POST", "/internal/tenants/{client}/plan", "/internal/tenants/<id>", True, (302, AUTHORIZE)
    ),
    "team:invite": Probe("POST", "/team/invite", "/team", True, (302, AUTHORIZE)),
    "team:member_role": Probe(
        "POST", "/team/members/{client_member}/role", "/team", True, (302, AUTHORIZE)
    ),
    "team:member_remove": Probe(
        "POST", "/team/members/{client_member}/remove", "/team", True, (302, AUTHORIZE)
    ),
    "partner:member_invite": Probe(
        "POST", "/partner/team/invite", "/partner/team", True, (302, AUTHORIZE)
    ),
    "partner:member_role": Probe(
        "POST",
        "/partner/team/members/{partner_member}/role",
        "/partner/team",
        True,
        (302, AUTHORIZE),
    ),
    "partner:member_remove": Probe(
        "POST",
        "/partner/team/members/{partner_member}/remove",
        "/partner/team",
        True,
        (302, AUTHORIZE),
    ),
    "internal:tenant_status": Probe(
        "POST",
        "/internal/tenants/{client}/status",
        "/internal/tenants/<id>",
        True,
        (302, AUTHORIZE),
    ),
    "internal:status_page": Probe("GET", "/internal/status", "/internal/tenants", False, (200, "")),
    "internal:status_page (change)": Probe(
        "POST", "/internal/status", "/internal/tenants", True, (400, "")
    ),
}

#: Sign-out: every signed-in person may sign out, whatever their role, organisation or MFA.
SIGN_OUT = Probe("POST", "/logout", "", False, (302, END_SESSION))
