"""An OpenID provider the tests control: it serves discovery, JWKS and a token endpoint over
real HTTP and answers with whatever the test wants, ID tokens it forges and signs included.

The portal cannot tell it from a real provider; the tests use it to send every kind of bad
response a hostile or broken provider could send.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

CLIENT_ID = "aidial-portal"


@dataclass
class ForgeOp:
    issuer: str = ""
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "k1"}))
    metadata_overrides: dict[str, Any] = field(default_factory=dict)
    extra_keys: list[RSAKey] = field(default_factory=list)
    #: The body the token endpoint returns; a callable gets the form and returns it.
    token_response: Callable[[dict[str, str]], tuple[int, Any]] | None = None
    userinfo: dict[str, Any] | None = None
    delay_seconds: float = 0.0
    fail_with: int = 0
    hits: dict[str, int] = field(default_factory=dict)
    token_forms: list[dict[str, str]] = field(default_factory=list)

    def metadata(self) -> dict[str, Any]:
        data = {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "end_session_endpoint": f"{self.issuer}/logout",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "authorization_response_iss_parameter_supported": True,
        }
        data.update(self.metadata_overrides)
        return data

    def jwks(self) -> dict[str, Any]:
        keys = []
        for key in [self.key, *self.extra_keys]:
            public = key.as_dict(private=False)
            public.update({"use": "sig", "alg": "RS256"})
            keys.append(public)
        return {"keys": keys}

    def claims(self, request_nonce: str, **overrides: Any) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": "forged-subject-1",
            "aud": CLIENT_ID,
            "exp": now + 300,
            "iat": now,
            "auth_time": now,
            "nonce": request_nonce,
            "email": "ava.admin@acme.example",
            "email_verified": True,
            "name": "Ava Admin",
            "amr": ["pwd"],
            "mfa_enrolled": False,
        }
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def sign(self, claims: dict[str, Any], key: RSAKey | None = None, **header: Any) -> str:
        signing = key or self.key
        head = {"alg": "RS256", "kid": signing.kid, **header}
        return jwt.encode(head, claims, signing)

    def issue(self, id_token: str | None, *, status: int = 200, **extra: Any) -> None:
        """Make the token endpoint answer once more with this ID token."""
        body: dict[str, Any] = {"access_token": "at-1", "token_type": "Bearer", "expires_in": 300}
        if id_token is not None:
            body["id_token"] = id_token
        body.update(extra)
        self.token_response = lambda form: (status, body)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        path = request.path
        self.hits[path] = self.hits.get(path, 0) + 1
        if self.delay_seconds:
            time.sleep(self.delay_seconds)
        if self.fail_with:
            return Response("broken", status=self.fail_with)(environ, start_response)
        if path == "/.well-known/openid-configuration":
            return _json(self.metadata())(environ, start_response)
        if path == "/jwks":
            return _json(self.jwks())(environ, start_response)
        if path == "/token" and request.method == "POST":
            form = {k: v[0] for k, v in parse_qs(request.get_data(as_text=True)).items()}
            self.token_forms.append(form)
            if self.token_response is None:
                return _json({"error": "invalid_grant"}, 400)(environ, start_response)
            status, body = self.token_response(form)
            return _json(body, status)(environ, start_response)
        if path == "/userinfo" and self.userinfo is not None:
            return _json(self.userinfo)(environ, start_response)
        return Response("not found", status=404)(environ, start_response)


def _json(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")


@contextmanager
def running_forge_op() -> Iterator[ForgeOp]:
    op = ForgeOp()
    server = make_server("127.0.0.1", 0, op, threaded=True)
    op.issuer = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield op
    finally:
        server.shutdown()
        thread.join(timeout=5)
