"""A call's life as the detail page tells it: queued, started, ended."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal.calls.models import Call

_ENDINGS: dict[str, str] = {
    Call.Status.COMPLETED.value: "Ended",
    Call.Status.NO_ANSWER.value: "Ended without an answer",
    Call.Status.BUSY.value: "Ended: the line was busy",
    Call.Status.FAILED.value: "Ended: the call failed",
}


@dataclass(frozen=True)
class Step:
    label: str
    at: dt.datetime
    #: The step the call is at now (still queued, or in progress).
    current: bool = False


def call_timeline(call: Call) -> list[Step]:
    """The steps the call has reached, from its times and status."""
    # Calls are recorded when they are queued; a call imported later starts before that.
    queued = Step("Queued", min(call.created_at, call.started_at))
    if call.status == Call.Status.QUEUED:
        return [Step("Queued, waiting to start", queued.at, current=True)]
    if call.status == Call.Status.IN_PROGRESS:
        return [queued, Step("Started, in progress", call.started_at, current=True)]
    ended_at = call.started_at + dt.timedelta(seconds=call.duration_seconds)
    ending = _ENDINGS.get(call.status, "Ended")
    return [queued, Step("Started", call.started_at), Step(ending, ended_at)]
