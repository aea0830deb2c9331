from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def money(cents: int, currency: str = "AUD") -> str:
    """``123456, "AUD"`` → ``1,234.56 AUD``: two decimals and the currency, always."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(int(cents)), 100)
    return f"{sign}{whole:,}.{part:02d} {currency}"
