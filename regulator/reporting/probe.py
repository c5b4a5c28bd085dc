"""The availability probe's client: ask the readiness endpoint and read the cause of a
failure from its answer; read the request-latency histogram from the Prometheus
exposition at /metrics; estimate the 95th percentile from histogram buckets as
Prometheus' ``histogram_quantile`` does."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import requests
from prometheus_client.parser import text_string_to_metric_families

# django-prometheus' histogram of every request's latency, middleware included.
LATENCY_HISTOGRAM = "django_http_requests_latency_including_middlewares_seconds"


@dataclass(frozen=True)
class ProbeAnswer:
    ok: bool
    status_code: int | None
    latency_ms: int | None
    cause: str


def readiness_check(url: str, *, timeout: float) -> ProbeAnswer:
    """Ask ``url``; up only on a 200 whose JSON says ``"status": "ok"``."""
    began = time.monotonic()
    try:
        response = requests.get(url, timeout=timeout, headers={"Accept": "application/json"})
    except requests.Timeout:
        return ProbeAnswer(False, None, None, f"no answer within {timeout:g} s")
    except requests.RequestException as exc:
        return ProbeAnswer(False, None, None, f"unreachable: {type(exc).__name__}")
    latency = int((time.monotonic() - began) * 1000)
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.status_code == 200 and isinstance(body, dict) and body.get("status") == "ok":
        return ProbeAnswer(True, 200, latency, "")
    return ProbeAnswer(False, response.status_code, latency, failure_cause(response, body))


def failure_cause(response: requests.Response, body: object) -> str:
    """The failing checks of a readiness answer (``database: OperationalError``), or the
    status when the answer is not the readiness JSON."""
    if isinstance(body, dict) and isinstance(body.get("checks"), dict):
        failing = []
        for name, check in sorted(body["checks"].items()):
            if isinstance(check, dict) and check.get("status") != "ok":
                detail = check.get("error") or (
                    f"oldest task waited {check['oldest_wait_seconds']} s"
                    if "oldest_wait_seconds" in check
                    else check.get("status")
                )
                failing.append(f"{name}: {detail}")
        if failing:
            return "; ".join(failing)[:500]
    return f"HTTP {response.status_code}"


@dataclass(frozen=True)
class Histogram:
    count: float
    buckets: dict[str, float]  # upper bound ("0.1", "+Inf") -> cumulative count


def histogram_read(text: str, name: str = LATENCY_HISTOGRAM) -> Histogram | None:
    """The histogram ``name`` summed over its label sets, from a Prometheus exposition."""
    buckets: dict[str, float] = {}
    count = 0.0
    found = False
    for family in text_string_to_metric_families(text):
        if family.name != name:
            continue
        for sample in family.samples:
            if sample.name == f"{name}_bucket":
                bound = sample.labels["le"]
                key = "+Inf" if bound in {"+Inf", "inf"} else repr(float(bound))
                buckets[key] = buckets.get(key, 0.0) + sample.value
                found = True
            elif sample.name == f"{name}_count":
                count += sample.value
                found = True
    return Histogram(count, buckets) if found else None


def metrics_fetch(url: str, *, timeout: float, token: str = "") -> Histogram | None:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        response = requests.get(url, timeout=timeout, headers=headers)
    except requests.RequestException:
        return None
    if response.status_code != 200:
        return None
    return histogram_read(response.text)


def _bound(key: str) -> float:
    return math.inf if key == "+Inf" else float(key)


def histogram_delta(before: Histogram, after: Histogram) -> Histogram:
    """Requests between two samples; a counter that went down (a restarted process)
    started again from zero, as Prometheus' ``increase`` assumes."""
    if after.count < before.count:
        return after
    keys = set(before.buckets) | set(after.buckets)
    return Histogram(
        after.count - before.count,
        {k: after.buckets.get(k, 0.0) - before.buckets.get(k, 0.0) for k in keys},
    )


def histogram_add(histograms: Sequence[Histogram]) -> Histogram:
    buckets: dict[str, float] = {}
    for histogram in histograms:
        for key, value in histogram.buckets.items():
            buckets[key] = buckets.get(key, 0.0) + value
    return Histogram(sum(h.count for h in histograms), buckets)


def quantile(q: float, histogram: Histogram) -> float | None:
    """The q-quantile (seconds) by linear interpolation within the bucket it falls in,
    as ``histogram_quantile``; the highest finite bound when it falls in +Inf."""
    ordered = sorted(histogram.buckets.items(), key=lambda item: _bound(item[0]))
    if not ordered or ordered[-1][1] <= 0:
        return None
    rank = q * ordered[-1][1]
    lower_bound, lower_count = 0.0, 0.0
    for key, cumulative in ordered:
        bound = _bound(key)
        if cumulative >= rank:
            if math.isinf(bound):
                return lower_bound
            if cumulative == lower_count:
                return bound
            return lower_bound + (bound - lower_bound) * (rank - lower_count) / (
                cumulative - lower_count
            )
        lower_bound, lower_count = bound, cumulative
    return lower_bound
