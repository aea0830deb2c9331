"""The shape of an API key: ``aidial_<prefix>_<secret>``.

The prefix (12 hex characters) is public: it names the key in lists and finds its row. The
secret is 32 random bytes. Only the SHA-256 of the whole key is stored: a key this random
needs no slow hash, and the digest is compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

_SHAPE = re.compile(r"aidial_([0-9a-f]{12})_[A-Za-z0-9_-]{43}")


@dataclass(frozen=True)
class NewKey:
    plaintext: str
    prefix: str
    digest: str


def key_digest(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def key_generate() -> NewKey:
    prefix = secrets.token_hex(6)
    plaintext = f"aidial_{prefix}_{secrets.token_urlsafe(32)}"
    return NewKey(plaintext=plaintext, prefix=prefix, digest=key_digest(plaintext))


def key_prefix(presented: str) -> str | None:
    """The prefix of a well-formed key; ``None`` for anything else."""
    match = _SHAPE.fullmatch(presented)
    return match.group(1) if match else None


def key_matches(presented: str, digest: str) -> bool:
    return hmac.compare_digest(key_digest(presented), digest)
