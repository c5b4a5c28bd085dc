import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

ROOT = Path(settings.BASE_DIR)


@pytest.mark.django_db
def test_content_security_policy_has_no_unsafe_inline_and_uses_a_nonce(client: Client) -> None:
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce, policy
    html = response.content.decode()
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline_scripts, "the js-enabled script should be inline"
    for attributes in inline_scripts:
        assert f'nonce="{nonce.group(1)}"' in attributes
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_security_headers(client: Client) -> None:
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def _production(*code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(
        [sys.executable, "-c", "\n".join(["import django", "django.setup()", *code])],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_settings_refuse_to_start_without_a_secret_key() -> None:
    result = _production(env={})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_are_hardened() -> None:
    result = _production(
        "from django.conf import settings as s",
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,"
        " s.SECURE_SSL_REDIRECT, s.METRICS_REQUIRE_TOKEN, s.DEBUG)",
        env={"SECRET_KEY": "x" * 60},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "63072000", "True", "True", "False"]


def test_no_secret_is_committed() -> None:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.split()
    if not tracked:  # a source tree without git (an unpacked release) has nothing to check
        tracked = [
            str(p.relative_to(ROOT))
            for p in ROOT.rglob("*.py")
            if not {".venv", "node_modules", "var"} & set(p.relative_to(ROOT).parts)
        ]
    # A real key has a body; a test's deliberately broken "AAAA" is not a secret.
    pattern = re.compile(
        r"-----BEGIN (RSA |EC |OPENSSH )?PRIVATE KEY-----\s*[A-Za-z0-9+/=\s]{40,}|AKIA[0-9A-Z]{16}"
    )
    offenders = [
        name
        for name in tracked
        if (ROOT / name).is_file()
        and (ROOT / name).stat().st_size < 2_000_000
        and pattern.search((ROOT / name).read_text(errors="ignore"))
    ]
    assert offenders == []
