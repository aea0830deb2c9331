"""AiDial's internal surface. The only place where queries cross tenants, named ``*_unscoped``."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.access.recent_auth import recent_auth_required
from portal.access.request import access_context
from portal.accounts.models import PortalUser
from portal.audit.services import audit_record
from portal.status.forms import ComponentStatusesForm, IncidentOpenForm, IncidentUpdateForm
from portal.status.selectors import incident_get, status_overview
from portal.status.services import (
    incident_open,
    incident_update,
    service_components_status_set,
)
from portal.tenancy.models import Membership, Tenant


def tenants_unscoped() -> list[Tenant]:
    return list(Tenant.objects.select_related("partner").order_by("kind", "name"))


def tenant_get_unscoped(tenant_id: int) -> Tenant:
    tenant = Tenant.objects.select_related("partner").filter(pk=tenant_id).first()
    if tenant is None:
        raise Http404
    return tenant


@require_GET
def tenants(request: HttpRequest) -> HttpResponse:
    return render(request, "internal/tenants.html", {"tenants": tenants_unscoped()})


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=[("active", "Reactivate"), ("suspended", "Suspend")])
    reason = forms.CharField(max_length=500, min_length=3)


@require_GET
def tenant_detail(request: HttpRequest, tenant_id: int) -> HttpResponse:
    context = access_context(request)
    tenant = tenant_get_unscoped(tenant_id)
    members = (
        Membership.objects.filter(tenant=tenant).select_related("user").order_by("user__email")
    )
    return render(
        request,
        "internal/tenant_detail.html",
        {
            "tenant": tenant,
            "members": members,
            "projects": tenant.projects.order_by("name"),
            "form": StatusForm(),
            "can_manage": context.can("internal:manage"),
        },
    )


@require_POST
@recent_auth_required
def tenant_status(request: HttpRequest, tenant_id: int) -> HttpResponse:
    tenant = tenant_get_unscoped(tenant_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a reason (at least 3 characters) and choose an action.")
        return redirect("internal:tenant_detail", tenant_id=tenant.pk)
    status = form.cleaned_data["status"]
    with transaction.atomic():
        tenant.status = status
        tenant.save(update_fields=["status", "updated_at"])
        audit_record(
            action="tenant_suspended" if status == "suspended" else "tenant_reactivated",
            outcome="succeeded",
            request=request,
            actor=request.user,  # type: ignore[arg-type]
            target_tenant_id=tenant.pk,
            details={"reason": form.cleaned_data["reason"]},
        )
    messages.success(request, f"{tenant.name} is now {tenant.get_status_display().lower()}.")
    return redirect("internal:tenant_detail", tenant_id=tenant.pk)


@require_http_methods(["GET", "POST"])
def status_page(request: HttpRequest) -> HttpResponse:
    """AiDial's service status: admins change it here, operators only look."""
    context = access_context(request)
    can_manage = context.can("internal:manage")
    if request.method == "POST" and not can_manage:
        raise Http404  # the policy refuses it first; this view does not rely on that alone
    overview = status_overview()
    components_form = ComponentStatusesForm(components=overview.components, prefix="components")
    open_form = IncidentOpenForm(components=overview.components, prefix="open")
    update_forms = {i.pk: IncidentUpdateForm.for_incident(i) for i in overview.incidents}
    if request.method == "POST":
        actor = cast(PortalUser, request.user)  # signed in: the policy let nobody else here
        which = request.POST.get("form")
        if which == "components":
            components_form = ComponentStatusesForm(
                request.POST, components=overview.components, prefix="components"
            )
            if components_form.is_valid():
                changed = service_components_status_set(
                    statuses=components_form.statuses(), actor=actor, request=request
                )
                messages.success(request, f"Service statuses saved ({len(changed)} changed).")
                return redirect("internal:status_page")
        elif which == "open":
            open_form = IncidentOpenForm(
                request.POST, components=overview.components, prefix="open"
            )
            if open_form.is_valid():
                data = open_form.cleaned_data
                incident = incident_open(
                    title=data["title"],
                    body=data["body"],
                    impact=data["impact"],
                    status=data["status"],
                    component_ids=data["components"],
                    actor=actor,
                    request=request,
                )
                messages.success(request, f"Incident “{incident.title}” is open.")
                return redirect("internal:status_page")
        elif which == "update":
            incident = incident_get(incident_id=_posted_id(request.POST.get("incident")))
            form = IncidentUpdateForm.for_incident(incident, request.POST)
            if form.is_valid():
                incident_update(
                    incident=incident,
                    status=form.cleaned_data["status"],
                    body=form.cleaned_data["body"],
                    actor=actor,
                    request=request,
                )
                messages.success(request, f"Incident “{incident.title}” updated.")
                return redirect("internal:status_page")
            update_forms[incident.pk] = form
        else:
            messages.error(request, "Nothing was changed: choose one of the forms below.")
    return render(
        request,
        "status/internal_status.html",
        {
            "overview": overview,
            "can_manage": can_manage,
            "components_form": components_form,
            "open_form": open_form,
            "incident_rows": [
                (i, update_forms[i.pk] if can_manage else None) for i in overview.incidents
            ],
        },
        status=400 if request.method == "POST" else 200,
    )


def _posted_id(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise Http404 from None
