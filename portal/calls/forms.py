"""The calls list's filters, read from the query string."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.http import urlencode

from portal.calls.models import Call
from portal.calls.selectors import CallFilters, FilterOptions

#: Dates outside this range are refused: no calls there, and no date arithmetic to overflow.
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2099, 12, 31)
_PHONE_SEPARATORS = re.compile(r"[\s\-().]")
_PHONE = re.compile(r"\+?[0-9]{3,15}")


def _date_widget() -> forms.DateInput:
    return forms.DateInput(
        format="%Y-%m-%d",
        attrs={"type": "date", "min": EARLIEST.isoformat(), "max": LATEST.isoformat()},
    )


class CallFilterForm(forms.Form):
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
    date_from = forms.DateField(
        label="From",
        required=False,
        widget=_date_widget(),
        error_messages={"invalid": "Enter a date such as 2026-03-31."},
    )
    date_to = forms.DateField(
        label="To",
        required=False,
        widget=_date_widget(),
        error_messages={"invalid": "Enter a date such as 2026-03-31."},
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
        super().__init__(data, label_suffix="")
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

    def _clean_date(self, name: str) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get(name)
        if value is not None and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(
                "Enter a date between 1 January 2000 and 31 December 2099.", code="out_of_range"
            )
        return value

    def clean_date_from(self) -> dt.date | None:
        return self._clean_date("date_from")

    def clean_date_to(self) -> dt.date | None:
        return self._clean_date("date_to")

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
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date must be on or after the start date.")
        client, project = data.get("client"), data.get("project")
        if client and project:
            owner = next(p.tenant_id for p in self.options.projects if str(p.pk) == project)
            if str(owner) != client:
                self.add_error("project", "That project belongs to another client.")
        return data

    def filters(self) -> CallFilters:
        """The cleaned filters; only after ``is_valid()``."""
        data = self.cleaned_data
        start: dt.date | None = data.get("date_from")
        end: dt.date | None = data.get("date_to")
        return CallFilters(
            client_id=int(data["client"]) if data.get("client") else None,
            project_id=int(data["project"]) if data.get("project") else None,
            status=data.get("status", ""),
            direction=data.get("direction", ""),
            started_from=_midnight(start) if start else None,
            started_before=_midnight(end + dt.timedelta(days=1)) if end else None,
            phone=data.get("phone", ""),
        )

    def query_string(self) -> str:
        """The filters as submitted, for links that keep them (pages, the CSV export)."""
        return urlencode(
            [(name, self.data[name]) for name in self.fields if self.data.get(name, "").strip()]
        )


def _midnight(day: dt.date) -> dt.datetime:
    """The start of ``day`` in the current time zone, the one dates are shown in."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
