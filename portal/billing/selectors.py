"""Billing figures, only ever for the caller's own organisation and scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, IntegerField, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from portal.access.context import AccessContext
from portal.billing.models import Invoice
from portal.calls.selectors import call_minutes, calls_visible
from portal.tenancy.models import Tenant


@dataclass(frozen=True)
class BillingPeriod:
    """A calendar month: ``start`` inclusive, ``end`` exclusive."""

    start: dt.datetime
    end: dt.datetime

    @property
    def first_day(self) -> dt.date:
        return self.start.date()

    @property
    def last_day(self) -> dt.date:
        return self.end.date() - dt.timedelta(days=1)


@dataclass(frozen=True)
class Usage:
    calls: int
    minutes: int


@dataclass(frozen=True)
class ClientUsage:
    client_id: int
    client_name: str
    calls: int
    minutes: int


def billing_period_current(*, now: dt.datetime | None = None) -> BillingPeriod:
    local = timezone.localtime(now or timezone.now())
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    return BillingPeriod(start=start, end=end)


def usage_totals(*, context: AccessContext, period: BillingPeriod) -> Usage:
    """Calls and minutes in the period across the caller's client and project scope."""
    calls = calls_visible(context=context).filter(
        started_at__gte=period.start, started_at__lt=period.end
    )
    totals = calls.aggregate(
        calls=Count("id"),
        minutes=Coalesce(Sum(call_minutes(), output_field=IntegerField()), 0),
    )
    return Usage(calls=totals["calls"], minutes=totals["minutes"])


def usage_by_client(*, context: AccessContext, period: BillingPeriod) -> list[ClientUsage]:
    """The same figures per client in scope, those without calls included, by name."""
    in_period = Q(calls__started_at__gte=period.start, calls__started_at__lt=period.end)
    if context.project_ids is not None:
        in_period &= Q(calls__project_id__in=context.project_ids)
    rows = (
        Tenant.objects.filter(pk__in=context.client_ids)
        .annotate(
            period_calls=Count("calls", filter=in_period),
            period_minutes=Coalesce(
                Sum(
                    call_minutes("calls__duration_seconds"),
                    filter=in_period,
                    output_field=IntegerField(),
                ),
                0,
            ),
        )
        .order_by("name", "pk")
        .values_list("pk", "name", "period_calls", "period_minutes")
    )
    return [ClientUsage(*row) for row in rows]


def invoices_of_own_tenant(*, context: AccessContext) -> QuerySet[Invoice]:
    """The organisation's invoices, newest first; drafts are AiDial's work in progress."""
    tenant_id = context.membership.tenant_id
    if tenant_id is None:
        return Invoice.objects.none()
    return (
        Invoice.objects.filter(tenant_id=tenant_id)
        .exclude(status=Invoice.Status.DRAFT)
        .order_by("-period_start", "-id")
    )
