"""A loopback HTTP server (127.0.0.1, a free port, a thread) that speaks each outside
source's real format, for the harvest tests: Meta's ``ads_archive`` with ``paging.next``,
Parliament's ``{items, totalResults}`` with ``Skip``/``Take``, Companies House with Basic
auth and 429 + ``Retry-After`` past a request budget, and RSS and Atom feeds."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

Answer = tuple[int, dict[str, str], bytes]
Route = Callable[[str, dict[str, str], dict[str, str]], Answer]


def as_json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Answer:
    return (
        status,
        {"Content-Type": "application/json", **(headers or {})},
        json.dumps(body).encode(),
    )


@dataclass
class Fake:
    base: str = ""
    routes: list[tuple[str, Route]] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)

    def route(self, prefix: str, answer: Route) -> None:
        self.routes = [pair for pair in self.routes if pair[0] != prefix]
        self.routes.append((prefix, answer))
        self.routes.sort(key=lambda pair: -len(pair[0]))

    def answer(self, path: str, query: dict[str, str], headers: dict[str, str]) -> Answer:
        self.seen.append(path)
        for prefix, route in self.routes:
            if path.startswith(prefix):
                return route(path, query, headers)
        return as_json({"error": "not found"}, 404)

    # --- formats -------------------------------------------------------------------

    def meta(self, ads: list[dict[str, Any]], *, token: str, per_page: int = 2) -> str:
        """``/v21.0/ads_archive``: pages of ``per_page`` ads, ``paging.next`` to the rest
        (with the token in it, as Meta's are); a wrong token is Meta's OAuth error."""
        path = "/v21.0/ads_archive"

        def answer(_path: str, query: dict[str, str], _h: dict[str, str]) -> Answer:
            if query.get("access_token") != token:
                return as_json(
                    {"error": {"message": "Invalid OAuth access token", "code": 190}}, 400
                )
            if query.get("ad_reached_countries") != "['GB']":
                return as_json({"error": {"message": "ad_reached_countries is required"}}, 400)
            start = int(query.get("after") or 0)
            body: dict[str, Any] = {"data": ads[start : start + per_page]}
            if start + per_page < len(ads):
                after = {**query, "after": str(start + per_page)}
                body["paging"] = {
                    "cursors": {"after": str(start + per_page)},
                    "next": f"{self.base}{path}?{urlencode(after)}",
                }
            return as_json(body)

        self.route(path, answer)
        return f"{self.base}{path}"

    def parliament(self, items: list[dict[str, Any]]) -> str:
        path = "/api/v1/Interests"

        def answer(_path: str, query: dict[str, str], _h: dict[str, str]) -> Answer:
            category = int(query.get("CategoryId") or 0)
            wanted = [i for i in items if i["category"]["id"] == category]
            skip, take = int(query.get("Skip") or 0), int(query.get("Take") or 20)
            return as_json({"items": wanted[skip : skip + take], "totalResults": len(wanted)})

        self.route(path, answer)
        return f"{self.base}{path}"

    def companies_house(
        self,
        companies: dict[str, dict[str, Any]],
        *,
        key: str,
        budget: int | None = None,
        retry_after: int = 7,
        fail_on: str = "",
    ) -> str:
        """``/company/{n}`` (+ ``/officers``, ``/persons-with-significant-control``) for the
        companies given ({number: {profile, officers, psc}}); 401 without the key as the
        Basic-auth user; after ``budget`` requests one 429 with ``Retry-After``; a 500
        for ``fail_on``'s profile."""
        state = {"count": 0, "limited": 0}
        expected = "Basic " + base64.b64encode(f"{key}:".encode()).decode()

        def answer(path: str, _query: dict[str, str], headers: dict[str, str]) -> Answer:
            if headers.get("Authorization") != expected:
                return as_json({"error": "Invalid Authorization"}, 401)
            state["count"] += 1
            if budget is not None and state["count"] == budget + 1:
                state["limited"] += 1
                return as_json({"error": "rate limit"}, 429, {"Retry-After": str(retry_after)})
            parts = path.strip("/").split("/")
            number = parts[1]
            if number == fail_on:
                return as_json({"error": "server"}, 500)
            company = companies.get(number)
            if company is None:
                return as_json({"errors": [{"error": "company-profile-not-found"}]}, 404)
            if len(parts) == 2:
                return as_json(company["profile"])
            items = company.get("officers" if parts[2] == "officers" else "psc", [])
            return as_json({"items": items, "total_results": len(items)})

        self.route("/company/", answer)
        self.ch_state = state
        return self.base

    def feed(self, path: str, body: str, content_type: str) -> str:
        def answer(_path: str, _query: dict[str, str], _h: dict[str, str]) -> Answer:
            return 200, {"Content-Type": content_type}, body.encode("utf-8")

        self.route(path, answer)
        return f"{self.base}{path}"

    ch_state: dict[str, int] = field(default_factory=dict)


@contextmanager
def serving() -> Iterator[Fake]:
    fake = Fake()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
            status, headers, body = fake.answer(parts.path, query, dict(self.headers.items()))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
