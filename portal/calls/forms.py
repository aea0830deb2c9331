"""The calls list's filters, read from the query string."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms

from portal.calls.models import Call
from portal.calls.selectors import CallFilters, FilterOptions
from portal.core.forms import DateRangeFilterForm

_PHONE_SEPARATORS = re.compile(r"[\s\-().]")
_PHONE = re.compile(r"\+?[0-9]{3,15}")


class CallFilterForm(DateRangeFilterForm):
    field_order = ("client", "project", "status", "direction", "date_from", "date_to", "phone")

    client = forms.ChoiceField(
        label="Client",
        required=False,
        error_messages={"invalid_choice": "Choose one of the listed clients."},
    )
    project = forms.ChoiceField(
        label="Project",
        required=False,
        error_messages={"invalid_choice": "Choose one of the listed projects."},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *Call.Status.choices],
        error_messages={"invalid_choice": "Choose one of the listed statuses."},
    )
    direction = forms.ChoiceField(
        label="Direction",
        required=False,
        choices=[("", "Either direction"), *Call.Direction.choices],
        error_messages={"invalid_choice": "Choose inbound or outbound."},
    )
    phone = forms.CharField(
        label="Phone number",
        required=False,
        max_length=32,
        help_text="International format, such as +61412345678, or a few of its digits.",
        widget=forms.TextInput(
            attrs={"inputmode": "tel", "autocomplete": "off", "spellcheck": "false"}
        ),
    )

    def __init__(self, data: Any, *, options: FilterOptions) -> None:
        super().__init__(data)
        self.options = options
        if options.several_clients:
            self._set_choices(
                "client",
                [
                    ("", "All clients"),
                    *((str(client.pk), client.name) for client in options.clients),
                ],
            )
            grouped: dict[str, list[tuple[str, str]]] = {}
            for project in options.projects:
                grouped.setdefault(project.tenant.name, []).append((str(project.pk), project.name))
            self._set_choices("project", [("", "All projects"), *grouped.items()])
        else:
            del self.fields["client"]
            self._set_choices(
                "project",
                [("", "All projects"), *((str(p.pk), p.name) for p in options.projects)],
            )

    def _set_choices(self, name: str, choices: list[Any]) -> None:
        cast(forms.ChoiceField, self.fields[name]).choices = choices

    def clean_phone(self) -> str:
        value = _PHONE_SEPARATORS.sub("", self.cleaned_data.get("phone", ""))
        if value and not _PHONE.fullmatch(value):
            raise forms.ValidationError(
                "Enter a phone number in international format, such as +61412345678, "
                "or at least 3 of its digits.",
                code="invalid_phone",
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        client, project = data.get("client"), data.get("project")
        if client and project:
            owner = next(p.tenant_id for p in self.options.projects if str(p.pk) == project)
            if str(owner) != client:
                self.add_error("project", "That project belongs to another client.")
        return data

    def filters(self) -> CallFilters:
        """The cleaned filters; only after ``is_valid()``."""
        data = self.cleaned_data
        started_from, started_before = self.time_bounds()
        return CallFilters(
            client_id=int(data["client"]) if data.get("client") else None,
            project_id=int(data["project"]) if data.get("project") else None,
            status=data.get("status", ""),
            direction=data.get("direction", ""),
            started_from=started_from,
            started_before=started_before,
            phone=data.get("phone", ""),
        )
