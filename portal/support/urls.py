from django.urls import path

from portal.support import views

app_name = "support"
urlpatterns = [path("support", views.support, name="support")]
