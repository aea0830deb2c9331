"""The partner workspace's tables, only ever over the caller's client scope."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.db.models import Count, Q

from portal.access.context import AccessContext
from portal.billing.selectors import BillingPeriod, usage_by_client
from portal.tenancy.selectors import clients_in_scope, projects_visible


@dataclass(frozen=True)
class ClientRow:
    pk: int
    name: str
    status: str
    plan: str
    calls: int
    minutes: int


@dataclass(frozen=True)
class ProjectRow:
    pk: int
    name: str
    client_name: str
    calls: int
    calls_in_period: int


def client_rows(*, context: AccessContext, period: BillingPeriod) -> list[ClientRow]:
    """Every client in scope, whichever is active, with its usage in ``period``: two queries."""
    whole_scope = dataclasses.replace(context, chosen_client_id=None)
    usage = {u.client_id: u for u in usage_by_client(context=whole_scope, period=period)}
    rows = []
    for client in clients_in_scope(context=context):
        used = usage.get(client.pk)
        rows.append(
            ClientRow(
                pk=client.pk,
                name=client.name,
                status=client.get_status_display(),
                plan=client.plan,
                calls=used.calls if used else 0,
                minutes=used.minutes if used else 0,
            )
        )
    return rows


def project_rows(*, context: AccessContext, period: BillingPeriod) -> list[ProjectRow]:
    """The projects of the clients shown (the active one, or all), with call counts: one query."""
    in_period = Q(calls__started_at__gte=period.start, calls__started_at__lt=period.end)
    projects = projects_visible(context=context).annotate(
        call_count=Count("calls"), period_calls=Count("calls", filter=in_period)
    )
    return [
        ProjectRow(
            pk=p.pk,
            name=p.name,
            client_name=p.tenant.name,
            calls=p.call_count,
            calls_in_period=p.period_calls,
        )
        for p in projects
    ]
