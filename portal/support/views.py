from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from portal.access.request import access_context
from portal.support.forms import TicketForm
from portal.support.selectors import tickets_of_own_tenant
from portal.support.services import support_ticket_create

#: Tickets listed on the page, newest first; older ones are answered by email.
TICKETS_SHOWN = 50


@require_http_methods(["GET", "POST"])
def support(request: HttpRequest) -> HttpResponse:
    context = access_context(request)
    form = TicketForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        ticket = support_ticket_create(context=context, **form.cleaned_data)
        messages.success(
            request, f"Ticket #{ticket.pk} is open. AiDial support will reply by email."
        )
        return redirect("support:support")
    tickets = list(tickets_of_own_tenant(context=context)[: TICKETS_SHOWN + 1])
    return render(
        request,
        "support/support.html",
        {
            "form": form,
            "tickets": tickets[:TICKETS_SHOWN],
            "more_tickets": len(tickets) > TICKETS_SHOWN,
        },
        status=400 if form.is_bound else 200,
    )
