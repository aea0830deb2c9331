"""How the dashboard's figures read."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def percent(rate: float | None) -> str:
    """0.734 -> ``73%``; no rate (nothing finished yet) -> ``—``."""
    if rate is None:
        return "—"
    return f"{round(rate * 100)}%"
