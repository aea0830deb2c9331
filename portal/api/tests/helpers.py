"""Keys of every kind the API must tell apart, over the access tests' world."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.test import Client
from django.utils import timezone

from portal.access.tests.world import World
from portal.api.models import ApiKey
from portal.api.services import api_key_create, api_key_revoke
from portal.tenancy.models import Project, Tenant


def make_key(
    tenant: Tenant,
    *,
    projects: tuple[Project, ...] = (),
    expires_at: dt.datetime | None = None,
    name: str = "Integration",
) -> tuple[ApiKey, str]:
    created = api_key_create(
        actor=None, tenant=tenant, name=name, expires_at=expires_at, projects=projects, request=None
    )
    return created.api_key, created.plaintext


@dataclass
class Keys:
    """Plaintext keys: Acme's (all projects), Acme's narrowed to bookings, Globex's, and the
    refused kinds."""

    valid: str
    narrowed: str
    other_tenant: str
    revoked: str
    expired: str
    suspended: str


def make_keys(world: World) -> Keys:
    _, valid = make_key(world.acme)
    _, narrowed = make_key(world.acme, projects=(world.acme_bookings,), name="Bookings only")
    _, other = make_key(world.globex, name="Globex")
    revoked_key, revoked = make_key(world.acme, name="Old")
    api_key_revoke(actor=None, api_key=revoked_key, request=None)
    expired_key, expired = make_key(world.acme, name="Expiring")
    ApiKey.objects.filter(pk=expired_key.pk).update(expires_at=timezone.now())
    dormant = Tenant.objects.create(slug="dormant", name="Dormant Co", kind="client")
    Project.objects.create(tenant=dormant, slug="main", name="Main")
    _, suspended = make_key(dormant, name="Dormant")
    Tenant.objects.filter(pk=dormant.pk).update(status=Tenant.Status.SUSPENDED)
    return Keys(valid, narrowed, other, revoked, expired, suspended)


def api(client: Client, method: str, path: str, key: str | None, **extra: Any) -> Any:
    """A request to the API as a server would make it (no cookies, no browser headers)."""
    headers = dict(extra.pop("headers", {}))
    if key is not None:
        headers["X-API-Key"] = key
    if method == "post":
        return client.post(
            path, extra.pop("body", "{}"), content_type="application/json", headers=headers
        )
    return client.get(path, extra.pop("params", {}), headers=headers)


_SHOWN = re.compile(r'value="(aidial_[0-9a-f]{12}_[A-Za-z0-9_-]{43})"')


def shown_key(response: Any) -> str:
    """The key on the page shown once after creation."""
    match = _SHOWN.search(response.content.decode())
    assert match, "no key on the page"
    return match.group(1)


def with_globex_key(world: World) -> World:
    """The world, plus a key of a tenant the signed-in people never reach."""
    make_key(world.globex, name="Globex secret integration")
    return world
