"""The daily calls chart as plain geometry, drawn as inline SVG by the template.

Only coordinates leave Python; every colour and font comes from the stylesheet (the
Content-Security-Policy allows no style attributes).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.formats import date_format

from portal.dashboard.selectors import Day

WIDTH = 640
HEIGHT = 220
LEFT = 40
RIGHT = 8
TOP = 12
BOTTOM = 28
GAP = 0.25  # of a bar's slot


@dataclass(frozen=True)
class Bar:
    label: str
    x: float
    width: float
    #: The answered part sits at the bottom, the rest of the day's calls on top of it.
    answered_y: float
    answered_height: float
    other_y: float
    other_height: float


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class XLabel:
    text: str
    x: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    baseline: float
    bars: list[Bar]
    ticks: list[Tick]
    labels: list[XLabel]
    label_y: float

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def _nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, ... at or above ``value`` (at least 4)."""
    value = max(value, 4)
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def daily_chart(*, days: list[Day]) -> Chart:
    top = _nice_ceiling(max((d.figures.calls for d in days), default=0))
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height
    slot = (WIDTH - LEFT - RIGHT) / max(len(days), 1)
    width = slot * (1 - GAP)

    def y_of(value: int) -> float:
        return round(baseline - plot_height * value / top, 2)

    bars = []
    labels = []
    for index, day in enumerate(days):
        x = round(LEFT + slot * index + (slot - width) / 2, 2)
        answered, other = day.figures.answered, day.figures.calls - day.figures.answered
        answered_y = y_of(answered)
        other_y = y_of(answered + other)
        bars.append(
            Bar(
                label=(
                    f"{date_format(day.day, 'D j M')}: {day.figures.calls} calls, "
                    f"{answered} answered"
                ),
                x=x,
                width=round(width, 2),
                answered_y=answered_y,
                answered_height=round(baseline - answered_y, 2),
                other_y=other_y,
                other_height=round(answered_y - other_y, 2),
            )
        )
        # Weekly labels, counted back from today so that today is always labelled.
        if (len(days) - 1 - index) % 7 == 0:
            labels.append(XLabel(date_format(day.day, "j M"), round(x + width / 2, 2)))
    ticks = [Tick(value, y_of(value)) for value in (0, top // 2, top)]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        baseline=baseline,
        bars=bars,
        ticks=ticks,
        labels=labels,
        label_y=HEIGHT - 8,
    )
