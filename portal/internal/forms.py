"""What AiDial's staff submit in the internal surface: tenant searches and tenant changes."""

from __future__ import annotations

import re

from django import forms
from django.core.validators import RegexValidator

from portal.tenancy.models import FEATURES, Tenant

FEATURE_LABELS = {"team": "Team", "partner_workspace": "Partner workspace"}
_EMAIL_LIKE = re.compile(r"\S+@\S+")


class TenantSearchForm(forms.Form):
    q = forms.CharField(
        label="Name or slug",
        required=False,
        max_length=100,
        error_messages={"max_length": "Search for at most 100 characters."},
    )
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "All kinds"), *Tenant.Kind.choices],
        error_messages={"invalid_choice": "Choose a kind from the list."},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "All statuses"), *Tenant.Status.choices],
        error_messages={"invalid_choice": "Choose a status from the list."},
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=100_000,
        error_messages={
            "invalid": "That page does not exist.",
            "min_value": "That page does not exist.",
            "max_value": "That page does not exist.",
        },
    )


def _no_email(value: str) -> None:
    if _EMAIL_LIKE.search(value):
        raise forms.ValidationError(
            "Leave email addresses out of the reason: it is kept in the audit trail."
        )


class TenantStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Action",
        choices=[(Tenant.Status.SUSPENDED, "Suspend"), (Tenant.Status.ACTIVE, "Reactivate")],
        error_messages={
            "required": "Choose suspend or reactivate.",
            "invalid_choice": "Choose suspend or reactivate.",
        },
    )
    reason = forms.CharField(
        label="Reason",
        min_length=3,
        max_length=500,
        validators=[_no_email],
        help_text="Kept in the audit trail, where the organisation's administrators see it too.",
        error_messages={
            "required": "Give a reason (at least 3 characters).",
            "min_length": "Give a reason (at least 3 characters).",
            "max_length": "Keep the reason to 500 characters.",
        },
    )

    @classmethod
    def for_tenant(cls, tenant: Tenant) -> TenantStatusForm:
        """Offers what can be done next: reactivate a suspended tenant, else suspend it."""
        suspended = tenant.status == Tenant.Status.SUSPENDED
        return cls(
            initial={"status": Tenant.Status.ACTIVE if suspended else Tenant.Status.SUSPENDED}
        )


class TenantPlanForm(forms.Form):
    plan = forms.CharField(
        label="Plan",
        max_length=40,
        validators=[
            RegexValidator(
                r"^[a-z0-9][a-z0-9_-]*\Z",
                "Use lower-case letters, digits, hyphens and underscores for the plan.",
            )
        ],
        error_messages={
            "required": "Enter the plan.",
            "max_length": "Keep the plan to 40 characters.",
        },
    )
    features = forms.MultipleChoiceField(
        label="Features",
        required=False,
        choices=[(name, FEATURE_LABELS.get(name, name)) for name in FEATURES],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose features from the list."},
    )

    @classmethod
    def for_tenant(cls, tenant: Tenant) -> TenantPlanForm:
        features = [f for f in FEATURES if tenant.has_feature(f)]
        return cls(initial={"plan": tenant.plan, "features": features})
