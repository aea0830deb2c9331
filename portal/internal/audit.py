"""The audit log of every organisation, for AiDial's staff."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET

from portal.audit.views import AuditLog, audit_log_export, audit_log_page
from portal.internal.selectors import audit_events_unscoped

ALL_TENANTS_LOG = AuditLog(
    heading="Audit log (all organisations)",
    list_url="internal:audit_log",
    export_url="internal:audit_export",
    export_name="audit-log-all",
    with_tenants=True,
)


@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    return audit_log_page(
        request, log=ALL_TENANTS_LOG, events_for=audit_events_unscoped, own_tenant_id=None
    )


@require_GET
def audit_export(request: HttpRequest) -> HttpResponseBase:
    return audit_log_export(
        request, log=ALL_TENANTS_LOG, events_for=audit_events_unscoped, own_tenant_id=None
    )
