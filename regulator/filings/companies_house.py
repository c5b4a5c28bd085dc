"""A small client for the Companies House public data API, for a fresh look at one
company (the bulk snapshot is what the rules check against at scale).

    GET {base_url}/company/{company_number}   (HTTP basic auth: the API key, no password)

Answers JSON with company_number, company_name, company_status, type, date_of_creation,
date_of_cessation and registered_office_address. The API allows 600 requests per 5
minutes per key: the client keeps to that itself (it waits), and raises
``CompaniesHouseRateLimitedError`` if the server still answers 429.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from regulator.core.cells import normalise_company_number
from regulator.core.errors import RegulatorError


class CompaniesHouseError(RegulatorError):
    code = "companies_house_error"


class CompaniesHouseRateLimitedError(CompaniesHouseError):
    code = "companies_house_rate_limited"


@dataclass(frozen=True)
class CompanyProfile:
    number: str
    name: str
    status: str
    type: str
    created_on: dt.date | None
    ceased_on: dt.date | None
    registered_office: dict[str, Any] = field(default_factory=dict)


class RateLimiter:
    """At most ``limit`` calls in any ``window`` seconds (a sliding window)."""

    def __init__(
        self,
        limit: int = 600,
        window: float = 300.0,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.limit = limit
        self.window = window
        self._monotonic = monotonic
        self._sleep = sleep
        self._calls: deque[float] = deque()
        self._lock = threading.Lock()

    def acquire(self) -> None:
        with self._lock:
            now = self._monotonic()
            while self._calls and now - self._calls[0] >= self.window:
                self._calls.popleft()
            if len(self._calls) >= self.limit:
                wait = self.window - (now - self._calls[0])
                self._sleep(wait)
                now = self._monotonic()
                while self._calls and now - self._calls[0] >= self.window:
                    self._calls.popleft()
            self._calls.append(now)


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    return dt.date.fromisoformat(str(value))


class CompaniesHouseClient:
    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float = 10.0,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.api_key: str = (
            api_key if api_key is not None else getattr(settings, "COMPANIES_HOUSE_API_KEY", "")
        )
        url: str = base_url or getattr(settings, "COMPANIES_HOUSE_API_URL", "") or ""
        self.base_url = url.rstrip("/")
        self.timeout = timeout
        self.limiter = limiter or RateLimiter()

    def _headers(self) -> dict[str, str]:
        token = base64.b64encode(f"{self.api_key}:".encode()).decode("ascii")
        return {"Authorization": f"Basic {token}", "Accept": "application/json"}

    def company(self, company_number: str) -> CompanyProfile | None:
        """The company's profile, or None when Companies House has no such company."""
        number = normalise_company_number(company_number)
        url = f"{self.base_url}/company/{urllib.parse.quote(number)}"
        if not url.startswith(("http://", "https://")):
            raise CompaniesHouseError(f"Not an HTTP address: {url}")
        self.limiter.acquire()
        request = urllib.request.Request(url, headers=self._headers())  # noqa: S310 - checked above
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            if exc.code == 429:
                raise CompaniesHouseRateLimitedError(
                    "Companies House refused the request: too many requests; try later."
                ) from exc
            if exc.code == 401:
                raise CompaniesHouseError("Companies House refused the API key.") from exc
            raise CompaniesHouseError(f"Companies House answered {exc.code}.") from exc
        except (urllib.error.URLError, TimeoutError, json.JSONDecodeError) as exc:
            raise CompaniesHouseError(f"Companies House could not be reached: {exc}") from exc
        return CompanyProfile(
            number=body.get("company_number", number),
            name=body.get("company_name", ""),
            status=body.get("company_status", ""),
            type=body.get("type", ""),
            created_on=_date(body.get("date_of_creation")),
            ceased_on=_date(body.get("date_of_cessation")),
            registered_office=body.get("registered_office_address") or {},
        )
