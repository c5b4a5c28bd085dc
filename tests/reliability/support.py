"""Shared pieces of the reliability tests: a real database file (or the PostgreSQL test
database), real processes (gunicorn, manage.py commands) started against it, and small
HTTP helpers. Everything is bound to loopback and every wait has a deadline."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from regulator.core.testing import database_url_for_processes

ROOT = Path(settings.BASE_DIR)
GUNICORN = Path(sys.executable).parent / "gunicorn"


def database_url(tmp_path: Path) -> str:
    """A database other processes can open (``core.testing.database_url_for_processes``)."""
    return database_url_for_processes(tmp_path)


def environment(url: str, tmp_path: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DATABASE_") and k != "TESTING_CRASH_POINTS"
    }
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="config.settings.test",
        REGULATOR_VAR_DIR=str(tmp_path / "var"),
        AUDIT_SIGNING_KEY_FILE=str(tmp_path / "key.pem"),
        AUDIT_CHECKPOINT_STORE=str(tmp_path / "store.jsonl"),
        API_RATE_ANON="100000/minute",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra or {})
    return env


def manage(
    args: list[str], url: str, tmp_path: Path, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=environment(url, tmp_path),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """gunicorn serving the project on loopback, against ``url`` (``env``: more
    environment, e.g. ``TESTING_CRASH_POINTS``). It runs in a process group of its own,
    so ``kill`` takes the workers down with the master, mid-request, as a crash would."""

    def __init__(
        self,
        url: str,
        tmp_path: Path,
        workers: int = 2,
        threads: int = 4,
        env: dict[str, str] | None = None,
    ) -> None:
        self.url, self.tmp_path = url, tmp_path
        self.workers, self.threads = workers, threads
        self.env = env
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, deadline: float = 30) -> None:
        log = (self.tmp_path / "gunicorn.log").open("ab")
        self.process = subprocess.Popen(
            [
                str(GUNICORN),
                "config.wsgi:application",
                f"--bind=127.0.0.1:{self.port}",
                f"--workers={self.workers}",
                f"--threads={self.threads}",
                "--timeout=60",
            ],
            cwd=ROOT,
            env=environment(self.url, self.tmp_path, self.env),
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        until = time.monotonic() + deadline
        while time.monotonic() < until:
            assert self.process.poll() is None, self.log()
            with contextlib.suppress(OSError):
                if get(f"{self.base}/healthz")[0] == 200:
                    return
            time.sleep(0.2)
        raise AssertionError(f"gunicorn did not answer within {deadline} s\n{self.log()}")

    def kill(self) -> None:
        """SIGKILL to the master and its workers at once, as a crash (or the machine
        losing power) would: no graceful shutdown, requests cut off mid-transaction."""
        if self.process and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        time.sleep(0.5)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def log(self) -> str:
        path = self.tmp_path / "gunicorn.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""


@contextlib.contextmanager
def serving(url: str, tmp_path: Path, **kwargs: Any) -> Iterator[Server]:
    server = Server(url, tmp_path, **kwargs)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def get(url: str, timeout: float = 30) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def get_json(url: str) -> tuple[int, Any]:
    status, body = get(url)
    return status, json.loads(body) if body else None


def table_count(url: str, table: str) -> int:
    """Rows in ``table`` as another process sees them (committed rows only)."""
    if url.startswith("sqlite:///"):
        with contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30)) as db:
            return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
        return int(cursor.fetchone()[0])


def query(url: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` (``%s`` placeholders) as another process sees them."""
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        with contextlib.closing(sqlite3.connect(path, timeout=30)) as db:
            return list(db.execute(sql.replace("%s", "?"), params).fetchall())
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


class Browser:
    """A signed-in visitor of a ``Server``: keeps cookies, never follows redirects (so a
    test sees each 302), sends form posts. ``cookies``: name → value to start with (a
    session created in the test database before the server started)."""

    def __init__(self, base: str, cookies: dict[str, str]) -> None:
        self.base = base
        self.cookies = dict(cookies)

    def request(
        self, path: str, data: dict[str, str] | None = None, timeout: float = 30
    ) -> tuple[int, str, str]:
        """Status, body and Location of a GET (or a POST of ``data``)."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(  # noqa: S310 - loopback only
            self.base + path,
            data=body,
            headers={"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())},
        )
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=timeout) as response:
                self._keep(response.headers.get_all("Set-Cookie") or [])
                return response.status, response.read().decode(), ""
        except urllib.error.HTTPError as exc:
            self._keep(exc.headers.get_all("Set-Cookie") or [])
            return exc.code, exc.read().decode(), exc.headers.get("Location", "")

    def _keep(self, headers: list[str]) -> None:
        for header in headers:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None
