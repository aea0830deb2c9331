from django.urls import path

from portal.partner import views

app_name = "partner"
urlpatterns = [
    path("partner/clients", views.clients, name="clients"),
    path("partner/clients/active", views.client_switch, name="client_switch"),
    path("partner/projects", views.projects, name="projects"),
    path("partner/integrations", views.integrations, name="integrations"),
    path("partner/team", views.TEAM_VIEWS.show, name="team"),
    path("partner/team/invite", views.TEAM_VIEWS.invite, name="member_invite"),
    path(
        "partner/team/members/<int:membership_id>/role",
        views.TEAM_VIEWS.change_role,
        name="member_role",
    ),
    path(
        "partner/team/members/<int:membership_id>/remove",
        views.TEAM_VIEWS.remove,
        name="member_remove",
    ),
]
