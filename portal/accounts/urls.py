from django.urls import path

from portal.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("login", views.login, name="login"),
    path("logout", views.logout, name="logout"),
    path("auth/callback", views.callback, name="callback"),
    path("auth/signed-out", views.signed_out, name="signed_out"),
    path("settings", views.settings_page, name="settings"),
    path(
        "settings/sessions/<int:session_id>/revoke",
        views.session_revoke_view,
        name="session_revoke",
    ),
    path("settings/mfa/<str:action>", views.mfa_start, name="mfa_start"),
    path("settings/reauthenticate", views.reauthenticate_view, name="reauthenticate"),
    path(
        "settings/sessions/revoke-others",
        views.sessions_revoke_others_view,
        name="sessions_revoke_others",
    ),
]
