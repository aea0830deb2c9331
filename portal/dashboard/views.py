from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from portal.access.request import access_context
from portal.calls.selectors import call_clients
from portal.core.forms import refuse_unknown_objects
from portal.dashboard.chart import daily_chart
from portal.dashboard.forms import ClientSwitchForm
from portal.dashboard.selectors import SUCCESS_SECONDS, dashboard_stats


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    context = access_context(request)
    page: dict[str, Any] = {"success_seconds": SUCCESS_SECONDS}
    client_id = None
    # Only a caller with several clients has anything to switch between.
    if clients := call_clients(context=context):
        switcher = ClientSwitchForm(request.GET, clients=clients)
        page["switcher"] = switcher
        if not switcher.is_valid():
            refuse_unknown_objects(switcher, "client")
            return render(request, "dashboard/dashboard.html", page, status=400)
        client_id = switcher.client_id()
        page["client"] = next((c for c in clients if c.pk == client_id), None)
    stats = dashboard_stats(context=context, now=timezone.now(), client_id=client_id)
    page.update(stats=stats, chart=daily_chart(days=stats.days))
    return render(request, "dashboard/dashboard.html", page)
