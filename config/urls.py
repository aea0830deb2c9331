from django.urls import include, path

urlpatterns = [
    path("", include("portal.core.urls")),
    path("", include("portal.accounts.urls")),
    path("", include("portal.access.urls")),
    path("", include("portal.dashboard.urls")),
    path("", include("portal.calls.urls")),
    path("", include("portal.support.urls")),
    path("", include("portal.status.urls")),
    path("", include("portal.billing.urls")),
    path("", include("portal.audit.urls")),
    path("", include("portal.team.urls")),
    path("", include("portal.partner.urls")),
    path("", include("portal.internal.urls")),
    path("", include("portal.api.urls")),
    path("", include("portal.api.page_urls")),
]
