from django.urls import path

from portal.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login", views.login, name="login"),
]
