from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache

from portal.accounts import oidc
from portal.accounts.tests.forge_op import ForgeOp, running_forge_op
from tests.support.local_idp import CLIENT_ID, CLIENT_SECRET, LocalIdp, running_local_idp


@pytest.fixture(autouse=True)
def _fresh_oidc_state() -> Iterator[None]:
    """Each test meets the provider afresh: no discovery, JWKS or rate-limit state carried over."""
    oidc._apps.clear()
    cache.clear()
    yield
    oidc._apps.clear()


@pytest.fixture
def forge_op(settings: Any) -> Iterator[ForgeOp]:
    with running_forge_op() as op:
        settings.AIDIAL_OIDC_ISSUER = op.issuer
        settings.AIDIAL_OIDC_CLIENT_ID = "aidial-portal"
        settings.AIDIAL_OIDC_CLIENT_SECRET = "forge-secret"
        settings.AIDIAL_BASE_URL = "http://testserver"
        settings.AIDIAL_OIDC_TIMEOUT_SECONDS = 1
        yield op


@pytest.fixture(scope="session")
def local_idp(live_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalIdp]:
    with running_local_idp(tmp_path_factory.mktemp("devidp")) as idp:
        idp.register_portal(live_server.url)
        yield idp


@pytest.fixture
def portal_on_local_idp(settings: Any, live_server: Any, local_idp: LocalIdp) -> str:
    """Point the portal at the local identity provider; returns the portal's URL."""
    settings.AIDIAL_OIDC_ISSUER = local_idp.issuer
    settings.AIDIAL_OIDC_CLIENT_ID = CLIENT_ID
    settings.AIDIAL_OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.AIDIAL_BASE_URL = live_server.url
    settings.CSRF_TRUSTED_ORIGINS = [live_server.url]
    return str(live_server.url)
