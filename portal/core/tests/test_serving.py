"""Production serving: gunicorn's configuration and the database connections it keeps."""

from __future__ import annotations

import json

from portal.core.tests.processes import read_settings, run_python

_GUNICORN = """
import json, runpy
config = runpy.run_path("config/gunicorn.conf.py")
print(json.dumps({k: config[k] for k in ("wsgi_app", "bind", "workers", "timeout", "accesslog")}))
"""


def test_gunicorn_serves_the_portal_with_the_configured_workers() -> None:
    result = run_python(
        _GUNICORN,
        env={"AIDIAL_WORKERS": "4", "AIDIAL_HOST": "0.0.0.0", "AIDIAL_PORT": "9000"},  # noqa: S104
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "wsgi_app": "config.wsgi:application",
        "bind": ["0.0.0.0:9000"],
        "workers": 4,
        "timeout": 30,
        "accesslog": None,  # the portal writes its own request lines, with the request id
    }


def test_database_connections_are_kept_and_checked_and_their_age_configurable() -> None:
    values = read_settings(
        ["DATABASES"],
        env={
            "DATABASE_URL": "postgres://portal@db.internal:5432/portal",
            "AIDIAL_DB_CONN_MAX_AGE": "0",
        },
    )
    database = values["DATABASES"]["default"]
    assert database["CONN_MAX_AGE"] == 0
    assert database["CONN_HEALTH_CHECKS"] is True
