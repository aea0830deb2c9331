"""AiDial's internal surface. The only place where queries cross tenants, named ``*_unscoped``."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from portal.access.recent_auth import recent_auth_required
from portal.access.request import access_context
from portal.audit.models import AuditEvent
from portal.audit.services import audit_record
from portal.tenancy.models import Membership, Tenant


def tenants_unscoped() -> list[Tenant]:
    return list(Tenant.objects.select_related("partner").order_by("kind", "name"))


def tenant_get_unscoped(tenant_id: int) -> Tenant:
    tenant = Tenant.objects.select_related("partner").filter(pk=tenant_id).first()
    if tenant is None:
        raise Http404
    return tenant


def audit_events_unscoped(limit: int = 100) -> list[AuditEvent]:
    return list(AuditEvent.objects.select_related("actor")[:limit])


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


@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    return render(request, "internal/audit_log.html", {"events": audit_events_unscoped()})
