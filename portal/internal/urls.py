from django.urls import path

from portal.internal import audit, views

app_name = "internal"
urlpatterns = [
    path("internal/tenants", views.tenants, name="tenants"),
    path("internal/tenants/<int:tenant_id>", views.tenant_detail, name="tenant_detail"),
    path("internal/tenants/<int:tenant_id>/status", views.tenant_status, name="tenant_status"),
    path("internal/tenants/<int:tenant_id>/plan", views.tenant_plan, name="tenant_plan"),
    path("internal/audit-log", audit.audit_log, name="audit_log"),
    path("internal/audit-log/export.csv", audit.audit_export, name="audit_export"),
    path("internal/status", views.status_page, name="status_page"),
]
