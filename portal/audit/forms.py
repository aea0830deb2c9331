"""The audit log's filters, read from the query string."""

from __future__ import annotations

from django import forms

from portal.audit.models import Action, Outcome
from portal.audit.selectors import AuditFilters
from portal.core.forms import DateRangeFilterForm


class AuditFilterForm(DateRangeFilterForm):
    field_order = ("action", "outcome", "actor", "date_from", "date_to")

    action = forms.ChoiceField(
        label="Action",
        required=False,
        choices=[("", "Any action"), *Action.choices],
        error_messages={"invalid_choice": "Choose one of the listed actions."},
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        required=False,
        choices=[("", "Any outcome"), *Outcome.choices],
        error_messages={"invalid_choice": "Choose one of the listed outcomes."},
    )
    actor = forms.CharField(
        label="Actor",
        required=False,
        max_length=100,
        help_text="Who did it: a name or email address, or part of one.",
        error_messages={"max_length": "Enter at most 100 characters."},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def filters(self) -> AuditFilters:
        """The cleaned filters; only after ``is_valid()``."""
        created_from, created_before = self.time_bounds()
        return AuditFilters(
            action=self.cleaned_data.get("action", ""),
            outcome=self.cleaned_data.get("outcome", ""),
            actor=self.cleaned_data.get("actor", ""),
            created_from=created_from,
            created_before=created_before,
        )
