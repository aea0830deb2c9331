from typing import Any

from django import forms

from portal.accounts.models import normalize_email


class SignInForm(forms.Form):
    """The only thing the portal asks for: the email to pass to the identity provider."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        return normalize_email(self.cleaned_data["email"])
