"""A logging filter that keeps secrets and addresses out of the portal's logs.

Request lines carry query strings (``/auth/callback?code=…&state=…``) and messages can carry
email addresses; both are replaced before a record is written anywhere.
"""

from __future__ import annotations

import logging
import re

_QUERY = re.compile(r"(/[^\s\"'?]*)\?[^\s\"']*")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: An API key (portal/api/keys.py): its public prefix stays, the secret goes.
_API_KEY = re.compile(r"(aidial_[0-9a-f]{12}_)[A-Za-z0-9_-]{43}")


def redact(text: str) -> str:
    text = _API_KEY.sub(r"\1[redacted]", text)
    return _EMAIL.sub("[email]", _QUERY.sub(r"\1?[redacted]", text))


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(str(record.msg))
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {
                k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()
            }
        return True
