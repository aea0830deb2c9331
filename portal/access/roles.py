"""The one table of roles and what each may do (spec sections 4 and 5).

Views, templates and the navigation ask ``context.can("billing:view")``; no other code
compares role names.
"""

from __future__ import annotations

from types import MappingProxyType

_CUSTOMER = frozenset(
    {"dashboard:view", "calls:view", "support:view", "status:view", "settings:view"}
)

CAPABILITIES: MappingProxyType[str, frozenset[str]] = MappingProxyType(
    {
        "client_admin": _CUSTOMER
        # api_keys:manage is the own organisation's keys, in Settings; a partner admin manages
        # its clients' keys in Integrations, under partner:manage.
        | {"billing:view", "audit:view", "team:view", "team:manage", "api_keys:manage"},
        "client_manager": _CUSTOMER | {"billing:view", "audit:view", "team:view"},
        "client_staff": _CUSTOMER,
        "partner_admin": _CUSTOMER | {"billing:view", "partner:view", "partner:manage"},
        "partner_user": _CUSTOMER | {"partner:view"},
        "aidial_admin": frozenset({"settings:view", "internal:view", "internal:manage"}),
        "aidial_operator": frozenset({"settings:view", "internal:view"}),
    }
)

#: Roles that get no normal access before MFA is enrolled and satisfied in this session.
MANDATORY_MFA_ROLES = frozenset({"partner_admin", "aidial_admin", "aidial_operator"})
#: AiDial's own staff: they work in the internal surface, never in customer routes.
INTERNAL_ROLES = frozenset({"aidial_admin", "aidial_operator"})

ROLE_LABELS: MappingProxyType[str, str] = MappingProxyType(
    {
        "client_admin": "Client admin",
        "client_manager": "Client manager",
        "client_staff": "Client staff",
        "partner_admin": "Partner admin",
        "partner_user": "Partner user",
        "aidial_admin": "AiDial admin",
        "aidial_operator": "AiDial operator",
    }
)


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, f"Unrecognised role ({role})")


def is_recognised(role: str | None) -> bool:
    return role in CAPABILITIES


def capabilities(role: str | None) -> frozenset[str]:
    return CAPABILITIES.get(role or "", frozenset())
