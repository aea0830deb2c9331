from django.urls import path

from portal.team import views

app_name = "team"
urlpatterns = [
    path("team", views.VIEWS.show, name="team"),
    path("team/invite", views.VIEWS.invite, name="invite"),
    path("team/members/<int:membership_id>/role", views.VIEWS.change_role, name="member_role"),
    path("team/members/<int:membership_id>/remove", views.VIEWS.remove, name="member_remove"),
]
