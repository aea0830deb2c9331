"""What an admin submits on a members page: an invitation, or a member's new role."""

from __future__ import annotations

from typing import Any

from django import forms

from portal.access.roles import ROLE_LABELS
from portal.accounts.models import normalize_email

INVALID_ROLE = "Choose one of your organisation's roles."


def role_choices(roles: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(role, ROLE_LABELS.get(role, role)) for role in roles]


class _RoleField(forms.ChoiceField):
    def __init__(self, roles: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(
            choices=role_choices(roles),
            error_messages={"required": INVALID_ROLE, "invalid_choice": INVALID_ROLE},
            **kwargs,
        )


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter the person's email address.",
            "invalid": "Enter a valid email address, like name@example.com.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={"required": "Enter the person's name."},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, roles: tuple[str, ...], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "invite-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["role"] = _RoleField(roles, label="Role")

    def clean_email(self) -> str:
        return normalize_email(self.cleaned_data["email"])


class RoleForm(forms.Form):
    def __init__(self, *args: Any, roles: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"] = _RoleField(roles)
