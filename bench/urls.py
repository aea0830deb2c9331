"""The portal's URLs plus one bare view, the yardstick the pages are measured against.

The bare view passes through the same middleware as ``/dashboard`` (session, access context,
policy) and renders nothing: ``/dashboard``'s throughput over its throughput is what the
dashboard's own work costs. It is declared to the access policy like every route, and
exists only under ``config.settings.bench``.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from portal.access.policy import ROUTES_BY_NAME, Route, Surface
from portal.access.request import access_context

BARE = Route("bench:bare", Surface.CUSTOMER, view="dashboard:view")
ROUTES_BY_NAME[BARE.name] = BARE


def bare(request: HttpRequest) -> HttpResponse:
    access_context(request)
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", include("config.urls")),
    path("bench/", include(([path("bare", bare, name="bare")], "bench"))),
]
