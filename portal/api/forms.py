"""What an admin submits on Settings and Integrations: a new API key, a webhook endpoint."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from portal.team.pages import Problem
from portal.tenancy.models import Project


def form_problems(form: forms.Form) -> list[Problem]:
    """A refused form's messages for the error summary, each linked to its control."""
    problems: list[Problem] = []
    for name, errors in form.errors.items():
        anchor = form[name].auto_id if name in form.fields else ""
        problems.extend(Problem(str(message), anchor) for message in errors)
    return problems


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What the key is for, e.g. “CRM sync”.",
        error_messages={
            "required": "Give the key a name.",
            "max_length": "Keep the name to 100 characters or fewer.",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    expires_on = forms.DateField(
        label="Expires on (optional)",
        required=False,
        help_text="The key stops working at 00:00 UTC on this date. Leave empty for no expiry.",
        error_messages={"invalid": "Enter a date, like 2027-06-30."},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(
        self, *args: Any, projects: list[Project], must_narrow: bool, id_prefix: str, **kwargs: Any
    ) -> None:
        kwargs.setdefault("auto_id", f"{id_prefix}-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.must_narrow = must_narrow
        self._projects = {str(project.pk): project for project in projects}
        self.fields["projects"] = forms.MultipleChoiceField(
            label="Projects (optional)",
            required=False,
            choices=[(str(project.pk), project.name) for project in projects],
            help_text=(
                "Choose at least one: your own access covers only some projects."
                if must_narrow
                else "Leave all unticked for every project, now and future."
            ),
            error_messages={"invalid_choice": "Choose projects from the list."},
            widget=forms.CheckboxSelectMultiple,
        )

    def clean_expires_on(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data.get("expires_on")
        if day is not None and day <= timezone.now().date():
            raise forms.ValidationError("Choose a date after today.")
        return day

    def clean_projects(self) -> list[Project]:
        chosen = [self._projects[pk] for pk in self.cleaned_data.get("projects", [])]
        if self.must_narrow and not chosen:
            raise forms.ValidationError(
                "Choose at least one project: your own access covers only some projects."
            )
        return chosen

    def expires_at(self) -> dt.datetime | None:
        day = self.cleaned_data.get("expires_on")
        return None if day is None else dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


WEBHOOK_HTTPS = "Enter an https:// address, like https://crm.example.com/aidial."


class WebhookForm(forms.Form):
    url = forms.URLField(
        label="HTTPS address",
        max_length=500,
        assume_scheme="https",
        error_messages={
            "required": "Enter the address AiDial should post call events to.",
            "invalid": WEBHOOK_HTTPS,
            "max_length": "Keep the address to 500 characters or fewer.",
        },
        widget=forms.URLInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    description = forms.CharField(
        label="Description (optional)",
        max_length=200,
        required=False,
        error_messages={"max_length": "Keep the description to 200 characters or fewer."},
    )

    def __init__(self, *args: Any, id_prefix: str, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{id_prefix}-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        if not url.lower().startswith("https://"):
            raise forms.ValidationError(WEBHOOK_HTTPS)
        return url
