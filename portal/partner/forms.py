"""What a partner user submits on the Clients page."""

from __future__ import annotations

from django import forms

CHOOSE_A_CLIENT = "Choose one of your clients, or all clients."


class ActiveClientForm(forms.Form):
    """The client to work on: an id, or empty for all clients. Whether the id is in the
    caller's scope is the selector's question (an id outside it is a 404, not a form error)."""

    client = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        error_messages={
            "invalid": CHOOSE_A_CLIENT,
            "min_value": CHOOSE_A_CLIENT,
            "max_value": CHOOSE_A_CLIENT,
        },
    )
