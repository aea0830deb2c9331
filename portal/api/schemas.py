"""What the API reads and writes, as published in its OpenAPI document."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import AwareDatetime, ConfigDict, StringConstraints, field_validator

from portal.calls.models import Call

#: E.164: a plus, a country code that does not start with 0, 15 digits at most in all.
E164 = r"^\+[1-9][0-9]{6,14}$"
SLUG = r"^[-a-zA-Z0-9_]+$"
METADATA_MAX_ITEMS = 50


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


METADATA_NAME = r"^[A-Za-z0-9_.-]+$"
MetadataKey = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=METADATA_NAME)]
#: Text of any language, without NUL (which not every database keeps in JSON).
MetadataValue = Annotated[str, StringConstraints(max_length=500, pattern=r"^[^\x00]*$")]


def _metadata_schema(schema: dict[str, Any]) -> None:
    """Name rules as ``propertyNames``, value rules for every property (pydantic would write
    ``patternProperties``, which leaves names outside the pattern unconstrained)."""
    values = schema.pop("patternProperties", {}).get(METADATA_NAME, {})
    schema["propertyNames"] = {"minLength": 1, "maxLength": 40, "pattern": METADATA_NAME}
    schema["additionalProperties"] = values


class CallRequest(Schema):
    model_config = ConfigDict(extra="forbid")

    project: str = Field(
        max_length=60, pattern=SLUG, description="The project's slug.", examples=["bookings"]
    )
    phone_number: str = Field(
        pattern=E164, description="The number to call, in E.164.", examples=["+61412345678"]
    )
    metadata: dict[MetadataKey, MetadataValue] = Field(
        default_factory=dict,
        max_length=METADATA_MAX_ITEMS,
        json_schema_extra=_metadata_schema,
        description=(
            f"Your own labels, kept with the call: up to {METADATA_MAX_ITEMS} names (letters, "
            "digits, `_.-`, 40 at most) with text values (500 characters at most)."
        ),
    )

    @field_validator("metadata")
    @classmethod
    def _storable(cls, value: dict[str, str]) -> dict[str, str]:
        for text in value.values():
            try:
                text.encode()
            except UnicodeEncodeError:
                raise ValueError("values must be valid Unicode text") from None
        return value


#: RFC 3339 date-time, as the OpenAPI ``date-time`` format means (pydantic alone would also
#: take a number of seconds).
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")


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

    @field_validator("started_from", "started_before", mode="before")
    @classmethod
    def _rfc3339(cls, value: object) -> object:
        if value is not None and not (isinstance(value, str) and RFC3339.fullmatch(value)):
            raise ValueError("use an RFC 3339 date-time, like 2026-07-01T00:00:00Z")
        return value

    @field_validator("started_from", "started_before")
    @classmethod
    def _in_range(cls, value: dt.datetime | None) -> dt.datetime | None:
        return None if value is None else _storable_time(value)
