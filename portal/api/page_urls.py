from django.urls import path

from portal.api import views

app_name = "integrations"
urlpatterns = [
    path("settings/api-keys", views.settings_key_create, name="settings_key_create"),
    path(
        "settings/api-keys/<int:key_id>/revoke",
        views.settings_key_revoke,
        name="settings_key_revoke",
    ),
    path(
        "partner/integrations/clients/<int:client_id>/api-keys",
        views.partner_key_create,
        name="partner_key_create",
    ),
    path(
        "partner/integrations/api-keys/<int:key_id>/revoke",
        views.partner_key_revoke,
        name="partner_key_revoke",
    ),
    path(
        "partner/integrations/clients/<int:client_id>/webhooks",
        views.partner_webhook_create,
        name="partner_webhook_create",
    ),
    path(
        "partner/integrations/webhooks/<int:endpoint_id>/active",
        views.partner_webhook_active,
        name="partner_webhook_active",
    ),
]
