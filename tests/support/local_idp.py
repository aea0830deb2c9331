"""The local identity provider as a separate process, the way the portal meets it in real life."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "aidial-portal"
CLIENT_SECRET = "portal-secret-for-tests"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class LocalIdp:
    issuer: str
    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = None

    def cli(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "devidp", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        return result.stdout

    def register_portal(self, portal_url: str) -> None:
        self.cli(
            "client",
            "register",
            CLIENT_ID,
            "--secret",
            CLIENT_SECRET,
            "--redirect-uri",
            f"{portal_url}/auth/callback",
            "--post-logout-redirect-uri",
            f"{portal_url}/auth/signed-out",
        )

    def start(self) -> None:
        host_port = self.issuer.removeprefix("http://")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "devidp", "runserver", host_port, "--noreload"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(  # noqa: S310 (loopback)
                    f"{self.issuer}/.well-known/openid-configuration", timeout=2
                ):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the local identity provider did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@contextmanager
def running_local_idp(data_dir: Path) -> Iterator[LocalIdp]:
    issuer = f"http://127.0.0.1:{free_port()}"
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AIDIAL_", "DEVIDP_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="devidp.settings",
        DEVIDP_DATA_DIR=str(data_dir),
        DEVIDP_ISSUER=issuer,
    )
    idp = LocalIdp(issuer=issuer, env=env)
    idp.cli("migrate", "--noinput", "-v", "0")
    idp.cli("seed_demo")
    idp.start()
    try:
        yield idp
    finally:
        idp.stop()
