"""The Companies House API client against a local server on loopback that answers in the
documented JSON shape (no test leaves the machine)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import threading
from collections.abc import Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from regulator.filings.companies_house import (
    CompaniesHouseClient,
    CompaniesHouseError,
    CompaniesHouseRateLimitedError,
    RateLimiter,
)

KEY = "test-key-123"
PROFILES = {
    "01377507": {
        "company_number": "01377507",
        "company_name": "OLD ESTABLISHED WORKS LIMITED",
        "company_status": "active",
        "type": "ltd",
        "date_of_creation": "1978-07-03",
        "registered_office_address": {
            "address_line_1": "1 High Street",
            "locality": "London",
            "postal_code": "EC1Y 8YZ",
        },
    },
    "04118001": {
        "company_number": "04118001",
        "company_name": "LAPSED HOLDINGS LIMITED",
        "company_status": "dissolved",
        "type": "ltd",
        "date_of_creation": "2000-12-01",
        "date_of_cessation": "2023-06-30",
        "registered_office_address": {},
    },
}


class Handler(BaseHTTPRequestHandler):
    seen: list[tuple[str, str]] = []
    busy = False

    def do_GET(self) -> None:
        auth = self.headers.get("Authorization", "")
        Handler.seen.append((self.path, auth))
        expected = "Basic " + base64.b64encode(f"{KEY}:".encode()).decode()
        if auth != expected:
            self._send(401, {"error": "Invalid Authorization"})
        elif Handler.busy:
            self._send(429, {"error": "Too Many Requests"})
        elif self.path.startswith("/company/") and self.path[9:] in PROFILES:
            self._send(200, PROFILES[self.path[9:]])
        else:
            self._send(404, {"errors": [{"error": "company-profile-not-found"}]})

    def _send(self, status: int, body: Mapping[str, object]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    Handler.seen = []
    Handler.busy = False
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_reads_a_company_profile_with_basic_auth(server: str) -> None:
    client = CompaniesHouseClient(api_key=KEY, base_url=server)
    profile = client.company("1377507")  # the leading zero restored
    assert profile is not None
    assert profile.number == "01377507"
    assert profile.name == "OLD ESTABLISHED WORKS LIMITED"
    assert profile.status == "active"
    assert profile.created_on == dt.date(1978, 7, 3)
    assert profile.ceased_on is None
    assert profile.registered_office["postal_code"] == "EC1Y 8YZ"
    assert Handler.seen[0][0] == "/company/01377507"


def test_a_dissolved_company_has_its_cessation_date(server: str) -> None:
    profile = CompaniesHouseClient(api_key=KEY, base_url=server).company("04118001")
    assert profile is not None
    assert (profile.status, profile.ceased_on) == ("dissolved", dt.date(2023, 6, 30))


def test_an_unknown_company_is_none(server: str) -> None:
    assert CompaniesHouseClient(api_key=KEY, base_url=server).company("09999999") is None


def test_a_wrong_key_and_a_rate_limit_are_errors(server: str) -> None:
    with pytest.raises(CompaniesHouseError, match="API key"):
        CompaniesHouseClient(api_key="wrong", base_url=server).company("01377507")
    Handler.busy = True
    with pytest.raises(CompaniesHouseRateLimitedError):
        CompaniesHouseClient(api_key=KEY, base_url=server).company("01377507")


def test_an_unreachable_server_is_an_error() -> None:
    client = CompaniesHouseClient(api_key=KEY, base_url="http://127.0.0.1:9", timeout=2)
    with pytest.raises(CompaniesHouseError, match="could not be reached"):
        client.company("01377507")


def test_the_client_keeps_to_600_requests_in_5_minutes() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(monotonic=lambda: now[0], sleep=sleep)
    for _ in range(600):
        limiter.acquire()
        now[0] += 0.1
    assert slept == []
    limiter.acquire()  # the 601st within the window waits for the first to age out
    assert slept == [pytest.approx(300.0 - 60.0)]
