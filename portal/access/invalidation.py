"""Dropping cached access contexts the moment what they were built from changes.

A tenant's status or features, a membership, its scope, or a client's partner: each change
drops the cached membership of every user it can affect, at once and again after the
transaction commits (so a concurrent request cannot re-cache the old state).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from portal.access.context import cache_key
from portal.tenancy.models import Membership, Tenant


def access_invalidate_users(user_ids: Iterable[int]) -> None:
    keys = [cache_key(user_id) for user_id in set(user_ids)]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def access_invalidate_tenant(tenant: Tenant, *, old_partner_id: int | None = None) -> None:
    """Members of the tenant, and of any partner whose client scope it is (or was) part of."""
    partner_ids = [tenant.pk, *(p for p in (tenant.partner_id, old_partner_id) if p)]
    users = Membership.objects.filter(Q(tenant_id__in=partner_ids)).values_list(
        "user_id", flat=True
    )
    access_invalidate_users(users)


@receiver(pre_save, sender=Tenant)
def _tenant_changing(sender: Any, instance: Tenant, **kwargs: Any) -> None:
    if instance.pk:
        old = Tenant.objects.filter(pk=instance.pk).values_list("partner_id", flat=True).first()
        instance._old_partner_id = old  # type: ignore[attr-defined]


@receiver([post_save, post_delete], sender=Tenant)
def _tenant_changed(sender: Any, instance: Tenant, **kwargs: Any) -> None:
    access_invalidate_tenant(instance, old_partner_id=getattr(instance, "_old_partner_id", None))


@receiver([post_save, post_delete], sender=Membership)
def _membership_changed(sender: Any, instance: Membership, **kwargs: Any) -> None:
    access_invalidate_users([instance.user_id])


@receiver(m2m_changed, sender=Membership.projects.through)
@receiver(m2m_changed, sender=Membership.clients.through)
def _scope_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, Membership):
        access_invalidate_users([instance.user_id])
