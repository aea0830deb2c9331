from django.urls import path

from portal.partner import views

app_name = "partner"
urlpatterns = [
    path("partner/clients", views.clients, name="clients"),
    path("partner/clients/active", views.client_switch, name="client_switch"),
    path("partner/projects", views.projects, name="projects"),
    path("partner/integrations", views.integrations, name="integrations"),
    path("partner/team", views.team, name="team"),
    path("partner/team/invite", views.member_invite, name="member_invite"),
    path("partner/team/members/<int:membership_id>/role", views.member_role, name="member_role"),
    path(
        "partner/team/members/<int:membership_id>/remove",
        views.member_remove,
        name="member_remove",
    ),
]
