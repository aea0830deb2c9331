"""A logging filter that keeps secrets and addresses out of the portal's logs.

Request lines carry query strings (``/auth/callback?code=…&state=…``) and messages can carry
email addresses; both are replaced before a record is written anywhere.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django_guid.context import guid
from pythonjsonlogger.json import JsonFormatter

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


class PlainLines(logging.Formatter):
    """Plain text lines, redacted as a whole: a traceback is formatted after the filter ran,
    and an exception's text (a database error naming a row's email) is redacted here."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class JsonLines(JsonFormatter):
    """One JSON object a line, with the id of the request that wrote it (``request_id``).

    The id is the ``X-Request-ID`` the request arrived with (a load balancer's), or a new
    one; the response carries it back, so a person's report and the logs can be matched.
    """

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        super().add_fields(log_data, record, message_dict)
        # Django attaches the request object to its records: its text holds the query string.
        log_data.pop("request", None)
        for name, value in log_data.items():
            if isinstance(value, str):
                log_data[name] = redact(value)
        log_data["level"] = record.levelname
        log_data["logger"] = record.name
        log_data["request_id"] = guid.get()
