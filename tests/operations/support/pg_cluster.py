"""Throw-away PostgreSQL clusters for tests that need servers of their own: a primary and
a streaming replica made with pg_basebackup, on ports of their own, in a temp folder."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path


def pg_bin(name: str) -> str:
    """The server's own binaries first: on Debian, PATH holds wrappers that pick a
    cluster of the system's, not ours."""
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    found = shutil.which(name)
    if found:
        return found
    raise FileNotFoundError(f"PostgreSQL's {name} is not installed")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_as_postgres(args: list[str]) -> subprocess.CompletedProcess[str]:
    """PostgreSQL refuses to run as root: drop to the postgres user when we are root."""
    command = ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=120)


@dataclass
class Cluster:
    data_dir: Path
    port: int
    socket_dir: Path

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        run_as_postgres(
            [
                pg_bin("pg_ctl"),
                "-D",
                str(self.data_dir),
                "-l",
                str(self.data_dir / "log"),
                "-w",
                "start",
            ]
        )

    def stop(self, mode: str = "fast") -> None:
        run_as_postgres([pg_bin("pg_ctl"), "-D", str(self.data_dir), "-m", mode, "-w", "stop"])

    def psql(self, sql: str, database: str = "postgres") -> str:
        result = subprocess.run(
            [
                pg_bin("psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                database,
                "-Atc",
                sql,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        return result.stdout.strip()


def _configure(data_dir: Path, port: int, socket_dir: Path) -> None:
    with (data_dir / "postgresql.conf").open("a") as conf:
        conf.write(
            f"\nport = {port}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{socket_dir}'\nwal_level = replica\n"
            "max_wal_senders = 5\nhot_standby = on\nfsync = off\n"
        )


def make_primary(root: Path) -> Cluster:
    root.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        root.parent.chmod(0o755)
        shutil.chown(root, "postgres", "postgres")
    data_dir = root / "primary"
    run_as_postgres(
        [
            pg_bin("initdb"),
            "-D",
            str(data_dir),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        ]
    )
    cluster = Cluster(data_dir, free_port(), root)
    _configure(data_dir, cluster.port, root)
    with (data_dir / "pg_hba.conf").open("a") as hba:
        hba.write("host replication all 127.0.0.1/32 trust\n")
    cluster.start()
    return cluster


def make_replica(primary: Cluster, root: Path) -> Cluster:
    data_dir = root / "replica"
    run_as_postgres(
        [
            pg_bin("pg_basebackup"),
            "-h",
            "127.0.0.1",
            "-p",
            str(primary.port),
            "-U",
            "postgres",
            "-D",
            str(data_dir),
            "-R",
            "-X",
            "stream",
            "--checkpoint=fast",
        ]
    )
    replica = Cluster(data_dir, free_port(), root)
    _configure(data_dir, replica.port, root)
    replica.start()
    return replica
