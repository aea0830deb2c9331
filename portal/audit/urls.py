from django.urls import path

from portal.audit import views

app_name = "audit"
urlpatterns = [
    path("audit-log", views.audit_log, name="audit_log"),
    path("audit-log/export.csv", views.audit_export, name="audit_export"),
]
