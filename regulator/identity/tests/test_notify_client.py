"""The GOV.UK Notify client against a small HTTP server on loopback that speaks Notify's
request and response format (bearer JWT signed with the key's secret, JSON bodies)."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from django.core import mail

from regulator.core import notify

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"regulator_test-{SERVICE_ID}-{SECRET}"


class FakeNotify(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []

    def log_message(self, *args: Any) -> None:
        pass

    def _reply(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        auth = self.headers.get("Authorization", "")
        try:
            claims = jwt.decode(auth.removeprefix("Bearer "), SECRET, algorithms=["HS256"])
            assert claims["iss"] == SERVICE_ID
            assert abs(claims["iat"] - time.time()) < 30
        except Exception:
            self._reply(
                403,
                {
                    "status_code": 403,
                    "errors": [
                        {
                            "error": "AuthError",
                            "message": "Invalid token: signature, api token not found",
                        }
                    ],
                },
            )
            return
        if self.path != "/v2/notifications/email":
            self._reply(
                404, {"status_code": 404, "errors": [{"error": "NotFound", "message": "Not found"}]}
            )
            return
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if "@" not in body.get("email_address", ""):
            self._reply(
                400,
                {
                    "status_code": 400,
                    "errors": [
                        {
                            "error": "ValidationError",
                            "message": "email_address Not a valid email address",
                        }
                    ],
                },
            )
            return
        FakeNotify.received.append(body)
        self._reply(
            201,
            {
                "id": str(uuid.uuid4()),
                "reference": body.get("reference"),
                "content": {
                    "subject": "s",
                    "body": "b",
                    "from_email": "x@notifications.service.gov.uk",
                },
                "uri": "https://api.notifications.service.gov.uk/v2/notifications/1",
                "template": {"id": body["template_id"], "version": 1, "uri": "https://example"},
            },
        )


@pytest.fixture
def notify_server() -> Iterator[str]:
    FakeNotify.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeNotify)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_the_client_sends_an_email_with_a_signed_token(notify_server: str) -> None:
    client = notify.NotifyClient(api_key=API_KEY, base_url=notify_server)
    sent = client.send_email(
        email_address="a@example.org",
        template_id="t-1",
        personalisation={"subject": "Hi", "body": "There"},
        reference="r-1",
    )
    assert sent.reference == "r-1"
    assert uuid.UUID(sent.id)
    assert FakeNotify.received == [
        {
            "email_address": "a@example.org",
            "template_id": "t-1",
            "personalisation": {"subject": "Hi", "body": "There"},
            "reference": "r-1",
        }
    ]


def test_notify_errors_are_raised_with_notifys_message(notify_server: str) -> None:
    client = notify.NotifyClient(api_key=API_KEY, base_url=notify_server)
    with pytest.raises(notify.NotifyError) as error:
        client.send_email(email_address="not-an-address", template_id="t-1")
    assert error.value.status == 400
    assert "Not a valid email address" in str(error.value)
    wrong_key = notify.NotifyClient(api_key=f"k-{SERVICE_ID}-{'0' * 36}", base_url=notify_server)
    with pytest.raises(notify.NotifyError) as error:
        wrong_key.send_email(email_address="a@example.org", template_id="t-1")
    assert error.value.status == 403


def test_a_malformed_api_key_is_refused_before_sending() -> None:
    with pytest.raises(ValueError, match="36-character"):
        notify.NotifyClient(api_key="short", base_url="http://127.0.0.1:9")


def test_django_email_goes_through_notify_when_configured(
    notify_server: str, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "regulator.core.notify.NotifyEmailBackend"
    settings.NOTIFY_BACKEND = "notify"
    settings.NOTIFY_API_KEY = API_KEY
    settings.NOTIFY_BASE_URL = notify_server
    settings.NOTIFY_EMAIL_TEMPLATE_ID = "generic-template"
    assert (
        mail.send_mail("Subject line", "Body text", None, ["b@example.org", "c@example.org"]) == 2
    )
    assert [m["email_address"] for m in FakeNotify.received] == ["b@example.org", "c@example.org"]
    assert FakeNotify.received[0]["personalisation"] == {
        "subject": "Subject line",
        "body": "Body text",
    }


def test_the_development_backend_writes_an_outbox_file(settings: Any, tmp_path: Any) -> None:
    settings.NOTIFY_BACKEND = "development"
    settings.VAR_DIR = tmp_path
    notify.send_email(
        email_address="d@example.org", template_id="t", personalisation={"body": "hello"}
    )
    [line] = (tmp_path / "notify-outbox.jsonl").read_text().splitlines()
    assert json.loads(line)["email_address"] == "d@example.org"
