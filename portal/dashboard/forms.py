"""The dashboard's client switcher, for callers who see several clients."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from portal.tenancy.models import Tenant


class ClientSwitchForm(forms.Form):
    client = forms.ChoiceField(
        label="Show figures for",
        required=False,
        error_messages={"invalid_choice": "Choose one of the listed clients."},
    )

    def __init__(self, data: Any, *, clients: list[Tenant]) -> None:
        super().__init__(data, label_suffix="")
        cast(forms.ChoiceField, self.fields["client"]).choices = [
            ("", "All clients"),
            *((str(c.pk), c.name) for c in clients),
        ]

    def client_id(self) -> int | None:
        """The chosen client; only after ``is_valid()``."""
        value = self.cleaned_data.get("client")
        return int(value) if value else None
