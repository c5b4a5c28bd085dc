from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django_tasks_db.models import DBTaskResult

from regulator.core import clock


def test_healthz_answers_without_the_database(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_readyz_checks_database_and_task_queue(client: Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["task_queue"] == {
        "status": "ok",
        "waiting": 0,
        "oldest_wait_seconds": 0.0,
    }


@pytest.mark.django_db
def test_readyz_fails_when_no_worker_drains_the_queue(client: Client) -> None:
    from regulator.core.tasks import ping

    ping.enqueue()
    clock.freeze(clock.now() + timedelta(minutes=16))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["task_queue"]["status"] == "fail"
    assert DBTaskResult.objects.ready().count() == 1


@pytest.mark.django_db
def test_metrics_expose_requests_by_view_and_query_counts(client: Client) -> None:
    client.get("/")
    text = client.get("/metrics").content.decode()
    assert "django_http_requests_latency_seconds_by_view_method" in text
    assert 'view="core:start"' in text
    assert "django_db_execute_total" in text


@pytest.mark.django_db
@override_settings(METRICS_REQUIRE_TOKEN=True, METRICS_TOKEN="s3cret")
def test_metrics_need_the_token_when_restricted(client: Client) -> None:
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret").status_code == 200


@pytest.mark.django_db
def test_every_response_carries_a_request_id(client: Client) -> None:
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert first
    assert second
    assert first != second


@pytest.mark.django_db(transaction=True)
def test_the_task_worker_runs_enqueued_tasks() -> None:
    from django.core.management import call_command

    from regulator.core.tasks import ping

    result = ping.enqueue()
    call_command("db_worker", "--batch", "--interval", "0")
    stored = DBTaskResult.objects.get(id=result.id)
    assert stored.status == "SUCCESSFUL"
    assert stored.return_value == "pong"
