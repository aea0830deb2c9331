"""Provisioning: tenants, projects, portal users and memberships from one file (spec section 11).

The file is checked whole before anything is written, and every problem is reported with
where it is (``users[3].projects: unknown project 'x' of tenant 'acme'``). Then it is written
in one transaction. Provisioning adds and updates; it never deletes a row the file leaves out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, validate_slug
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from portal.access.roles import ROLE_LABELS
from portal.accounts.models import PortalSession, PortalUser, normalize_email
from portal.audit.models import Action, Outcome
from portal.audit.services import audit_record
from portal.tenancy.constants import ROLES_BY_KIND
from portal.tenancy.models import FEATURES, Membership, Project, Tenant

#: A scope of ``"*"``: every project of the tenant, or every client of the partner.
ALL: Final = "*"

_TENANT_KEYS = ("slug", "name", "kind", "status", "plan", "features", "partner", "projects")
_TENANT_REQUIRED = ("slug", "name", "kind")
_PROJECT_KEYS = ("slug", "name")
_USER_KEYS = ("email", "name", "role", "tenant", "projects", "clients")
_USER_REQUIRED = ("email", "name", "role", "tenant")
_KNOWN_ROLES = frozenset(role for roles in ROLES_BY_KIND.values() for role in roles)

# A scope read from the file: ALL, a list of slugs, or None when the value was unusable.
_Scope = list[str] | Literal["*"] | None


class ProvisionError(Exception):
    """The file has problems and nothing was written; ``errors`` has one line per problem."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = list(errors)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


@dataclass
class ProvisionResult:
    tenants: Counts = field(default_factory=Counts)
    projects: Counts = field(default_factory=Counts)
    users: Counts = field(default_factory=Counts)
    memberships: Counts = field(default_factory=Counts)

    def summary(self) -> str:
        return (
            f"tenants: {self.tenants}; projects: {self.projects}; "
            f"users: {self.users}; memberships: {self.memberships}"
        )


def provision(*, data: dict[str, Any]) -> ProvisionResult:
    """Create or update what ``data`` describes, or raise ``ProvisionError`` and write nothing.

    A key a row leaves out takes its default (status active, plan standard, no features, no
    partner, no projects added, every project and every client in scope), for rows that
    exist already as for new ones.
    """
    problems: list[str] = []
    with transaction.atomic():
        tenants, users = _read(data, problems)
        _check(tenants, users, problems)
        if problems:
            raise ProvisionError(sorted(problems, key=_file_order))
        return _write(tenants, users)


# Reading: each row on its own. A field that cannot be used is None, and is reported.


@dataclass
class _TenantRow:
    where: str
    slug: str | None
    name: str | None
    kind: str | None
    status: str | None
    plan: str | None
    features: list[str] | None
    partner: str | None
    projects: list[tuple[str, str]]


@dataclass
class _UserRow:
    where: str
    email: str | None
    name: str | None
    role: str | None
    tenant: str | None
    projects: _Scope
    clients: _Scope


def _read(data: object, problems: list[str]) -> tuple[list[_TenantRow], list[_UserRow]]:
    root = _object(data, "", ("tenants", "users"), (), problems)
    if root is None:
        return [], []
    tenants = [
        row
        for where, value in _list(root, "tenants", "", problems)
        if (row := _read_tenant(value, where, problems)) is not None
    ]
    users = [
        user
        for where, value in _list(root, "users", "", problems)
        if (user := _read_user(value, where, problems)) is not None
    ]
    return tenants, users


def _read_tenant(value: object, where: str, problems: list[str]) -> _TenantRow | None:
    row = _object(value, where, _TENANT_KEYS, _TENANT_REQUIRED, problems)
    if row is None:
        return None
    partner: str | None = None
    if row.get("partner") is not None:
        partner = _slug(row, "partner", where, problems)
    return _TenantRow(
        where=where,
        slug=_slug(row, "slug", where, problems),
        name=_text(row, "name", where, problems, max_length=200),
        kind=_choice(row, "kind", where, problems, Tenant.Kind.values, default=None),
        status=_choice(
            row, "status", where, problems, Tenant.Status.values, default=Tenant.Status.ACTIVE
        ),
        plan=_text(row, "plan", where, problems, max_length=40, default="standard"),
        features=_features(row, where, problems),
        partner=partner,
        projects=_projects(row, where, problems),
    )


def _read_user(value: object, where: str, problems: list[str]) -> _UserRow | None:
    row = _object(value, where, _USER_KEYS, _USER_REQUIRED, problems)
    if row is None:
        return None
    return _UserRow(
        where=where,
        email=_email(row, where, problems),
        name=_text(row, "name", where, problems, max_length=200, allow_empty=True),
        role=_text(row, "role", where, problems, max_length=40),
        tenant=_slug(row, "tenant", where, problems),
        projects=_scope(row, "projects", where, problems, "project"),
        clients=_scope(row, "clients", where, problems, "client"),
    )


def _object(
    value: object,
    where: str,
    keys: tuple[str, ...],
    required: tuple[str, ...],
    problems: list[str],
) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        problems.append(f"{where or 'file'}: must be an object")
        return None
    for key in required:
        if key not in value:
            problems.append(f"{_at(where, key)}: is required")
    for key in value:
        if key not in keys:
            problems.append(f"{_at(where, key)}: unknown key; expected one of {', '.join(keys)}")
    return value


def _list(
    row: dict[str, Any], key: str, where: str, problems: list[str]
) -> list[tuple[str, object]]:
    value = row.get(key, [])
    if not isinstance(value, list):
        problems.append(f"{_at(where, key)}: must be a list")
        return []
    return [(f"{_at(where, key)}[{index}]", item) for index, item in enumerate(value)]


def _text(
    row: dict[str, Any],
    key: str,
    where: str,
    problems: list[str],
    *,
    max_length: int,
    default: str | None = None,
    allow_empty: bool = False,
) -> str | None:
    if key not in row:
        return default
    value = row[key]
    if not isinstance(value, str):
        problems.append(f"{_at(where, key)}: must be a string")
        return None
    if not allow_empty and not value.strip():
        problems.append(f"{_at(where, key)}: must not be empty")
        return None
    if len(value) > max_length:
        problems.append(f"{_at(where, key)}: must be at most {max_length} characters")
        return None
    return value


def _slug(row: dict[str, Any], key: str, where: str, problems: list[str]) -> str | None:
    value = _text(row, key, where, problems, max_length=60)
    if value is None:
        return None
    try:
        validate_slug(value)
    except ValidationError:
        problems.append(
            f"{_at(where, key)}: {value!r} is not a slug "
            "(letters, digits, hyphens and underscores only)"
        )
        return None
    return value


def _choice(
    row: dict[str, Any],
    key: str,
    where: str,
    problems: list[str],
    choices: list[str],
    *,
    default: str | None,
) -> str | None:
    if key not in row:
        return default
    value = row[key]
    if value not in choices:
        problems.append(f"{_at(where, key)}: must be one of {', '.join(choices)}")
        return None
    return str(value)


def _email(row: dict[str, Any], where: str, problems: list[str]) -> str | None:
    raw = _text(row, "email", where, problems, max_length=254)
    if raw is None:
        return None
    email = normalize_email(raw)
    try:
        EmailValidator()(email)
    except ValidationError:
        problems.append(f"{_at(where, 'email')}: {raw!r} is not a valid email address")
        return None
    return email


def _features(row: dict[str, Any], where: str, problems: list[str]) -> list[str] | None:
    value = row.get("features", [])
    at = _at(where, "features")
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.append(f"{at}: must be a list of feature names")
        return None
    usable = True
    for index, name in enumerate(value):
        if name not in FEATURES:
            problems.append(f"{at}: unknown feature {name!r}; known: {', '.join(FEATURES)}")
            usable = False
        elif name in value[:index]:
            problems.append(f"{at}: {name!r} is listed more than once")
            usable = False
    return list(value) if usable else None


def _projects(row: dict[str, Any], where: str, problems: list[str]) -> list[tuple[str, str]]:
    projects: list[tuple[str, str]] = []
    first_at: dict[str, str] = {}
    for at, value in _list(row, "projects", where, problems):
        project = _object(value, at, _PROJECT_KEYS, _PROJECT_KEYS, problems)
        if project is None:
            continue
        slug = _slug(project, "slug", at, problems)
        name = _text(project, "name", at, problems, max_length=200)
        if slug is not None and slug in first_at:
            problems.append(
                f"{at}.slug: {slug!r} appears more than once (first at {first_at[slug]})"
            )
        elif slug is not None and name is not None:
            first_at[slug] = at
            projects.append((slug, name))
    return projects


def _scope(row: dict[str, Any], key: str, where: str, problems: list[str], noun: str) -> _Scope:
    value = row.get(key, ALL)
    if value == ALL:
        return ALL
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.append(f'{_at(where, key)}: must be "*" or a list of {noun} slugs')
        return None
    return list(dict.fromkeys(value))


def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _a(kind: str | None) -> str:
    return f"an {kind}" if kind and kind[0] in "aeiou" else f"a {kind}"


def _file_order(problem: str) -> tuple[int, tuple[int, ...]]:
    """Sorts problems by the row they are about (a stable sort keeps each row's in order)."""
    where = problem.split(":", 1)[0]
    section = {"tenants": 1, "users": 2}.get(re.split(r"[.\[]", where, maxsplit=1)[0], 0)
    return section, tuple(int(index) for index in re.findall(r"\[(\d+)\]", where))


# Checking: the rows against each other and against what the database holds already.


def _check(tenants: list[_TenantRow], users: list[_UserRow], problems: list[str]) -> None:
    referenced = {row.slug for row in tenants} | {row.partner for row in tenants}
    referenced |= {row.tenant for row in users}
    referenced |= {slug for row in users if isinstance(row.clients, list) for slug in row.clients}
    stored: dict[str, tuple[str, str | None]] = {
        slug: (kind, partner)
        for slug, kind, partner in Tenant.objects.filter(slug__in=referenced - {None}).values_list(
            "slug", "kind", "partner__slug"
        )
    }
    # What each tenant will be once the file is written. A kind of None is a tenant the file
    # names with an unusable kind: known to exist, but nothing can be said about its kind.
    kinds: dict[str, str | None] = {slug: kind for slug, (kind, _) in stored.items()}
    partners: dict[str, str | None] = {slug: partner for slug, (_, partner) in stored.items()}

    first_at: dict[str, str] = {}
    for row in tenants:
        if row.slug is None:
            continue
        if row.slug in first_at:
            problems.append(
                f"{row.where}.slug: {row.slug!r} appears more than once "
                f"(first at {first_at[row.slug]})"
            )
            continue
        first_at[row.slug] = row.where
        kinds[row.slug] = row.kind
        partners[row.slug] = row.partner

    for row in tenants:
        _check_tenant(row, stored, kinds, problems)

    projects_of: dict[str, set[str]] = {}
    for tenant, slug in Project.objects.filter(
        tenant__slug__in={row.tenant for row in users if isinstance(row.projects, list)} - {None}
    ).values_list("tenant__slug", "slug"):
        projects_of.setdefault(tenant, set()).add(slug)
    for row in tenants:
        if row.slug is not None and first_at.get(row.slug) == row.where:
            projects_of.setdefault(row.slug, set()).update(slug for slug, _ in row.projects)

    first_at = {}
    for user in users:
        if user.email is not None:
            if user.email in first_at:
                problems.append(
                    f"{user.where}.email: {user.email!r} appears more than once "
                    f"(first at {first_at[user.email]})"
                )
            else:
                first_at[user.email] = user.where
        _check_user(user, kinds, partners, projects_of, problems)


def _check_tenant(
    row: _TenantRow,
    stored: dict[str, tuple[str, str | None]],
    kinds: dict[str, str | None],
    problems: list[str],
) -> None:
    if row.slug in stored and row.kind is not None and stored[row.slug][0] != row.kind:
        problems.append(
            f"{row.where}.kind: tenant {row.slug!r} is {_a(stored[row.slug][0])} tenant "
            "and a tenant's kind cannot change"
        )
    if row.partner is not None:
        if row.kind is not None and row.kind != Tenant.Kind.CLIENT:
            problems.append(f"{row.where}.partner: only a client tenant may have a partner")
        elif row.partner not in kinds:
            problems.append(f"{row.where}.partner: unknown partner tenant {row.partner!r}")
        elif kinds[row.partner] not in (None, Tenant.Kind.PARTNER):
            problems.append(
                f"{row.where}.partner: {row.partner!r} is {_a(kinds[row.partner])} tenant, "
                "not a partner tenant"
            )
    if row.projects and row.kind is not None and row.kind != Tenant.Kind.CLIENT:
        problems.append(f"{row.where}.projects: only a client tenant has projects")


def _check_user(
    user: _UserRow,
    kinds: dict[str, str | None],
    partners: dict[str, str | None],
    projects_of: dict[str, set[str]],
    problems: list[str],
) -> None:
    kind: str | None = None
    if user.tenant is not None:
        if user.tenant in kinds:
            kind = kinds[user.tenant]
        else:
            problems.append(f"{user.where}.tenant: unknown tenant {user.tenant!r}")
    if user.role is not None:
        if kind is not None and user.role not in ROLES_BY_KIND.get(kind, ()):
            problems.append(f"{user.where}.role: {user.role!r} is not a role of {_a(kind)} tenant")
        elif kind is None and user.role not in _KNOWN_ROLES:
            problems.append(f"{user.where}.role: {user.role!r} is not a known role")
    if kind is None or user.tenant is None:
        return
    if isinstance(user.projects, list):
        if kind != Tenant.Kind.CLIENT:
            problems.append(
                f'{user.where}.projects: only users of a client tenant have a project list; use "*"'
                " or leave it out"
            )
        else:
            for slug in user.projects:
                if slug not in projects_of.get(user.tenant, set()):
                    problems.append(
                        f"{user.where}.projects: unknown project {slug!r} of tenant {user.tenant!r}"
                    )
    if isinstance(user.clients, list):
        if kind != Tenant.Kind.PARTNER:
            problems.append(
                f'{user.where}.clients: only users of a partner tenant have a client list; use "*"'
                " or leave it out"
            )
        else:
            for slug in user.clients:
                if partners.get(slug) != user.tenant:
                    problems.append(
                        f"{user.where}.clients: {slug!r} is not a client of partner {user.tenant!r}"
                    )


# Writing: only once the whole file has been checked. Every value is usable by now.


def _write(tenants: list[_TenantRow], users: list[_UserRow]) -> ProvisionResult:
    result = ProvisionResult()
    tenant_ids: dict[str, int] = {}
    # Only clients have partners, and partners are not clients: writing every other kind
    # first means a client's partner exists by the time the client is written.
    for row in sorted(tenants, key=lambda row: row.kind == Tenant.Kind.CLIENT):
        assert row.slug is not None
        partner_id = None
        if row.partner is not None:
            partner_id = tenant_ids.get(row.partner) or _tenant_id(row.partner)
        tenant = _put_tenant(row.slug, row, partner_id, result.tenants)
        tenant_ids[tenant.slug] = tenant.pk
        for slug, name in row.projects:
            _put_project(tenant, slug, name, result.projects)
    for user in users:
        assert user.email is not None
        assert user.name is not None
        assert user.tenant is not None
        portal_user = _put_user(user.email, user.name, result.users)
        tenant_id = tenant_ids.get(user.tenant) or _tenant_id(user.tenant)
        _put_membership(portal_user, tenant_id, user, result.memberships)
    return result


def _tenant_id(slug: str) -> int:
    return Tenant.objects.values_list("pk", flat=True).get(slug=slug)


def _put_tenant(slug: str, row: _TenantRow, partner_id: int | None, counts: Counts) -> Tenant:
    values: dict[str, Any] = {
        "name": row.name,
        "kind": row.kind,
        "status": row.status,
        "plan": row.plan,
        "features": row.features,
        "partner_id": partner_id,
    }
    tenant = Tenant.objects.filter(slug=slug).first()
    if tenant is None:
        counts.created += 1
        return Tenant.objects.create(slug=slug, **values)
    previous_partner_id = tenant.partner_id
    _save_changes(tenant, values, counts)
    if tenant.partner_id != previous_partner_id:
        # A client that leaves a partner leaves the client lists of that partner's users too.
        links = Membership.clients.through.objects.filter(tenant_id=tenant.pk)
        if tenant.partner_id is not None:
            links = links.exclude(membership__tenant_id=tenant.partner_id)
        links.delete()
    return tenant


def _put_project(tenant: Tenant, slug: str, name: str, counts: Counts) -> None:
    project = Project.objects.filter(tenant=tenant, slug=slug).first()
    if project is None:
        Project.objects.create(tenant=tenant, slug=slug, name=name)
        counts.created += 1
    else:
        _save_changes(project, {"name": name}, counts)


def _put_user(email: str, name: str, counts: Counts) -> PortalUser:
    user = PortalUser.objects.filter(email=email).first()
    if user is None:
        counts.created += 1
        return PortalUser.objects.create_user(email, name=name)
    _save_changes(user, {"name": name}, counts)
    return user


def _put_membership(user: PortalUser, tenant_id: int, row: _UserRow, counts: Counts) -> None:
    project_ids: set[int] = set()
    if isinstance(row.projects, list):
        project_ids = set(
            Project.objects.filter(tenant_id=tenant_id, slug__in=row.projects).values_list(
                "pk", flat=True
            )
        )
    client_ids: set[int] = set()
    if isinstance(row.clients, list):
        client_ids = set(
            Tenant.objects.filter(partner_id=tenant_id, slug__in=row.clients).values_list(
                "pk", flat=True
            )
        )
    values: dict[str, Any] = {
        "tenant_id": tenant_id,
        "role": row.role,
        "all_projects": row.projects == ALL,
        "all_clients": row.clients == ALL,
    }
    membership = Membership.objects.filter(user=user).first()
    if membership is None:
        membership = Membership.objects.create(user=user, **values)
        membership.projects.set(project_ids)
        membership.clients.set(client_ids)
        counts.created += 1
        return
    scope_changed = (
        set(membership.projects.values_list("pk", flat=True)) != project_ids
        or set(membership.clients.values_list("pk", flat=True)) != client_ids
    )
    if _save_changes(membership, values, counts, also_changed=scope_changed):
        membership.projects.set(project_ids)
        membership.clients.set(client_ids)


def _save_changes(
    instance: models.Model,
    values: dict[str, Any],
    counts: Counts,
    *,
    also_changed: bool = False,
) -> bool:
    """Save the fields whose values differ, and count the row as updated or unchanged."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if not changed and not also_changed:
        counts.unchanged += 1
        return False
    for name in changed:
        setattr(instance, name, values[name])
    if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
        changed.append("updated_at")
    if changed:
        instance.save(update_fields=changed)
    counts.updated += 1
    return True


# Members: invited, given another role and removed by their organisation's admin (Team and
# Partner Team). Each change and its audit event commit together. Audit details name the
# member by id, never by email address.

#: Shown whatever organisation the address belongs to: which one is not the inviter's business.
ALREADY_A_MEMBER = (
    "This email address is already a member of an organisation. A person can belong to only "
    "one organisation in the portal; contact AiDial support if they need to move."
)
NO_LONGER_A_MEMBER = "This person is no longer a member of your organisation."
CANNOT_CHANGE_OWN_ROLE = (
    "You cannot change your own role. Another admin can, so your organisation always keeps one."
)
CANNOT_REMOVE_SELF = (
    "You cannot remove yourself. Another admin can, so your organisation always keeps one."
)
#: The reason a member's portal sessions end when their membership is removed.
MEMBERSHIP_REMOVED_REASON = "membership_removed"


def membership_roles(*, kind: str) -> tuple[str, ...]:
    """The roles a member of a tenant of ``kind`` may be given."""
    return tuple(ROLES_BY_KIND.get(kind, ()))


def _member_role(kind: str, role: str) -> str:
    roles = membership_roles(kind=kind)
    if role not in roles:
        names = ", ".join(ROLE_LABELS.get(r, r) for r in roles)
        raise ValidationError(
            {"role": f"Choose one of your organisation's roles: {names}."}, code="invalid_role"
        )
    return role


def _member_email(raw: str) -> str:
    email = normalize_email(raw)
    try:
        EmailValidator()(email)
    except ValidationError:
        email = ""
    if not email or len(email) > 254:
        raise ValidationError(
            {"email": "Enter a valid email address, like name@example.com."}, code="invalid"
        )
    return email


def _member_name(raw: str) -> str:
    name = " ".join(raw.split())
    if not name:
        raise ValidationError({"name": "Enter the person's name."}, code="required")
    if len(name) > 200:
        raise ValidationError({"name": "Use at most 200 characters."}, code="max_length")
    return name


def _membership_locked(membership: Membership) -> Membership:
    """The membership's current row, locked until the transaction ends."""
    current = (
        Membership.objects.select_for_update()
        .filter(pk=membership.pk, tenant_id=membership.tenant_id)
        .first()
    )
    if current is None:
        raise ValidationError(NO_LONGER_A_MEMBER, code="gone")
    return current


def membership_invite(
    *,
    actor: PortalUser,
    tenant: Tenant,
    email: str,
    name: str,
    role: str,
    request: HttpRequest | None,
) -> Membership:
    """Give the person with ``email`` a ``role`` in ``tenant`` (the actor's own organisation).

    A new address gets a portal user; the person then signs in at the identity provider with
    that address, and their first sign-in links the account by its verified email. No email
    is sent. An address that already has a membership, in any organisation, is refused.
    """
    email = _member_email(email)
    name = _member_name(name)
    role = _member_role(tenant.kind, role)
    with transaction.atomic():
        user = PortalUser.objects.filter(email=email).first()
        if user is not None and Membership.objects.filter(user=user).exists():
            raise ValidationError({"email": ALREADY_A_MEMBER}, code="already_a_member")
        try:
            with transaction.atomic():
                if user is None:
                    user = PortalUser.objects.create_user(email, name=name)
                elif not user.name:
                    user.name = name
                    user.save(update_fields=["name"])
                membership = Membership.objects.create(user=user, tenant=tenant, role=role)
        except IntegrityError:
            # Someone else added the address in the meantime.
            raise ValidationError({"email": ALREADY_A_MEMBER}, code="already_a_member") from None
        audit_record(
            action=Action.MEMBERSHIP_INVITED,
            outcome=Outcome.SUCCEEDED,
            request=request,
            actor=actor,
            actor_tenant_id=tenant.pk,
            target_tenant_id=tenant.pk,
            details={"role": role, "member": user.pk},
        )
    return membership


def membership_change_role(
    *, actor: PortalUser, membership: Membership, role: str, request: HttpRequest | None
) -> Membership:
    """Give the member another of their organisation's roles; it applies at their next request.

    An admin cannot change their own role, so an organisation never demotes its last admin by
    accident. Giving the role the member already has changes nothing and records nothing.
    """
    if membership.user_id == actor.pk:
        raise ValidationError(CANNOT_CHANGE_OWN_ROLE, code="own_role")
    role = _member_role(membership.tenant.kind, role)
    with transaction.atomic():
        current = _membership_locked(membership)
        previous = current.role
        if previous == role:
            return current
        current.role = role
        current.save(update_fields=["role", "updated_at"])
        audit_record(
            action=Action.MEMBERSHIP_ROLE_CHANGED,
            outcome=Outcome.SUCCEEDED,
            request=request,
            actor=actor,
            actor_tenant_id=current.tenant_id,
            target_tenant_id=current.tenant_id,
            details={"from": previous, "to": role, "member": current.user_id},
        )
    return current


def membership_remove(
    *, actor: PortalUser, membership: Membership, request: HttpRequest | None
) -> int:
    """Remove the member from their organisation and end their portal sessions at once.

    The portal user stays (an organisation may invite them again). An admin cannot remove
    themself. Returns how many sessions ended.
    """
    if membership.user_id == actor.pk:
        raise ValidationError(CANNOT_REMOVE_SELF, code="self")
    with transaction.atomic():
        current = _membership_locked(membership)
        current.delete()
        ended = PortalSession.objects.filter(user_id=current.user_id, ended_at__isnull=True).update(
            ended_at=timezone.now(), end_reason=MEMBERSHIP_REMOVED_REASON
        )
        audit_record(
            action=Action.MEMBERSHIP_REMOVED,
            outcome=Outcome.SUCCEEDED,
            request=request,
            actor=actor,
            actor_tenant_id=current.tenant_id,
            target_tenant_id=current.tenant_id,
            details={"role": current.role, "member": current.user_id, "sessions_ended": ended},
        )
    return ended
