"""Running the portal in a fresh Python process, with an environment the test controls.

Settings are read once, at import, from the environment; the only faithful way to test that
reading is a new interpreter. Variables the portal reads are removed from the inherited
environment first, so the developer's shell cannot change the outcome.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[3]
_PORTAL_VARIABLES = {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}


def run_python(
    code: str,
    *,
    settings: str = "config.settings.test",
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("AIDIAL_") and name not in _PORTAL_VARIABLES
    }
    environment["DJANGO_SETTINGS_MODULE"] = settings
    environment.update(env or {})
    return subprocess.run(  # noqa: S603 - a fixed interpreter and code written by the test
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


_SETTINGS_CODE = """
import json
import django
django.setup()
from django.conf import settings
print(json.dumps({{name: getattr(settings, name, None) for name in {names!r}}}, default=str))
"""


def read_settings(
    names: list[str],
    *,
    settings: str = "config.settings.test",
    env: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The named settings as a fresh process configured by ``env`` sees them (JSON types)."""
    result = run_python(_SETTINGS_CODE.format(names=names), settings=settings, env=env)
    assert result.returncode == 0, result.stderr
    values: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return values
