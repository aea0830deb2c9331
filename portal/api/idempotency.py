"""``Idempotency-Key`` for requests that create something: a retry gets the first answer.

The same key with the same body (compared as validated JSON, so spacing and key order do not
matter) replays the stored response; with a different body it is a 409. A key is remembered
for ``TTL``, per API key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.utils import timezone

from portal.api.errors import ApiError
from portal.api.models import ApiKey, IdempotencyRecord

TTL = dt.timedelta(hours=24)
HEADER = "Idempotency-Key"


def request_digest(body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def idempotent_replay(*, api_key: ApiKey, key: str, digest: str) -> tuple[int, Any] | None:
    """The stored response for this key, ``None`` for a new key; 409 for another body."""
    record = IdempotencyRecord.objects.filter(api_key=api_key, key=key).first()
    if record is None:
        return None
    if record.created_at < timezone.now() - TTL:
        record.delete()
        return None
    if record.request_digest != digest:
        raise ApiError(
            409,
            "idempotency_key_reused",
            "This Idempotency-Key was already used with a different request body.",
        )
    return record.response_status, record.response_body


def idempotent_remember(
    *, api_key: ApiKey, key: str, digest: str, status: int, body: dict[str, Any]
) -> None:
    IdempotencyRecord.objects.create(
        api_key=api_key, key=key, request_digest=digest, response_status=status, response_body=body
    )
