"""What a scoped selector needs to know about its caller: which clients and projects it reaches.

A signed-in person's ``AccessContext`` and an API key's caller both provide it, so the same
selectors serve the pages and the integration API.
"""

from __future__ import annotations

from typing import Protocol


class DataScope(Protocol):
    @property
    def client_ids(self) -> frozenset[int]: ...

    #: ``None``: every project of those clients.
    @property
    def project_ids(self) -> frozenset[int] | None: ...
