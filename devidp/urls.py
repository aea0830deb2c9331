from django.urls import path

from .views import authorize, endpoints, logout, metadata, signin

urlpatterns = [
    path(".well-known/openid-configuration", metadata.discovery),
    path("jwks", metadata.jwks),
    path("authorize", authorize.authorize),
    path("token", endpoints.token),
    path("userinfo", endpoints.userinfo),
    path("logout", logout.end_session),
    path("signin/password", signin.password),
    path("signin/mfa", signin.mfa),
    path("signin/recovery", signin.recovery),
    path("signin/enroll", signin.enroll),
    path("signin/enroll/done", signin.enroll_done),
    path("forgot-password", signin.forgot_password),
    path("", signin.home),
]
