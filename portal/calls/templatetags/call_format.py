"""How call figures read on a page."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def duration(seconds: int | None) -> str:
    """``m:ss``, or ``h:mm:ss`` from an hour: 61 -> ``1:01``, 3725 -> ``1:02:05``."""
    total = max(int(seconds or 0), 0)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


@register.filter
def iso_duration(seconds: int | None) -> str:
    """The same duration for a ``<time datetime>`` attribute: 61 -> ``PT61S``."""
    return f"PT{max(int(seconds or 0), 0)}S"
