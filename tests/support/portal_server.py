"""The portal under gunicorn, as a process of its own on a free port, the way it is deployed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class PortalServer:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def kill(self) -> None:
        """The host dies: every process of the server at once, with no chance to clean up."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def portal_environment(settings: Mapping[str, str]) -> dict[str, str]:
    """This process's environment without the portal's variables, then ``settings``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AIDIAL_", "DJANGO_")) and k not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(settings)
    return env


def start_portal(*, port: int, env: Mapping[str, str], log: Path) -> PortalServer:
    """gunicorn with ``config/gunicorn.conf.py``; returns once ``/healthz`` answers."""
    url = f"http://127.0.0.1:{port}"
    environment = {**env, "AIDIAL_PORT": str(port)}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"],
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = PortalServer(url, process, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the portal on {url} exited:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):  # noqa: S310 (loopback)
                return server
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"the portal on {url} did not answer:\n{log.read_text()[-3000:]}")
