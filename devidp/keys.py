"""The provider's signing keys: one active key signs, retired-but-published keys still verify.

The key file is the only store. It is re-read whenever it changes on disk, so a rotation
done by the command-line tool takes effect in a running provider without a restart.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from joserfc.jwk import KeySet, RSAKey

ALGORITHM = "RS256"
_lock = threading.Lock()
_cache: dict[str, Any] = {}


@dataclass(frozen=True)
class KeyEntry:
    kid: str
    status: str  # "active" signs; "previous" is only published
    created: float
    private: dict[str, Any]


def _path() -> Path:
    return Path(settings.DEVIDP_KEYS_FILE)


def _new_entry() -> KeyEntry:
    kid = time.strftime("%Y%m%d") + "-" + secrets.token_hex(4)
    key = RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": ALGORITHM})
    return KeyEntry(
        kid=kid, status="active", created=time.time(), private=key.as_dict(private=True)
    )


def _write(entries: list[KeyEntry]) -> None:
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"keys": [entry.__dict__ for entry in entries]}
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".keys-")
    with os.fdopen(fd, "w") as handle:
        json.dump(data, handle, indent=2)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def load_entries() -> list[KeyEntry]:
    """The key entries, generating the first key when there is none yet."""
    path = _path()
    with _lock:
        if not path.exists():
            _write([_new_entry()])
        stat = path.stat()
        stamp = (str(path), stat.st_mtime_ns, stat.st_size)
        if _cache.get("stamp") != stamp:
            raw = json.loads(path.read_text())
            _cache["entries"] = [KeyEntry(**item) for item in raw["keys"]]
            _cache["stamp"] = stamp
        entries: list[KeyEntry] = _cache["entries"]
        return entries


def signing_key() -> RSAKey:
    active = [e for e in load_entries() if e.status == "active"]
    if len(active) != 1:
        raise RuntimeError("the key file must hold exactly one active key")
    return RSAKey.import_key(active[0].private)


def public_jwks() -> dict[str, Any]:
    keys = []
    for entry in load_entries():
        public = RSAKey.import_key(entry.private).as_dict(private=False)
        public.update({"kid": entry.kid, "use": "sig", "alg": ALGORITHM})
        keys.append(public)
    return {"keys": keys}


def public_keyset() -> KeySet:
    return KeySet.import_key_set(public_jwks())  # type: ignore[arg-type]


def rotate() -> tuple[str, list[str]]:
    """Make a new active key; the old active key stays published as "previous"."""
    entries = load_entries()
    demoted = [KeyEntry(e.kid, "previous", e.created, e.private) for e in entries]
    new = _new_entry()
    with _lock:
        _write([new, *demoted])
    return new.kid, [e.kid for e in demoted]


def retire_previous() -> list[str]:
    """Stop publishing every key that no longer signs."""
    entries = load_entries()
    keep = [e for e in entries if e.status == "active"]
    with _lock:
        _write(keep)
    return [e.kid for e in entries if e.status != "active"]
