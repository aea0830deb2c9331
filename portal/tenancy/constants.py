"""The roles each kind of tenant may give its members (spec section 4).

A membership stores its role as given; any value outside these tuples is an unrecognised
role, which the portal must cope with rather than refuse to load.
"""

from types import MappingProxyType

CLIENT_ROLES = ("client_admin", "client_manager", "client_staff")
PARTNER_ROLES = ("partner_admin", "partner_user")
INTERNAL_ROLES = ("aidial_admin", "aidial_operator")

#: Tenant kind (``Tenant.Kind`` value) → the roles a member of such a tenant may hold.
ROLES_BY_KIND = MappingProxyType(
    {
        "client": CLIENT_ROLES,
        "partner": PARTNER_ROLES,
        "internal": INTERNAL_ROLES,
    }
)
