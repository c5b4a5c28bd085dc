"""Reads from a real streaming replica, and the fall-back to the primary when the replica
lags or stops. The test makes its own primary and replica (initdb + pg_basebackup)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from regulator.core import replicas
from tests.operations.support.pg_cluster import Cluster, make_primary, make_replica

ROOT = Path(settings.BASE_DIR)


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[Cluster, Cluster, dict[str, str]]]:
    # Not pytest's tmp_path: that is private to root, and the servers run as postgres.
    root = Path(tempfile.mkdtemp(prefix="regulator-pg-")) / "clusters"
    primary = make_primary(root)
    replica: Cluster | None = None
    try:
        primary.psql("CREATE DATABASE regulator")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DATABASE_URL": primary.url("regulator"),
            "REGULATOR_VAR_DIR": str(root.parent / "var"),
            "LOG_LEVEL": "WARNING",
        }
        # Only the tables the probe touches: a whole-project migrate would only add time.
        for app in ("audit", "register"):
            subprocess.run(
                [sys.executable, "manage.py", "migrate", app, "--no-input", "-v", "0"],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                timeout=300,
            )
        replica = make_replica(primary, root)
        env.update(
            DATABASE_REPLICA_URLS=replica.url("regulator"),
            REPLICA_MAX_LAG_SECONDS="1",
            REPLICA_HEALTH_TTL_SECONDS="0",
        )
        yield primary, replica, env
    finally:
        for cluster in (replica, primary):
            if cluster is not None:
                with contextlib.suppress(subprocess.CalledProcessError):
                    cluster.stop("immediate")  # the test may have stopped it already
        shutil.rmtree(root.parent, ignore_errors=True)


class Probe:
    """The application, configured with the primary and the replica, in a process of its
    own; one command a line in, one JSON answer a line out."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.operations.support.replica_probe"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def __call__(self, step: str, name: str) -> dict[str, object]:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(f"{step} {name}\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, f"the probe exited with {self.process.wait()}"
        return dict(json.loads(line))

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=30)


def wait_until_caught_up(primary: Cluster, replica: Cluster, timeout: float = 30) -> None:
    """Until the replica has replayed everything the primary had written when we asked
    (the replica alone cannot know what it has not received yet)."""
    target = primary.psql("SELECT pg_current_wal_lsn()")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        behind = replica.psql(f"SELECT pg_wal_lsn_diff('{target}', pg_last_wal_replay_lsn()) > 0")
        if behind == "f":
            return
        time.sleep(0.1)
    raise AssertionError("the replica did not catch up")


def test_public_reads_use_a_healthy_replica_and_fall_back_when_it_lags_or_stops(servers) -> None:
    primary, replica, env = servers
    probe = Probe(env)
    try:
        check_routing(probe, primary, replica)
    finally:
        probe.close()


def read_until_served_by(
    probe: Probe, name: str, alias: str, timeout: float = 20
) -> dict[str, object]:
    """Read until the router picks ``alias``. A replica that has caught up may still show
    a moment of lag (WAL that is not a transaction, under load), so a healthy replica is
    given a little time; a read must never miss a row in the meantime."""
    deadline = time.monotonic() + timeout
    while True:
        answer = probe("read", name)
        assert answer["found"] is True, answer
        assert answer["outside"] == "default", answer
        if answer["alias"] == alias or time.monotonic() > deadline:
            return answer
        time.sleep(0.2)


def check_routing(probe: Probe, primary: Cluster, replica: Cluster) -> None:
    probe("write", "Alpha Party")
    wait_until_caught_up(primary, replica)
    assert read_until_served_by(probe, "Alpha Party", "replica1")["alias"] == "replica1"

    # Replay paused: the replica falls behind, so reads go to the primary (no stale read).
    replica.psql("SELECT pg_wal_replay_pause()")
    probe("write", "Beta Party")
    time.sleep(1.5)
    assert probe("read", "Beta Party") == {"alias": "default", "found": True, "outside": "default"}

    replica.psql("SELECT pg_wal_replay_resume()")
    wait_until_caught_up(primary, replica)
    assert read_until_served_by(probe, "Beta Party", "replica1")["alias"] == "replica1"

    # A stopped replica: reads carry on from the primary.
    replica.stop("immediate")
    assert probe("read", "Beta Party") == {"alias": "default", "found": True, "outside": "default"}


def _view_recording_switch(seen: list[bool]):
    def view(request: HttpRequest) -> HttpResponse:
        seen.append(replicas._reads_may_use_replica.get())
        return HttpResponse("ok")

    return view


def test_middleware_sends_only_anonymous_safe_unpinned_requests_to_replicas(monkeypatch) -> None:
    monkeypatch.setattr(replicas, "replica_aliases", lambda: ["replica1"])
    seen: list[bool] = []
    middleware = replicas.ReplicaReadMiddleware(_view_recording_switch(seen))
    factory = RequestFactory()

    anonymous = factory.get("/search/")
    anonymous.user = type("Anon", (), {"is_authenticated": False})()
    middleware(anonymous)

    signed_in = factory.get("/search/")
    signed_in.user = type("User", (), {"is_authenticated": True})()
    middleware(signed_in)

    post = factory.post("/file/")
    post.user = anonymous.user
    response = middleware(post)
    assert response.cookies[replicas.PIN_COOKIE]["max-age"] == settings.REPLICA_PIN_SECONDS

    pinned = factory.get("/search/", HTTP_COOKIE=f"{replicas.PIN_COOKIE}=1")
    pinned.user = anonymous.user
    middleware(pinned)

    assert seen == [True, False, False, False]
    assert replicas._reads_may_use_replica.get() is False


def test_router_writes_and_migrates_only_on_the_primary() -> None:
    router = replicas.ReplicaRouter()
    assert router.db_for_write(object) == "default"
    assert router.allow_migrate("replica1", "register") is False
    assert router.allow_migrate("default", "register") is True
    # With no replicas configured, reads go to the default database.
    with replicas.use_replica_for_reads():
        assert router.db_for_read(object) is None
