import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from portal.tenancy.management.commands.provision import Command
from portal.tenancy.models import Tenant
from portal.tenancy.tests.factories import provisioning_file, row_counts


def _write(tmp_path: Path, data: Any, name: str = "tenants.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, indent=2))
    return path


def _provision(path: Path) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("provision", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_a_good_file_is_provisioned_and_summed_up_in_one_line(tmp_path: Path) -> None:
    path = _write(tmp_path, provisioning_file())

    out, err = _provision(path)

    assert out == (
        f"{path}: tenants: 5 created, 0 updated, 0 unchanged; "
        "projects: 4 created, 0 updated, 0 unchanged; users: 5 created, 0 updated, 0 unchanged; "
        "memberships: 5 created, 0 updated, 0 unchanged\n"
    )
    assert err == ""
    assert Tenant.objects.count() == 5

    out, _ = _provision(path)

    assert "tenants: 0 created, 0 updated, 5 unchanged;" in out
    assert "@" not in out


@pytest.mark.django_db
def test_a_bad_file_lists_every_problem_and_writes_nothing(tmp_path: Path) -> None:
    data = provisioning_file()
    data["tenants"][1]["kind"] = "reseller"
    data["users"][0]["role"] = "partner_admin"
    data["users"][1]["projects"] = ["x"]
    path = _write(tmp_path, data)
    err = StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("provision", str(path), stdout=StringIO(), stderr=err)

    assert caught.value.returncode == 1
    assert str(caught.value) == (
        "tenants[1].kind: must be one of client, partner, internal\n"
        "users[0].role: 'partner_admin' is not a role of a client tenant\n"
        "users[1].projects: unknown project 'x' of tenant 'acme'"
    )
    assert err.getvalue() == f"{path}: 3 problems; nothing was written.\n"
    assert set(row_counts().values()) == {0}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"tenants": [\n  {"slug": "acme",}\n]}', "line 2, column 19: Expecting property name"),
        ("", "line 1, column 1: Expecting value"),
        ('{"tenants": []}\n{"users": []}', "line 2, column 1: Extra data"),
    ],
)
def test_a_file_that_is_not_json_is_refused_naming_the_line_and_column(
    tmp_path: Path, text: str, message: str
) -> None:
    path = _write(tmp_path, text)

    with pytest.raises(CommandError) as caught:
        _provision(path)

    assert str(caught.value).startswith(f"{path}: not valid JSON at {message}")


def test_a_file_that_cannot_be_read_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as caught:
        _provision(tmp_path / "missing.json")

    assert (
        str(caught.value)
        == f"{tmp_path / 'missing.json'}: cannot be read (No such file or directory)"
    )


def test_the_help_says_that_nothing_is_deleted() -> None:
    parser = Command().create_parser("manage.py", "provision")

    text = " ".join(parser.format_help().split())

    assert "FILE.json" in text
    assert "nothing is written" in text
    assert "left alone, never deleted" in text


def test_from_the_command_line_problems_go_to_stderr_with_exit_status_1(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
    }

    def manage(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    assert manage("migrate", "--verbosity", "0").returncode == 0
    data = provisioning_file()
    good = manage("provision", str(_write(tmp_path, data)))
    data["users"].append({"email": "new@acme.example", "name": "New", "role": "boss"})
    data["users"][0]["projects"] = "bookings"
    bad = manage("provision", str(_write(tmp_path, data)))
    broken = manage("provision", str(_write(tmp_path, "{", "broken.json")))

    assert (good.returncode, good.stderr) == (0, "")
    assert "tenants: 5 created" in good.stdout
    assert (bad.returncode, bad.stdout) == (1, "")
    assert bad.stderr.splitlines() == [
        f"{tmp_path / 'tenants.json'}: 3 problems; nothing was written.",
        'CommandError: users[0].projects: must be "*" or a list of project slugs',
        "users[5].tenant: is required",
        "users[5].role: 'boss' is not a known role",
    ]
    assert broken.returncode == 1
    assert broken.stderr.startswith(
        f"CommandError: {tmp_path / 'broken.json'}: not valid JSON at line 1, column 2"
    )
