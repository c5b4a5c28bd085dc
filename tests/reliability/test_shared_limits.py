"""Security counters shared by every web process (issue 14, finding 2): two real gunicorn
servers of one worker each, on one database and one cache, are hit in turn; the API rate,
the public page rate, the sign-in lockout and TOTP replay protection each hold across
them. With a per-process cache the two workers let 1,203 API requests a minute through
instead of 600, 10 wrong passwords instead of 5, and the same TOTP code twice.

Run on the database cache (the embedded default: a file SQLite database, or PostgreSQL when
the suite runs there) and on Redis when it answers at 127.0.0.1:6379."""

from __future__ import annotations

import contextlib
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.support import Browser, database_url, get, serving

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-filer-passphrase-1"
API_LIMIT = 12
PAGE_LIMIT = 6
REDIS_URL = "redis://127.0.0.1:6379/0"


def _redis_answers() -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", 6379), 1) as sock:
        sock.sendall(b"PING\r\n")
        return sock.recv(16).startswith(b"+PONG")
    return False


def _filer(email: str) -> Any:
    from regulator.identity.testing import activate_totp
    from regulator.identity.tests.factories import FilerFactory

    user = FilerFactory.create(email=email)
    activate_totp(user)
    return user


@contextlib.contextmanager
def _two_servers(tmp_path: Path, cache: str) -> Iterator[tuple[Any, Any]]:
    url = database_url(tmp_path)
    env = {
        "API_RATE_ANON": f"{API_LIMIT}/minute",
        "PUBLIC_PAGE_RATE": f"{PAGE_LIMIT}/minute",
        # A fresh prefix: a shared Redis holds nothing of an earlier run (or of anyone else).
        "CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex[:12]}",
    }
    if cache == "redis":
        env["REDIS_URL"] = REDIS_URL
    else:
        env["CACHE_BACKEND"] = "database"
    with (
        serving(url, tmp_path, workers=1, threads=2, env=env) as one,
        serving(url, tmp_path, workers=1, threads=2, env=env) as other,
    ):
        yield one, other


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class SiteBrowser(Browser):
    """A browser of the one site both servers are: the same Host header whichever port
    (behind a load balancer every worker sees the site's host; allauth keys a sign-in's
    failures by site and email)."""

    def request(
        self, path: str, data: dict[str, str] | None = None, timeout: float = 30
    ) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(  # noqa: S310 - loopback only
            self.base + path,
            data=body,
            headers={
                "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                "Host": "127.0.0.1",
            },
        )
        opener = urllib.request.build_opener(_KeepRedirects)
        try:
            with opener.open(request, timeout=timeout) as response:
                self._keep(response.headers.get_all("Set-Cookie") or [])
                return response.status, response.read().decode(), ""
        except urllib.error.HTTPError as exc:
            self._keep(exc.headers.get_all("Set-Cookie") or [])
            return exc.code, exc.read().decode(), exc.headers.get("Location", "")


def _sign_in(server: Any, email: str, password: str) -> tuple[Browser, int, str, str]:
    browser = SiteBrowser(server.base, {})
    browser.request("/accounts/login/")
    token = browser.cookies["csrftoken"]
    status, body, location = browser.request(
        "/accounts/login/",
        {"login": email, "password": password, "csrfmiddlewaretoken": token},
    )
    return browser, status, body, location


def _code(browser: Browser, code: str) -> tuple[int, str, str]:
    token = browser.cookies["csrftoken"]
    return browser.request(
        "/accounts/2fa/authenticate/", {"code": code, "csrfmiddlewaretoken": token}
    )


@pytest.mark.parametrize("cache", ["database", "redis"])
def test_each_limit_holds_across_two_workers(tmp_path: Path, cache: str) -> None:
    if cache == "redis" and not _redis_answers():
        pytest.skip("no Redis at 127.0.0.1:6379")
    from regulator.identity.testing import totp_code

    locked = _filer("locked@example.org")
    replayed = _filer("replayed@example.org")
    with _two_servers(tmp_path, cache) as servers:
        # The API's anonymous rate, from one address, counted once for both workers.
        statuses = [get(f"{servers[n % 2].base}/api/v1/loans/?page_size=1")[0] for n in range(30)]
        assert statuses.count(200) == API_LIMIT, statuses
        assert set(statuses) == {200, 429}

        # The public pages' rate.
        pages = [get(f"{servers[n % 2].base}/search/spending/")[0] for n in range(14)]
        assert pages.count(200) == PAGE_LIMIT, pages

        # The sign-in lockout: 5 wrong passwords for an account in 5 minutes, whichever
        # worker each lands on; then even the right one is refused.
        outcomes = []
        for attempt in range(8):
            _browser, status, body, _location = _sign_in(
                servers[attempt % 2], locked.email, f"wrong-{attempt}"
            )
            outcomes.append("locked" if "Too many failed login attempts" in body else status)
        assert outcomes == [200] * 5 + ["locked"] * 3, outcomes
        _browser, status, body, _location = _sign_in(servers[0], locked.email, PASSWORD)
        assert "Too many failed login attempts" in body

        # A TOTP code is accepted once, whichever worker sees it first.
        code = totp_code()
        first, status, _body, location = _sign_in(servers[0], replayed.email, PASSWORD)
        assert (status, location) == (302, "/accounts/2fa/authenticate/")
        assert _code(first, code)[0] == 302
        second, status, _body, location = _sign_in(servers[1], replayed.email, PASSWORD)
        assert location == "/accounts/2fa/authenticate/"
        status, body, _location = _code(second, code)
        assert status == 200
        assert re.search(r"Incorrect code", body), body[:500]
