"""The role x section table of the specification (section 5), transcribed as data.

The tests compare the portal against this table, never against the portal's own policy.
"ok" and "ro" (read-only) are both a 200; "404" the generic not-found page; a path is the
302 target for an internal role.
"""

from __future__ import annotations

ROLES = (
    "client_admin",
    "client_manager",
    "client_staff",
    "partner_admin",
    "partner_user",
    "aidial_admin",
    "aidial_operator",
)
MANDATORY_MFA = frozenset({"partner_admin", "aidial_admin", "aidial_operator"})
TO_TENANTS = "/internal/tenants"
TO_AUDIT = "/internal/audit-log"


def _row(*cells: str) -> dict[str, str]:
    return dict(zip(ROLES, cells, strict=True))


#: section path -> (feature needed or None, {role: cell})
TABLE: dict[str, tuple[str | None, dict[str, str]]] = {
    "/dashboard": (None, _row("ok", "ok", "ok", "ok", "ok", TO_TENANTS, TO_TENANTS)),
    "/calls": (None, _row("ok", "ok", "ok", "ok", "ok", TO_TENANTS, TO_TENANTS)),
    "/calls/<id>": (None, _row("ok", "ok", "ok", "ok", "ok", TO_TENANTS, TO_TENANTS)),
    "/support": (None, _row("ok", "ok", "ok", "ok", "ok", TO_TENANTS, TO_TENANTS)),
    "/status": (None, _row("ok", "ok", "ok", "ok", "ok", TO_TENANTS, TO_TENANTS)),
    "/settings": (None, _row("ok", "ok", "ok", "ok", "ok", "ok", "ok")),
    "/billing": (None, _row("ok", "ok", "404", "ok", "404", TO_TENANTS, TO_TENANTS)),
    "/audit-log": (None, _row("ok", "ok", "404", "404", "404", TO_AUDIT, TO_AUDIT)),
    "/team": ("team", _row("ok", "ro", "404", "404", "404", TO_TENANTS, TO_TENANTS)),
    "/partner/clients": (
        "partner_workspace",
        _row("404", "404", "404", "ok", "ro", TO_TENANTS, TO_TENANTS),
    ),
    "/partner/projects": (
        "partner_workspace",
        _row("404", "404", "404", "ok", "ro", TO_TENANTS, TO_TENANTS),
    ),
    "/partner/integrations": (
        "partner_workspace",
        _row("404", "404", "404", "ok", "ro", TO_TENANTS, TO_TENANTS),
    ),
    "/partner/team": (
        "partner_workspace",
        _row("404", "404", "404", "ok", "ro", TO_TENANTS, TO_TENANTS),
    ),
    "/internal/tenants": (None, _row("404", "404", "404", "404", "404", "ok", "ro")),
    "/internal/tenants/<id>": (None, _row("404", "404", "404", "404", "404", "ok", "ro")),
    "/internal/audit-log": (None, _row("404", "404", "404", "404", "404", "ok", "ro")),
}
