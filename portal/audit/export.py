"""The audit log as CSV, written row by row as the database hands the rows over."""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.db.models import QuerySet

from portal.audit.models import AuditEvent
from portal.core.csv_export import CHUNK_SIZE, csv_lines

#: (column, field) of every export.
_COLUMNS = (
    ("time", "created_at"),
    ("action", "action"),
    ("outcome", "outcome"),
    ("actor", "actor__name"),
    ("actor_email", "actor__email"),
    ("reason", "reason"),
    ("ip", "ip"),
    ("user_agent", "user_agent"),
    ("details", "details"),
)
#: Added after ``outcome`` where the log spans organisations (the internal surface).
_TENANT_COLUMNS = (("actor_tenant", "actor_tenant__name"), ("target_tenant", "target_tenant__name"))


def audit_csv_lines(*, events: QuerySet[AuditEvent], with_tenants: bool) -> Iterator[str]:
    """The header, then one line per event, fetched ``CHUNK_SIZE`` rows at a time."""
    columns = (*_COLUMNS[:3], *_TENANT_COLUMNS, *_COLUMNS[3:]) if with_tenants else _COLUMNS
    details = len(columns) - 1
    rows = events.values_list(*(field for _, field in columns)).iterator(chunk_size=CHUNK_SIZE)
    return csv_lines(
        header=[name for name, _ in columns],
        rows=(
            (*row[:details], json.dumps(row[details], sort_keys=True) if row[details] else "")
            for row in rows
        ),
    )
