"""The forms of the internal status page."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from portal.status.models import ComponentStatus, Incident, ServiceComponent

_OPEN_STATUSES = [c for c in Incident.Status.choices if c[0] != Incident.Status.RESOLVED]


class _Form(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ComponentStatusesForm(_Form):
    """One status choice per component, starting from each one's current status."""

    def __init__(self, *args: Any, components: list[ServiceComponent], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.components = components
        for component in components:
            self.fields[f"component_{component.pk}"] = forms.ChoiceField(
                label=component.name, choices=ComponentStatus.choices, initial=component.status
            )

    def statuses(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data[f"component_{c.pk}"] for c in self.components}


class IncidentOpenForm(_Form):
    title = forms.CharField(label="Title", min_length=3, max_length=200)
    body = forms.CharField(
        label="What customers should know",
        min_length=10,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    impact = forms.ChoiceField(label="Impact", choices=Incident.Impact.choices)
    status = forms.ChoiceField(label="Status", choices=_OPEN_STATUSES)
    components = forms.TypedMultipleChoiceField(
        label="Affected services",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one affected service."},
    )

    def __init__(self, *args: Any, components: list[ServiceComponent], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedMultipleChoiceField, self.fields["components"])
        field.choices = [(c.pk, c.name) for c in components]


class IncidentUpdateForm(_Form):
    status = forms.ChoiceField(label="Status", choices=Incident.Status.choices)
    body = forms.CharField(
        label="Latest update",
        min_length=10,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @classmethod
    def for_incident(cls, incident: Incident, data: Any = None) -> IncidentUpdateForm:
        return cls(
            data,
            prefix=f"incident-{incident.pk}",
            initial={"status": incident.status, "body": incident.body},
        )
