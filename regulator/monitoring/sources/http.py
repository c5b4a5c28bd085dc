"""HTTP for the harvests: JSON over ``requests`` with a timeout, an optional sliding-window
rate limit, and 429 ``Retry-After`` honoured. The clock and the sleep are injectable so
tests never wait. No database here."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests

USER_AGENT = "regulator-monitoring/1.0 (+electoral regulator harvest)"


class FetchError(Exception):
    """A request that did not give a usable answer: what was asked and why."""

    def __init__(self, url: str, why: str) -> None:
        url = url.split("?", 1)[0]  # never the query: it may carry an access token
        super().__init__(f"{url}: {why}")
        self.url, self.why = url, why


class NotFoundError(FetchError):
    """The server answered 404."""


@dataclass
class RateLimit:
    """At most ``requests`` in any ``seconds``: waits (through ``sleep``) before a request
    that would pass it."""

    requests: int
    seconds: float
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    sent: deque[float] = field(default_factory=deque)

    def wait(self) -> None:
        now = self.clock()
        while self.sent and now - self.sent[0] >= self.seconds:
            self.sent.popleft()
        if len(self.sent) >= self.requests:
            pause = self.seconds - (now - self.sent[0])
            if pause > 0:
                self.sleep(pause)
            now = self.clock()
            while self.sent and now - self.sent[0] >= self.seconds:
                self.sent.popleft()
            if len(self.sent) >= self.requests:  # a clock that did not move (tests)
                self.sent.popleft()
        self.sent.append(now)


def retry_after_seconds(value: str | None, default: float = 60.0) -> float:
    """``Retry-After`` as seconds (a number; an HTTP date is taken as the default)."""
    if not value:
        return default
    try:
        return max(0.0, float(value.strip()))
    except ValueError:
        return default


@dataclass
class Client:
    timeout: float = 30.0
    auth: tuple[str, str] | None = None
    limit: RateLimit | None = None
    sleep: Callable[[float], None] = time.sleep
    max_retries: int = 3
    session: requests.Session = field(default_factory=requests.Session)

    def get(self, url: str, params: dict[str, Any] | None = None) -> requests.Response:
        for _attempt in range(self.max_retries + 1):
            if self.limit is not None:
                self.limit.wait()
            try:
                response = self.session.get(
                    url,
                    params=params,
                    auth=self.auth,
                    timeout=self.timeout,
                    headers={"User-Agent": USER_AGENT},
                )
            except requests.RequestException as exc:
                raise FetchError(url, f"no answer ({type(exc).__name__})") from exc
            if response.status_code == 429:
                self.sleep(retry_after_seconds(response.headers.get("Retry-After")))
                continue
            if response.status_code == 404:
                raise NotFoundError(url, "not found (404)")
            if response.status_code >= 400:
                raise FetchError(url, f"answered {response.status_code}")
            return response
        raise FetchError(url, f"still rate-limited (429) after {self.max_retries} waits")

    def get_json(self, url: str, params: dict[str, Any] | None = None) -> Any:
        response = self.get(url, params)
        try:
            return response.json()
        except ValueError as exc:
            raise FetchError(url, "the answer is not JSON") from exc
