"""What the API reads and writes, as published in its OpenAPI document."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ninja import Field, Schema
from pydantic import AwareDatetime, ConfigDict, field_validator

from portal.calls.models import Call

#: E.164: a plus, a country code that does not start with 0, 15 digits at most in all.
E164 = r"^\+[1-9][0-9]{6,14}$"
SLUG = r"^[-a-zA-Z0-9_]+$"
METADATA_MAX_BYTES = 4096


class Project(Schema):
    slug: str
    name: str


class ProjectList(Schema):
    items: list[Project]


class CallOut(Schema):
    id: int
    project: str = Field(description="The project's slug.")
    direction: Call.Direction
    status: Call.Status
    phone_number: str
    started_at: dt.datetime
    duration_seconds: int
    outcome: str
    metadata: dict[str, Any]
    created_at: dt.datetime


class CallDetail(CallOut):
    transcript: str
    recording_url: str


class CallPage(Schema):
    items: list[CallOut]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next (older) page; null on the last page."
    )


def _reject_nul(value: Any) -> None:
    """NUL cannot be stored in every database's JSON; refuse it at the door."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("strings may not contain NUL characters")
    elif isinstance(value, dict):
        for key, item in value.items():
            _reject_nul(key)
            _reject_nul(item)
    elif isinstance(value, list):
        for item in value:
            _reject_nul(item)


class CallRequest(Schema):
    model_config = ConfigDict(extra="forbid")

    project: str = Field(max_length=60, pattern=SLUG, description="The project's slug.")
    phone_number: str = Field(pattern=E164, description="The number to call, in E.164.")
    metadata: dict[str, Any] = Field(
        default_factory=dict,
        description=f"Your data, kept with the call (JSON, {METADATA_MAX_BYTES} bytes at most).",
    )

    @field_validator("metadata")
    @classmethod
    def _metadata_small_and_storable(cls, value: dict[str, Any]) -> dict[str, Any]:
        _reject_nul(value)
        if len(json.dumps(value, separators=(",", ":")).encode()) > METADATA_MAX_BYTES:
            raise ValueError(f"metadata may hold at most {METADATA_MAX_BYTES} bytes of JSON")
        return value


def _storable_time(value: dt.datetime) -> dt.datetime:
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError("time out of range") from None


class CallFilters(Schema):
    project: str | None = Field(None, max_length=60, pattern=SLUG, description="A project slug.")
    status: Call.Status | None = None
    direction: Call.Direction | None = None
    started_from: AwareDatetime | None = Field(None, description="Started at or after (RFC 3339).")
    started_before: AwareDatetime | None = Field(None, description="Started before (RFC 3339).")
    cursor: str | None = Field(None, max_length=500)
    limit: int = Field(50, ge=1, le=100)

    @field_validator("started_from", "started_before")
    @classmethod
    def _in_range(cls, value: dt.datetime | None) -> dt.datetime | None:
        return None if value is None else _storable_time(value)
