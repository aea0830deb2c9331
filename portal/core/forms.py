"""What every list's filter form shares: a date range, and the filters as a query string."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.http import urlencode

#: Dates outside this range are refused: no rows there, and no date arithmetic to overflow.
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2099, 12, 31)


def refuse_unknown_objects(form: forms.Form, *names: str) -> None:
    """An id outside the caller's scope (or one that does not exist) in a filter is the same
    404 as in a URL (spec section 5), never a message that it exists elsewhere."""
    problems = form.errors.as_data()
    if any(error.code == "invalid_choice" for name in names for error in problems.get(name, ())):
        raise Http404


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(
            format="%Y-%m-%d",
            attrs={"type": "date", "min": EARLIEST.isoformat(), "max": LATEST.isoformat()},
        ),
        error_messages={"invalid": "Enter a date such as 2026-03-31."},
    )


class DateRangeFilterForm(forms.Form):
    """Filters read from the query string, with an optional inclusive range of days."""

    date_from = _date_field("From")
    date_to = _date_field("To")

    def __init__(self, data: Any) -> None:
        super().__init__(data, label_suffix="")

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

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date must be on or after the start date.")
        return data

    def time_bounds(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """The range as an inclusive start and an exclusive end, in the current time zone
        (the one dates are shown in); only after ``is_valid()``."""
        start: dt.date | None = self.cleaned_data.get("date_from")
        end: dt.date | None = self.cleaned_data.get("date_to")
        return (
            _midnight(start) if start else None,
            _midnight(end + dt.timedelta(days=1)) if end else None,
        )

    def query_string(self) -> str:
        """The filters as submitted, for links that keep them (pages, the CSV export)."""
        return urlencode(
            [(name, self.data[name]) for name in self.fields if self.data.get(name, "").strip()]
        )


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
