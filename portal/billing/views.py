from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.access.request import access_context


@require_GET
def billing(request: HttpRequest) -> HttpResponse:
    context = access_context(request)
    return render(request, "billing/billing.html", {"plan": context.membership.plan})
