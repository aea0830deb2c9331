"""``make run``: the local identity provider and the portal side by side, with demo data.

Hosts and ports come from AIDIAL_HOST / AIDIAL_PORT (portal, default 127.0.0.1:8000) and
DEVIDP_HOST / DEVIDP_PORT (provider, default 127.0.0.1:8001). Ctrl-C stops both.
AIDIAL_DEMO_REFRESH=1 generates the demo volume afresh instead of keeping the existing one.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def _env() -> tuple[dict[str, str], dict[str, str], str, str]:
    host = os.environ.get("AIDIAL_HOST", "127.0.0.1")
    port = os.environ.get("AIDIAL_PORT", "8000")
    idp_host = os.environ.get("DEVIDP_HOST", "127.0.0.1")
    idp_port = os.environ.get("DEVIDP_PORT", "8001")
    base = os.environ.get("AIDIAL_BASE_URL", f"http://{host}:{port}").rstrip("/")
    issuer = os.environ.get("DEVIDP_ISSUER", f"http://{idp_host}:{idp_port}").rstrip("/")
    portal = dict(os.environ)
    portal.setdefault("AIDIAL_DEBUG", "1")
    portal.setdefault("AIDIAL_TIME_ZONE", "Australia/Sydney")  # where the demo's clients are
    portal["AIDIAL_BASE_URL"] = base
    portal.setdefault("AIDIAL_OIDC_ISSUER", issuer)
    portal["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    idp = dict(os.environ)
    idp["DEVIDP_ISSUER"] = issuer
    idp["DJANGO_SETTINGS_MODULE"] = "devidp.settings"
    portal["_BIND"] = f"{host}:{port}"
    idp["_BIND"] = f"{idp_host}:{idp_port}"
    return portal, idp, base, issuer


def _run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(args, cwd=ROOT, env=env, check=True)  # noqa: S603 (our own commands)


def _wait_for(url: str, proc: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"a server stopped while starting (exit {proc.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (loopback http)
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} s")


def _banner(base: str, issuer: str) -> str:
    accounts = json.loads((ROOT / "devidp" / "demo_accounts.json").read_text())["accounts"]
    lines = [
        "",
        f"  AiDial portal             {base}/",
        f"  Local identity provider   {issuer}/",
        "",
        "  Demo accounts (development password for all: "
        f"{accounts[0]['password']}; TOTP secrets in the README):",
    ]
    for item in accounts:
        mfa = "  [TOTP]" if item.get("totp_secret") else ""
        lines.append(f"    {item['email']:<34} {item['description']}{mfa}")
    lines += ["", "  Press Ctrl-C to stop both servers.", ""]
    return "\n".join(lines)


def main() -> None:
    portal_env, idp_env, base, issuer = _env()
    secret = portal_env.get("AIDIAL_OIDC_CLIENT_SECRET", "aidial-portal-dev-secret")
    client_id = portal_env.get("AIDIAL_OIDC_CLIENT_ID", "aidial-portal")
    idp = [PYTHON, "-m", "devidp"]
    portal = [PYTHON, "manage.py"]

    _run([*idp, "migrate", "--noinput", "-v", "0"], idp_env)
    _run([*idp, "seed_demo"], idp_env)
    _run(
        [
            *idp,
            "client",
            "register",
            client_id,
            "--name",
            "AiDial portal",
            "--secret",
            secret,
            "--redirect-uri",
            f"{base}/auth/callback",
            "--post-logout-redirect-uri",
            f"{base}/auth/signed-out",
        ],
        idp_env,
    )
    _run([*portal, "migrate", "--noinput", "-v", "0"], portal_env)
    _run([*portal, "seed_demo"], portal_env)
    # The generated volume takes a few seconds: made once, kept until asked for afresh.
    volume = [*portal, "seed_volume"]
    if portal_env.get("AIDIAL_DEMO_REFRESH", "") != "1":
        volume.append("--skip-if-present")
    _run(volume, portal_env)

    procs = [
        subprocess.Popen(  # noqa: S603
            [*idp, "runserver", idp_env["_BIND"], "--noreload"], cwd=ROOT, env=idp_env
        ),
        subprocess.Popen(  # noqa: S603
            [*portal, "runserver", portal_env["_BIND"], "--noreload"], cwd=ROOT, env=portal_env
        ),
    ]

    def stop(signum: int = 0, frame: FrameType | None = None) -> None:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
        raise SystemExit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        _wait_for(f"{issuer}/.well-known/openid-configuration", procs[0])
        _wait_for(f"{base}/healthz", procs[1])
        print(_banner(base, issuer), flush=True)
        while all(proc.poll() is None for proc in procs):
            time.sleep(0.5)
        print("a server stopped; stopping the other", file=sys.stderr)
    finally:
        stop()


if __name__ == "__main__":
    main()
