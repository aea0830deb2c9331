from django.urls import path

from portal.partner import views

app_name = "partner"
urlpatterns = [
    path("partner/clients", views.clients, name="clients"),
    path("partner/projects", views.projects, name="projects"),
    path("partner/integrations", views.integrations, name="integrations"),
    path("partner/team", views.team, name="team"),
]
