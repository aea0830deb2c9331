"""AiDial's internal surface. The only place where queries cross tenants, named ``*_unscoped``."""

from __future__ import annotations

from typing import cast
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.access.recent_auth import recent_auth_required
from portal.access.request import access_context
from portal.access.roles import role_label
from portal.accounts.models import PortalUser
from portal.internal.forms import FEATURE_LABELS, TenantPlanForm, TenantSearchForm, TenantStatusForm
from portal.internal.selectors import (
    plans_in_use_unscoped,
    tenant_get_unscoped,
    tenant_members_unscoped,
    tenant_projects_unscoped,
    tenants_unscoped,
)
from portal.internal.services import tenant_plan_features_set, tenant_status_set
from portal.status.forms import ComponentStatusesForm, IncidentOpenForm, IncidentUpdateForm
from portal.status.selectors import incident_get, status_overview
from portal.status.services import (
    incident_open,
    incident_update,
    service_components_status_set,
)
from portal.tenancy.models import Tenant

#: Tenants per page of the Tenants list.
TENANTS_PER_PAGE = 50


@require_GET
def tenants(request: HttpRequest) -> HttpResponse:
    form = TenantSearchForm(request.GET)
    if not form.is_valid():
        return render(
            request,
            "internal/tenants.html",
            {"form": form, "page": None, "filtered": True},
            status=400,
        )
    data = form.cleaned_data
    found = tenants_unscoped(query=data["q"].strip(), kind=data["kind"], status=data["status"])
    page = Paginator(found, TENANTS_PER_PAGE).get_page(data["page"] or 1)
    filters = {k: v for k, v in request.GET.items() if k in ("q", "kind", "status") and v}
    return render(
        request,
        "internal/tenants.html",
        {
            "form": form,
            "page": page,
            "filtered": bool(filters),
            "filter_query": urlencode(filters),
        },
    )


def _tenant_page(
    request: HttpRequest,
    tenant: Tenant,
    *,
    status_form: TenantStatusForm | None = None,
    plan_form: TenantPlanForm | None = None,
    problems: list[str] | None = None,
) -> HttpResponse:
    can_manage = access_context(request).can("internal:manage")
    return render(
        request,
        "internal/tenant_detail.html",
        {
            "tenant": tenant,
            "features": [FEATURE_LABELS.get(f, f) for f in tenant.features or []],
            "members": [(m, role_label(m.role)) for m in tenant_members_unscoped(tenant=tenant)],
            "projects": tenant_projects_unscoped(tenant=tenant),
            "can_manage": can_manage,
            "status_form": (status_form or TenantStatusForm.for_tenant(tenant))
            if can_manage
            else None,
            "plan_form": (plan_form or TenantPlanForm.for_tenant(tenant)) if can_manage else None,
            "plans": plans_in_use_unscoped() if can_manage else [],
            "problems": problems or [],
        },
        status=400 if problems else 200,
    )


@require_GET
def tenant_detail(request: HttpRequest, tenant_id: int) -> HttpResponse:
    return _tenant_page(request, tenant_get_unscoped(tenant_id=tenant_id))


def _form_problems(form: forms.Form) -> list[str]:
    return [str(error) for errors in form.errors.values() for error in errors]


@require_POST
@recent_auth_required
def tenant_status(request: HttpRequest, tenant_id: int) -> HttpResponse:
    """Suspend or reactivate (the policy lets only ``internal:manage`` post here)."""
    context = access_context(request)
    tenant = tenant_get_unscoped(tenant_id=tenant_id)
    form = TenantStatusForm(request.POST)
    if not form.is_valid():
        return _tenant_page(request, tenant, status_form=form, problems=_form_problems(form))
    try:
        tenant = tenant_status_set(
            actor=cast(PortalUser, request.user),
            actor_tenant_id=context.membership.tenant_id,
            tenant=tenant,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            request=request,
        )
    except ValidationError as error:
        return _tenant_page(request, tenant, status_form=form, problems=list(error.messages))
    messages.success(request, f"{tenant.name} is now {tenant.get_status_display().lower()}.")
    return redirect("internal:tenant_detail", tenant_id=tenant.pk)


@require_POST
@recent_auth_required
def tenant_plan(request: HttpRequest, tenant_id: int) -> HttpResponse:
    """Change the plan and the feature switches (the policy lets only ``internal:manage`` post)."""
    context = access_context(request)
    tenant = tenant_get_unscoped(tenant_id=tenant_id)
    form = TenantPlanForm(request.POST)
    if not form.is_valid():
        return _tenant_page(request, tenant, plan_form=form, problems=_form_problems(form))
    changed = tenant_plan_features_set(
        actor=cast(PortalUser, request.user),
        actor_tenant_id=context.membership.tenant_id,
        tenant=tenant,
        plan=form.cleaned_data["plan"],
        features=form.cleaned_data["features"],
        request=request,
    )
    if changed:
        messages.success(request, f"{tenant.name}: plan and features saved.")
    else:
        messages.info(request, f"{tenant.name}: nothing changed.")
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
