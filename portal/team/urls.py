from django.urls import path

from portal.team import views

app_name = "team"
urlpatterns = [
    path("team", views.team, name="team"),
    path("team/invite", views.invite, name="invite"),
    path("team/members/<int:membership_id>/role", views.member_role, name="member_role"),
    path("team/members/<int:membership_id>/remove", views.member_remove, name="member_remove"),
]
