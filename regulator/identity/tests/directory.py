"""The development staff directory as a real process on loopback, for tests.

``DirectoryServer`` migrates a fresh directory database in a temporary folder, starts
``runserver`` under ``config.settings.idp`` on a free port and waits for its discovery
document. Tests point the staff sign-in at it (``STAFF_SSO_SERVER_URL``) and drive the
authorisation code flow through it: nothing is patched or faked.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from django.conf import settings

CLIENT_ID = "regulator-test"
CLIENT_SECRET = "test-client-secret-0123456789"
PASSWORD = "directory-test-password"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class DirectoryServer:
    def __init__(self, var_dir: Path) -> None:
        self.var_dir = var_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "IDP_VAR_DIR": str(var_dir),
            "DJANGO_SETTINGS_MODULE": "config.settings.idp",
        }
        self.env.pop("DATABASE_URL", None)
        self.process: subprocess.Popen[bytes] | None = None

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args, "--settings=config.settings.idp"],
            cwd=settings.BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def start(self) -> None:
        self.manage("migrate", "-v0")
        self.manage(
            "identity_idp_setup", "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET
        )
        self.process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "runserver",
                f"127.0.0.1:{self.port}",
                "--noreload",
                "--skip-checks",
                "--settings=config.settings.idp",
            ],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/.well-known/openid-configuration", timeout=1).ok:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("The test directory did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def allow_redirect(self, uri: str) -> None:
        self.manage(
            "identity_idp_setup",
            "--client-id",
            CLIENT_ID,
            "--client-secret",
            CLIENT_SECRET,
            "--redirect-uri",
            uri,
        )

    def set_user(self, username: str, roles: list[str], password: str = PASSWORD) -> None:
        self.manage("identity_idp_setup", "--user", f"{username}:{password}:{','.join(roles)}")

    def disable_user(self, username: str) -> None:
        self.manage("identity_idp_setup", "--disable", username)

    def signing_key_pem(self) -> bytes:
        return (self.var_dir / "signing-key.pem").read_bytes()

    def point_settings_at(self, django_settings: Any) -> None:
        """Make the staff sign-in (a pytest-django ``settings`` fixture) use this directory."""
        providers = {
            "openid_connect": {
                **getattr(settings, "SOCIALACCOUNT_PROVIDERS", {})["openid_connect"],
                "APPS": [
                    {
                        "provider_id": "directory",
                        "name": "Staff directory",
                        "client_id": CLIENT_ID,
                        "secret": CLIENT_SECRET,
                        "settings": {
                            "server_url": self.url,
                            "token_auth_method": "client_secret_post",
                            "fetch_userinfo": False,
                            "oauth_pkce_enabled": True,
                        },
                    }
                ],
            }
        }
        django_settings.SOCIALACCOUNT_PROVIDERS = providers


@pytest.fixture(scope="session")
def directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DirectoryServer]:
    server = DirectoryServer(tmp_path_factory.mktemp("directory"))
    server.start()
    yield server
    server.stop()
