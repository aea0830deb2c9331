from __future__ import annotations

from typing import Any

from django import forms

from portal.support.models import MESSAGE_MAX_LENGTH, SupportTicket


class TicketForm(forms.Form):
    subject = forms.CharField(
        label="Subject",
        min_length=3,
        max_length=200,
        error_messages={"required": "Give your request a short subject."},
    )
    category = forms.ChoiceField(
        label="What is it about?",
        choices=[("", "Choose a topic"), *SupportTicket.Category.choices],
        error_messages={"required": "Choose what your request is about."},
    )
    message = forms.CharField(
        label="Message",
        min_length=10,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=(
            "What happened, when, and the call or project it concerns. "
            "Never include passwords, one-time codes or API keys."
        ),
        error_messages={"required": "Tell us what you need help with."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
