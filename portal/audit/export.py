"""The audit log as CSV, written row by row as the database hands the rows over."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

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


def audit_csv_lines(
    *, events: QuerySet[AuditEvent], with_tenants: bool, own_tenant_id: int | None = None
) -> Iterator[str]:
    """The header, then one line per event, fetched ``CHUNK_SIZE`` rows at a time.

    In an organisation's own log (``own_tenant_id``), a person of another organisation (AiDial
    staff, a partner's people) is named by that organisation alone, without name, address, IP
    address or browser.
    """
    columns = (*_COLUMNS[:3], *_TENANT_COLUMNS, *_COLUMNS[3:]) if with_tenants else _COLUMNS
    fields = [field for _, field in columns]
    actor = fields.index("actor__name")
    network = fields.index("ip")
    rows = events.values_list(*fields, "actor_tenant_id", "actor_tenant__name")

    def cells(row: tuple[Any, ...]) -> list[Any]:
        *values, actor_tenant_id, actor_tenant_name = row
        if own_tenant_id is not None and actor_tenant_id != own_tenant_id:
            values[actor : actor + 2] = [actor_tenant_name or "", ""]
            values[network : network + 2] = ["", ""]
        values[-1] = json.dumps(values[-1], sort_keys=True) if values[-1] else ""
        return values

    return csv_lines(
        header=[name for name, _ in columns],
        rows=(cells(row) for row in rows.iterator(chunk_size=CHUNK_SIZE)),
    )
