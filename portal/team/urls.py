from django.urls import path

from portal.team import views

app_name = "team"
urlpatterns = [path("team", views.team, name="team")]
