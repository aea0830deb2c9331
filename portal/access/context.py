"""The per-request access context: who is asking, in which organisation, with what scope.

Built once per request, before the view, from the portal session (MFA state, sign-in time)
and the user's membership (role, tenant, scope). The membership part is cached per user and
dropped the moment a tenant, a membership or a scope changes (see ``invalidation``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet, Value
from django.utils import timezone

from portal.access import roles
from portal.accounts.models import PortalSession
from portal.tenancy.models import Membership, Tenant

CACHE_SECONDS = 300
RECENT_AUTH = dt.timedelta(minutes=10)
#: The Django session key holding the client a partner user chose to work on.
ACTIVE_CLIENT_KEY = "active_client_id"
#: The feature whose Clients page chooses the active client.
CLIENT_SWITCH_FEATURE = "partner_workspace"


def cache_key(user_id: int) -> str:
    return f"access:user:{user_id}"


@dataclass(frozen=True)
class MembershipSnapshot:
    """What the membership says, in a form that can be cached."""

    role: str | None
    tenant_id: int | None
    tenant_slug: str
    tenant_name: str
    tenant_kind: str
    tenant_status: str
    plan: str
    features: frozenset[str]
    #: Client tenants whose data the user may see (a client's own tenant, or a partner's
    #: active clients in scope).
    client_ids: frozenset[int]
    #: ``None``: every project of those clients.
    project_ids: frozenset[int] | None
    #: The names of ``client_ids``, for the active-client indicator.
    client_names: tuple[tuple[int, str], ...] = ()


_NO_MEMBERSHIP = MembershipSnapshot(None, None, "", "", "", "", "", frozenset(), frozenset(), None)


def _load_membership(user_id: int) -> MembershipSnapshot:
    """The membership and its tenant in one query, and its scope, when narrowed, in one more."""
    membership = (
        Membership.objects.select_related("tenant")
        .filter(user_id=user_id, user__is_active=True)
        .first()
    )
    if membership is None:
        return _NO_MEMBERSHIP
    tenant = membership.tenant
    client_ids, project_ids, client_names = _scope(membership)
    return MembershipSnapshot(
        role=membership.role,
        tenant_id=tenant.pk,
        tenant_slug=tenant.slug,
        tenant_name=tenant.name,
        tenant_kind=tenant.kind,
        tenant_status=tenant.status,
        plan=tenant.plan,
        features=frozenset(tenant.features or ()),
        client_ids=client_ids,
        project_ids=project_ids,
        client_names=client_names,
    )


def _scope(
    membership: Membership,
) -> tuple[frozenset[int], frozenset[int] | None, tuple[tuple[int, str], ...]]:
    """The client ids, project ids and client names in scope; a partner's clients and a
    project list are read together, as one query (a union), so a context costs at most three
    queries to build."""
    tenant = membership.tenant
    parts: list[QuerySet[Any, tuple[int, str, str]]] = []
    if tenant.kind == Tenant.Kind.PARTNER:
        clients = Tenant.objects.filter(
            partner=tenant, kind=Tenant.Kind.CLIENT, status=Tenant.Status.ACTIVE
        )
        if not membership.all_clients:
            clients = clients.filter(pk__in=membership.clients.values("pk"))
        parts.append(
            clients.annotate(of=Value("client")).values_list("pk", "of", "name").order_by()
        )
    if not membership.all_projects:
        projects = membership.projects.annotate(of=Value("project"))
        parts.append(projects.values_list("pk", "of", "name").order_by())
    rows = list(parts[0].union(*parts[1:], all=True)) if parts else []
    if tenant.kind == Tenant.Kind.CLIENT:
        client_names: tuple[tuple[int, str], ...] = ((tenant.pk, tenant.name),)
    else:
        client_names = tuple(
            sorted(((pk, name) for pk, of, name in rows if of == "client"), key=lambda c: c[1])
        )
    client_ids = frozenset(pk for pk, _ in client_names)
    project_ids = (
        None if membership.all_projects else frozenset(pk for pk, of, _ in rows if of == "project")
    )
    return client_ids, project_ids, client_names


def membership_for(user_id: int) -> MembershipSnapshot:
    """The user's membership, from the cache when it is there (errors propagate: fail closed)."""
    key = cache_key(user_id)
    cached: MembershipSnapshot | None = cache.get(key)
    if cached is None:
        cached = _load_membership(user_id)
        cache.set(key, cached, CACHE_SECONDS)
    return cached


def mfa_satisfied(session: PortalSession) -> bool:
    """This session's authentication carried MFA: an MFA ``amr`` value or the MFA ``acr``."""
    if set(session.amr or ()) & set(settings.AIDIAL_OIDC_MFA_AMR):
        return True
    acr = settings.AIDIAL_OIDC_MFA_ACR
    return bool(acr) and session.acr == acr


@dataclass(frozen=True)
class AccessContext:
    user_id: int
    session_id: int
    membership: MembershipSnapshot
    mfa_enrolled: bool
    mfa_satisfied: bool
    auth_time: dt.datetime | None
    #: The client a partner user chose on the Clients page, as stored in the session.
    chosen_client_id: int | None = None

    @property
    def role(self) -> str | None:
        return self.membership.role

    @property
    def recognised(self) -> bool:
        return roles.is_recognised(self.role)

    @property
    def is_internal(self) -> bool:
        return self.role in roles.INTERNAL_ROLES

    @property
    def tenant_active(self) -> bool:
        return self.membership.tenant_status == Tenant.Status.ACTIVE

    @property
    def mfa_mandatory(self) -> bool:
        return self.role in roles.MANDATORY_MFA_ROLES

    @property
    def mfa_required(self) -> bool:
        """MFA must still be done in this session before normal access."""
        return self.mfa_mandatory and not (self.mfa_enrolled and self.mfa_satisfied)

    @property
    def recently_authenticated(self) -> bool:
        return self.auth_time is not None and timezone.now() - self.auth_time <= RECENT_AUTH

    def can(self, capability: str) -> bool:
        return capability in roles.capabilities(self.role)

    def has_feature(self, feature: str | None) -> bool:
        return feature is None or feature in self.membership.features

    @property
    def client_scope(self) -> frozenset[int]:
        """Every client the membership reaches, whichever one is active."""
        return self.membership.client_ids

    @property
    def active_client_id(self) -> int | None:
        """The chosen client while it is still in scope (a client suspended since is not) and
        the partner workspace, where it is chosen, is still switched on."""
        chosen = self.chosen_client_id
        if chosen not in self.membership.client_ids or not self.has_feature(CLIENT_SWITCH_FEATURE):
            return None
        return chosen

    @property
    def client_ids(self) -> frozenset[int]:
        """The clients whose data the pages show: the active client, else all in scope."""
        active = self.active_client_id
        return frozenset({active}) if active is not None else self.membership.client_ids

    @property
    def project_ids(self) -> frozenset[int] | None:
        return self.membership.project_ids


def chosen_client(value: object) -> int | None:
    """The client id a session holds, or ``None`` when it holds nothing usable."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def context_for(session: PortalSession, *, chosen_client_id: int | None = None) -> AccessContext:
    satisfied = mfa_satisfied(session)
    return AccessContext(
        user_id=session.user_id,
        session_id=session.pk,
        membership=membership_for(session.user_id),
        # A session that satisfied MFA proves a factor is enrolled (spec section 6).
        mfa_enrolled=session.mfa_enrolled or satisfied,
        mfa_satisfied=satisfied,
        auth_time=session.auth_time,
        chosen_client_id=chosen_client_id,
    )


def describe(context: AccessContext) -> dict[str, Any]:
    """The context for templates: labels and booleans only."""
    active = context.active_client_id
    return {
        "role": context.role,
        "role_label": roles.ROLE_LABELS.get(context.role or "", "Unrecognised role"),
        "tenant_name": context.membership.tenant_name,
        "is_internal": context.is_internal,
        "recently_authenticated": context.recently_authenticated,
        "active_client": dict(context.membership.client_names).get(active) if active else None,
    }
