"""The probe against a real HTTP server on loopback: an answer "ok" is up, a 503 with
failing checks is down with those checks as the cause, no answer is down; the metrics
histogram is read from a real Prometheus exposition and its 95th percentile estimated."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from regulator.core import clock
from regulator.reporting import probe, selectors
from regulator.reporting.models import MetricSample, ProbeResult

EXPOSITION = """# HELP django_http_requests_latency_including_middlewares_seconds Latency.
# TYPE django_http_requests_latency_including_middlewares_seconds histogram
django_http_requests_latency_including_middlewares_seconds_bucket{le="0.1"} %(a)s
django_http_requests_latency_including_middlewares_seconds_bucket{le="0.5"} %(b)s
django_http_requests_latency_including_middlewares_seconds_bucket{le="1.0"} %(c)s
django_http_requests_latency_including_middlewares_seconds_bucket{le="+Inf"} %(c)s
django_http_requests_latency_including_middlewares_seconds_count %(c)s
django_http_requests_latency_including_middlewares_seconds_sum 12.0
"""


class State:
    ready = True
    counts = {"a": 80.0, "b": 95.0, "c": 100.0}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/readyz":
            if State.ready:
                body, status = {"status": "ok", "checks": {"database": {"status": "ok"}}}, 200
            else:
                body = {
                    "status": "fail",
                    "checks": {"database": {"status": "fail", "error": "OperationalError"}},
                }
                status = 503
            payload = json.dumps(body).encode()
            content_type = "application/json"
        elif self.path == "/metrics":
            status, payload = 200, (EXPOSITION % State.counts).encode()
            content_type = "text/plain; version=0.0.4"
        else:
            status, payload, content_type = 404, b"", "text/plain"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    State.ready = True
    State.counts = {"a": 80.0, "b": 95.0, "c": 100.0}
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _probe(base: str) -> str:
    out = StringIO()
    call_command("reporting_probe", url=f"{base}/readyz", metrics_url=f"{base}/metrics", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_probe_stores_up_down_and_the_cause(server: str) -> None:
    assert "up" in _probe(server)
    State.ready = False
    assert "down (database: OperationalError)" in _probe(server)
    results = list(ProbeResult.objects.order_by("id"))
    assert [(r.ok, r.status_code, r.cause) for r in results] == [
        (True, 200, ""),
        (False, 503, "database: OperationalError"),
    ]
    assert results[1].previous_ok is True
    assert results[1].gap_seconds is not None
    assert MetricSample.objects.count() == 2


@pytest.mark.django_db
def test_no_answer_is_down() -> None:
    answer = probe.readiness_check("http://127.0.0.1:9/readyz", timeout=1)
    assert not answer.ok
    assert answer.cause.startswith("unreachable")


@pytest.mark.django_db
def test_p95_and_requests_per_second_from_sampled_metrics(server: str) -> None:
    start = dt.datetime(2025, 2, 3, 10, 0, tzinfo=dt.UTC)
    clock.freeze(start)
    _probe(server)
    # 100 more requests in the next minute
    State.counts = {"a": 130.0, "b": 175.0, "c": 200.0}
    clock.freeze(start + dt.timedelta(seconds=60))
    _probe(server)
    as_of = start + dt.timedelta(hours=1)
    day = dt.date(2025, 2, 3)
    rps = selectors.requests_per_second(start=day, end=day, as_of=as_of)
    assert rps is not None
    assert float(rps) == pytest.approx(100 / 60, rel=1e-4)
    # 50, 30 and 20 new requests in the buckets: rank 95 falls in (0.5, 1.0] with 80 below
    # it, 0.5 + 0.5 * (95 - 80) / 20 = 0.875 s
    assert selectors.response_time_p95(start=day, end=day, as_of=as_of) == 875


def test_quantile_follows_histogram_quantile() -> None:
    histogram = probe.Histogram(100, {"0.1": 50, "0.5": 90, "1.0": 100, "+Inf": 100})
    assert probe.quantile(0.5, histogram) == pytest.approx(0.1)
    assert probe.quantile(0.95, histogram) == pytest.approx(0.75)
    restarted = probe.histogram_delta(
        probe.Histogram(100, {"+Inf": 100}), probe.Histogram(10, {"+Inf": 10})
    )
    assert restarted.count == 10


@pytest.mark.django_db
def test_the_platform_metrics_carry_the_histogram_the_probe_reads() -> None:
    client = Client()
    client.get("/healthz")
    response = client.get("/metrics")
    histogram = probe.histogram_read(response.content.decode())
    assert histogram is not None
    assert histogram.count >= 1
