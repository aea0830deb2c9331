"""``make bench``: the portal under gunicorn at two data sizes, loaded by wrk, side by side.

For each size: a PostgreSQL database seeded to that size, the portal served by gunicorn
(benchmark settings: production plus a query-count header and a bare view), a real sign-in
at the local identity provider for the session cookie, an API key, then wrk against each
route for a fixed time. Only 127.0.0.1 is ever loaded.

Environment: ``BENCH_SCALE`` (``full``: 1,000 tenants, 10,000 users, 1,000,000 calls;
``small``: 100x less), ``BENCH_DATABASE_URL`` (the large size's database; the small size
uses the same name with ``_small``), ``BENCH_REDIS_URL`` (its database number and the next
one), ``BENCH_DURATION`` (seconds per route and size), ``BENCH_ROUNDS`` (the rounds that
time is cut into), ``BENCH_WORKERS`` (gunicorn workers), ``BENCH_CONNECTIONS`` (wrk
connections), ``BENCH_SEED``.
"""

from __future__ import annotations

import json
import os
import platform
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import redis
from psycopg import sql

from tests.support.browser import Browser
from tests.support.local_idp import (
    CLIENT_ID,
    CLIENT_SECRET,
    LocalIdp,
    free_port,
    running_local_idp,
)
from tests.support.portal_server import PortalServer, portal_environment, start_portal
from tests.support.sign_in import sign_in_over_http

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
PASSWORD = "bench-password-2026"  # noqa: S105 (a throwaway account at a throwaway provider)

#: (label, path, how it is authenticated)
ROUTES = (
    ("/healthz", "/healthz", "none"),
    ("/login", "/login", "none"),
    ("bare view", "/bench/bare", "session"),
    ("/dashboard", "/dashboard", "session"),
    ("/calls", "/calls", "session"),
    ("/calls/<id>", "/calls/{call_id}", "session"),
    ("/api/v1/calls", "/api/v1/calls", "api_key"),
)
SIZES = {
    "full": {"tenants": 1000, "users": 10_000, "calls": 1_000_000},
    "small": {"tenants": 10, "users": 100, "calls": 10_000},
}


@dataclass
class Size:
    name: str
    database_url: str
    redis_url: str
    counts: dict[str, int]
    subject: dict[str, object] = field(default_factory=dict)
    results: dict[str, dict[str, float]] = field(default_factory=dict)
    queries: dict[str, str] = field(default_factory=dict)


def _env(name: str, default: str) -> str:
    return os.environ.get(name, "").strip() or default


def _with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _db_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _admin(url: str) -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(_with_db(url, "postgres"), autocommit=True)


def _ensure_database(url: str, *, fresh: bool = False) -> None:
    name = _db_name(url)
    with _admin(url) as conn:
        if fresh:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


SECRET_KEY = secrets.token_urlsafe(64)


def _portal_env(size: Size, extra: dict[str, str]) -> dict[str, str]:
    return portal_environment(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.bench",
            "DATABASE_URL": size.database_url,
            "REDIS_URL": size.redis_url,
            "AIDIAL_SECRET_KEY": SECRET_KEY,
            "AIDIAL_ALLOW_HTTP": "1",
            **extra,
        }
    )


def prepare(size: Size, seed: int) -> None:
    args = [f"--{k}={v}" for k, v in size.counts.items()] + [f"--seed={seed}"]
    for attempt in (1, 2):
        _ensure_database(size.database_url, fresh=attempt == 2)
        print(
            f"[{size.name}] seeding {size.counts} into {_db_name(size.database_url)} …", flush=True
        )
        started = time.monotonic()
        result = subprocess.run(  # noqa: S603 (our own module)
            [sys.executable, "-m", "bench.prepare", *args],
            cwd=ROOT,
            env=_portal_env(size, {}),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode == 3 and attempt == 1:
            print(f"[{size.name}] the database holds another size: starting afresh", flush=True)
            continue
        if result.returncode != 0:
            sys.exit(f"preparing {size.name} failed:\n{result.stderr[-4000:]}")
        size.subject = json.loads(result.stdout.strip().splitlines()[-1])
        shown = {k: v for k, v in size.subject.items() if k != "api_key"}
        print(f"[{size.name}] ready in {time.monotonic() - started:.0f} s: {shown}", flush=True)
        return


def sign_in(portal: str, email: str) -> str:
    """A real sign-in at the local identity provider; returns the browser's Cookie header."""
    browser = Browser()
    landed = sign_in_over_http(browser, portal, email, PASSWORD)
    if not landed.endswith("/dashboard"):
        sys.exit(f"signing in led to {landed}, not the dashboard")
    cookies = browser.http.cookies.get_dict(domain="127.0.0.1")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def _headers(kind: str, cookie: str, api_key: str) -> dict[str, str]:
    if kind == "session":
        return {"Cookie": cookie}
    if kind == "api_key":
        return {"X-API-Key": api_key}
    return {}


@dataclass
class Server:
    portal: PortalServer
    cookie: str


def serve(size: Size, idp: LocalIdp, workers: int) -> Server:
    """The portal on this size's database, under gunicorn, with a signed-in bench user."""
    port = free_port()
    idp.register_portal(f"http://127.0.0.1:{port}")
    env = _portal_env(
        size,
        {
            "AIDIAL_WORKERS": str(workers),
            "AIDIAL_BASE_URL": f"http://127.0.0.1:{port}",
            "AIDIAL_OIDC_ISSUER": idp.issuer,
            "AIDIAL_OIDC_CLIENT_ID": CLIENT_ID,
            "AIDIAL_OIDC_CLIENT_SECRET": CLIENT_SECRET,
        },
    )
    OUT.mkdir(parents=True, exist_ok=True)
    portal = start_portal(port=port, env=env, log=OUT / f"portal-{size.name}.log")
    return Server(portal, sign_in(portal.url, str(size.subject["email"])))


def _probe(url: str, headers: dict[str, str]) -> tuple[int, str]:
    """Five requests (warming the worker's caches); the status and query count of the last."""
    status, queries = 0, "?"
    for _ in range(5):
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 (loopback)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                status, queries = response.status, response.headers.get("X-Bench-Queries", "?")
        except urllib.error.HTTPError as error:
            status = error.code
    return status, queries


def target(
    route: tuple[str, str, str], size: Size, server: Server
) -> tuple[str, dict[str, str]] | None:
    """The route's URL and headers on this size's server, once it answers 200 (else None)."""
    label, template, kind = route
    api_key = str(size.subject.get("api_key") or "")
    if kind == "api_key" and not api_key:
        size.queries[label] = "n/a"
        return None
    url = server.portal.url + template.format(call_id=size.subject["call_id"])
    headers = _headers(kind, server.cookie, api_key)
    status, queries = _probe(url, headers)
    if status != 200:
        size.queries[label] = f"HTTP {status}"
        return None
    size.queries[label] = queries
    return url, headers


def measure(
    route: tuple[str, str, str],
    sizes: dict[str, tuple[Size, Server]],
    duration: int,
    connections: int,
    rounds: int,
) -> None:
    """Load the route on every size, in rounds whose order alternates (A B, B A, A B, …), so
    a machine whose other load drifts over the run weighs on both sizes alike. Throughput is
    over all rounds; each percentile is the median of the rounds'."""
    label = route[0]
    targets = {name: target(route, size, server) for name, (size, server) in sizes.items()}
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in sizes}
    names = [name for name, found in targets.items() if found is not None]
    for n in range(rounds):
        for name in names if n % 2 == 0 else names[::-1]:
            url, headers = targets[name]  # type: ignore[misc]
            runs[name].append(_wrk(url, headers, max(1, duration // rounds), connections))
    for name in names:
        size = sizes[name][0]
        result = size.results[label] = _combine(runs[name])
        print(
            f"[{size.name}] {label}: {result['rps']:.0f} req/s, p50 {result['p50']:.1f} ms, "
            f"p95 {result['p95']:.1f} ms, p99 {result['p99']:.1f} ms, "
            f"{size.queries[label]} queries, {result['status_errors']:.0f} non-2xx, "
            f"{result['socket_errors']:.0f} socket errors",
            flush=True,
        )


def _combine(runs: list[dict[str, float]]) -> dict[str, float]:
    combined = {key: statistics.median(run[key] for run in runs) for key in ("p50", "p95", "p99")}
    for key in ("requests", "seconds", "status_errors", "socket_errors"):
        combined[key] = sum(run[key] for run in runs)
    combined["rps"] = combined["requests"] / combined["seconds"]
    return combined


def _wrk(url: str, headers: dict[str, str], duration: int, connections: int) -> dict[str, float]:
    args = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    args += ["-s", str(ROOT / "bench" / "report.lua"), url]
    result = subprocess.run(args, capture_output=True, text=True, check=True, timeout=duration + 60)  # noqa: S603
    summary: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return summary


def machine(
    size: Size, workers: int, connections: int, duration: int, rounds: int, load: float
) -> list[str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (
            int(line.split()[1]) // 1024 // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    with psycopg.connect(size.database_url) as conn:
        pg = str(conn.execute("SHOW server_version").fetchone()[0])  # type: ignore[index]
    info = redis.Redis.from_url(size.redis_url).info("server")
    system = (
        dict(
            line.split("=", 1)
            for line in Path("/etc/os-release").read_text().splitlines()
            if "=" in line
        )
        .get("PRETTY_NAME", "")
        .strip('"')
    )
    return [
        f"- machine: {cpu}, {os.cpu_count()} cores, {memory} GiB memory, {system}; "
        "shared with other work while it ran",
        f"- PostgreSQL {pg} and Redis {info.get('redis_version')} on the same machine; "
        f"Python {platform.python_version()}",
        f"- gunicorn: {workers} sync workers; wrk: 1 thread, {connections} connections, "
        f"{duration} s a route and size in {rounds} alternating rounds "
        "(percentiles: the median of the rounds')",
        f"- load on the machine (1-minute average) as the run began: {load:.1f}",
    ]


def table(large: Size, small: Size) -> list[str]:
    lines = [
        f"| route | req/s ({large.subject['calls']:,} calls) | p50 ms | p95 ms | p99 ms "
        f"| SQL/request | req/s ({small.subject['calls']:,} calls) | p95 ms | SQL/request "
        "| p95 ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, _, _ in ROUTES:
        big, little = large.results.get(label), small.results.get(label)
        if big is None or little is None:
            missing = large.queries.get(label, "n/a"), small.queries.get(label, "n/a")
            lines.append(f"| {label} | {missing[0]} | | | | | {missing[1]} | | | |")
            continue
        lines.append(
            f"| {label} | {big['rps']:.0f} | {big['p50']:.1f} | {big['p95']:.1f} "
            f"| {big['p99']:.1f} | {large.queries[label]} | {little['rps']:.0f} "
            f"| {little['p95']:.1f} | {small.queries[label]} | {big['p95'] / little['p95']:.2f} |"
        )
    refused = [
        f"{label} ({size.name}: {size.results[label]['status_errors']:.0f})"
        for size in (large, small)
        for label, _, _ in ROUTES
        if size.results.get(label, {}).get("status_errors")
    ]
    if refused:
        lines += [
            "",
            "Not the pages' figures, answered with non-2xx statuses: " + ", ".join(refused),
        ]
    for size in (large, small):
        dash, bare = size.results.get("/dashboard"), size.results.get("bare view")
        if dash and bare:
            lines.append("")
            lines.append(
                f"/dashboard ÷ bare view throughput at {size.subject['calls']:,} calls: "
                f"{dash['rps'] / bare['rps']:.2f}"
            )
    return lines


def main() -> None:
    scale = _env("BENCH_SCALE", "full")
    if scale not in SIZES:
        sys.exit("BENCH_SCALE must be full or small")
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing (apt-get install wrk)")
    counts = SIZES[scale]
    database_url = _env("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/scale_bench")
    redis_url = _env("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")
    duration = int(_env("BENCH_DURATION", "15" if scale == "full" else "5"))
    workers = int(_env("BENCH_WORKERS", "3"))
    connections = int(_env("BENCH_CONNECTIONS", "6"))
    seed = int(_env("BENCH_SEED", "1"))
    rounds = int(_env("BENCH_ROUNDS", "3"))
    large = Size("large", database_url, redis_url, counts)
    # Each size has its own Redis database: cached access contexts are keyed by user id.
    redis_db = int(_db_name(redis_url) or 0)
    small = Size(
        "small",
        _with_db(database_url, _db_name(database_url) + "_small"),
        _with_db(redis_url, str(redis_db + 1)),
        {k: max(1, v // 100) for k, v in counts.items()},
    )
    for size in (large, small):
        prepare(size, seed)
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as data, running_local_idp(Path(data)) as idp:
        idp.cli(
            "account",
            "add",
            str(large.subject["email"]),
            "--name",
            "Bench Admin",
            "--password",
            PASSWORD,
        )
        servers: dict[str, Server] = {}
        try:
            for size in (large, small):
                redis.Redis.from_url(size.redis_url).flushdb()
                servers[size.name] = serve(size, idp, workers)
            # Route by route, the two sizes interleaved: see measure().
            sizes = {size.name: (size, servers[size.name]) for size in (large, small)}
            for route in ROUTES:
                measure(route, sizes, duration, connections, rounds)
        finally:
            for server in servers.values():
                server.portal.stop()
    lines = [
        f"`make bench` (BENCH_SCALE={scale}), {time.strftime('%Y-%m-%d', time.gmtime())}:",
        "",
        *machine(large, workers, connections, duration, rounds, load),
        f"- seeding: {large.subject['seeder']}; requests as a client admin of a tenant with "
        f"{large.subject['tenant_calls']:,} / {small.subject['tenant_calls']:,} calls",
        "",
        *table(large, small),
    ]
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
