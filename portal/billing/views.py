from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.access.request import access_context
from portal.billing.selectors import (
    billing_period_current,
    invoices_of_own_tenant,
    usage_by_client,
    usage_totals,
)
from portal.tenancy.models import Tenant

#: Invoices listed, newest first: two years of monthly invoices and some to spare.
INVOICES_SHOWN = 36


@require_GET
def billing(request: HttpRequest) -> HttpResponse:
    context = access_context(request)
    period = billing_period_current()
    is_partner = context.membership.tenant_kind == Tenant.Kind.PARTNER
    invoices = list(invoices_of_own_tenant(context=context)[: INVOICES_SHOWN + 1])
    return render(
        request,
        "billing/billing.html",
        {
            "plan": context.membership.plan,
            "period": period,
            "usage": usage_totals(context=context, period=period),
            "client_usage": usage_by_client(context=context, period=period) if is_partner else None,
            "invoices": invoices[:INVOICES_SHOWN],
            "more_invoices": len(invoices) > INVOICES_SHOWN,
        },
    )
