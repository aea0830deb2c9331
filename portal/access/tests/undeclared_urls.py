from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def secret(request: HttpRequest) -> HttpResponse:
    return HttpResponse("a view nobody declared")


urlpatterns = [
    path("", include("config.urls")),
    path("undeclared", secret, name="undeclared"),
]
