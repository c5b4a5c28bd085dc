"""Shared pieces of the HTTP benchmarks: start gunicorn (our app) and Datasette on
loopback, wait for them, stop them; percentiles."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def wait_for(url: str, process: subprocess.Popen[bytes], deadline: float = 120) -> None:
    until = time.monotonic() + deadline
    while time.monotonic() < until:
        if process.poll() is not None:
            sys.exit(f"server exited with {process.returncode} before answering {url}")
        try:
            if httpx.get(url, timeout=5).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    process.kill()
    sys.exit(f"no answer from {url} within {deadline} s")


def start_gunicorn(
    database_url: str, workers: int, threads: int
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "LOG_LEVEL": "WARNING",
        # One load generator is one client: the per-client limits would measure
        # themselves, not the service.
        "API_RATE_ANON": "1000000/minute",
        "PUBLIC_PAGE_RATE": "1000000/minute",
        "EXPORT_RATE_ANON": "1000000/minute",
        # Exports at once: the generator's many clients share one address, so the
        # per-client slot is as wide as the shared one, which is the server's threads.
        "EXPORT_CONCURRENCY_PER_CLIENT": str(workers * threads),
        "EXPORT_CONCURRENCY": str(workers * threads),
        "DATABASE_STATEMENT_TIMEOUT_MS": "0",
        # The API's query budget (default 5 s) is raised so that slow queries are timed,
        # not refused; the figures show which ones would be refused in production.
        "API_QUERY_BUDGET_MS": os.environ.get("BENCH_QUERY_BUDGET_MS", "60000"),
    }
    log = (ROOT / "var" / "bench" / "gunicorn.log").open("ab")
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--timeout=120",
            # As behind a load balancer, which keeps its connections open: with gunicorn's
            # 2-second default an idle pooled connection is closed just as the client
            # sends on it, and the bench counts the race as a failed request.
            "--keep-alive=30",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    wait_for(f"{base}/healthz", process)
    return process, base


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
