from django.urls import path

from portal.access import views

app_name = "access"
urlpatterns = [
    path("help/sign-in", views.help_sign_in, name="help_sign_in"),
    path("help/roles", views.help_roles, name="help_roles"),
]
