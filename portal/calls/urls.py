from django.urls import path

from portal.calls import views

app_name = "calls"

urlpatterns = [
    path("calls", views.call_list, name="list"),
    path("calls/export.csv", views.call_export, name="export"),
    path("calls/<int:call_id>", views.call_detail, name="detail"),
]
