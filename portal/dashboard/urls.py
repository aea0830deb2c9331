from django.urls import path

from portal.dashboard import views

app_name = "dashboard"

urlpatterns = [path("dashboard", views.dashboard, name="dashboard")]
