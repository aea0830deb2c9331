"""The dashboard's figures, for the caller's scope only (through ``calls_visible``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, IntegerField, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from portal.access.context import AccessContext
from portal.calls.models import Call
from portal.calls.selectors import call_minutes, calls_visible

DAYS = 30
RECENT = 10
#: A call counts as a success when it was answered and the conversation lasted this long:
#: long enough to be more than a greeting or a voicemail.
SUCCESS_SECONDS = 60
#: Calls that have come to an end, the denominator of both rates; queued calls and calls in
#: progress have no result yet.
FINISHED = (
    Call.Status.COMPLETED,
    Call.Status.NO_ANSWER,
    Call.Status.BUSY,
    Call.Status.FAILED,
)


@dataclass(frozen=True)
class Figures:
    calls: int = 0
    finished: int = 0
    answered: int = 0
    successful: int = 0
    #: Each call's talk time rounded up to the whole minute, as the bill counts it.
    minutes: int = 0

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.calls + other.calls,
            self.finished + other.finished,
            self.answered + other.answered,
            self.successful + other.successful,
            self.minutes + other.minutes,
        )

    @property
    def answer_rate(self) -> float | None:
        """Answered calls per finished call; ``None`` when nothing has finished."""
        return self.answered / self.finished if self.finished else None

    @property
    def success_rate(self) -> float | None:
        return self.successful / self.finished if self.finished else None


@dataclass(frozen=True)
class Day:
    day: dt.date
    figures: Figures


@dataclass(frozen=True)
class Period:
    label: str
    first_day: dt.date
    last_day: dt.date
    figures: Figures


@dataclass(frozen=True)
class DashboardStats:
    periods: list[Period]
    #: The last ``DAYS`` days, oldest first, today last; days without calls included.
    days: list[Day]
    recent: list[Call]


def dashboard_stats(
    *, context: AccessContext, now: dt.datetime, client_id: int | None = None
) -> DashboardStats:
    """Today, the last 7 and the last 30 days, and the most recent calls: two queries.

    Days are the current time zone's; the periods are sums of the daily figures, so the
    chart and the numbers beside it cannot disagree.
    """
    calls = calls_visible(context=context)
    if client_id is not None:
        calls = calls.filter(tenant_id=client_id)
    today = timezone.localtime(now).date()
    first = today - dt.timedelta(days=DAYS - 1)
    zone = timezone.get_current_timezone()
    rows = (
        calls.filter(started_at__gte=_midnight(first), started_at__lt=_midnight(today, days=1))
        .annotate(day=TruncDate("started_at", tzinfo=zone))
        .values("day")
        .annotate(
            calls=Count("id"),
            finished=Count("id", filter=Q(status__in=FINISHED)),
            answered=Count("id", filter=Q(status=Call.Status.COMPLETED)),
            successful=Count(
                "id",
                filter=Q(status=Call.Status.COMPLETED, duration_seconds__gte=SUCCESS_SECONDS),
            ),
            minutes=Sum(call_minutes(), output_field=IntegerField()),
        )
        .order_by("day")
    )
    by_day = {
        row["day"]: Figures(
            calls=row["calls"],
            finished=row["finished"],
            answered=row["answered"],
            successful=row["successful"],
            minutes=row["minutes"] or 0,
        )
        for row in rows
    }
    days = [
        Day(day, by_day.get(day, Figures()))
        for day in (first + dt.timedelta(days=n) for n in range(DAYS))
    ]
    periods = [
        _period("Today", days[-1:]),
        _period("Last 7 days", days[-7:]),
        _period(f"Last {DAYS} days", days),
    ]
    recent = list(calls.order_by("-started_at", "-id")[:RECENT])
    return DashboardStats(periods=periods, days=days, recent=recent)


def _period(label: str, days: list[Day]) -> Period:
    total = Figures()
    for day in days:
        total += day.figures
    return Period(label, days[0].day, days[-1].day, total)


def _midnight(day: dt.date, *, days: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=days), dt.time.min))
