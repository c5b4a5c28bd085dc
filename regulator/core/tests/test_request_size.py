import html

import pytest
from django.test import Client, override_settings


@pytest.mark.django_db
@override_settings(MAX_REQUEST_BODY_BYTES=1024)
def test_an_oversized_body_is_refused_before_it_is_read(client: Client) -> None:
    body = b"x" * 2048
    page = client.post("/cy/file/", data=body, content_type="application/octet-stream")
    assert page.status_code == 413
    assert "Mae'r ffeil yn rhy fawr" in html.unescape(page.content.decode())
    api = client.post("/api/v1/donations/", data=body, content_type="text/csv")
    assert api.status_code == 413
    assert api.json()["code"] == "request_too_large"
    # At the limit it goes through to the view as usual.
    assert client.post("/cookies/", data=b"x" * 1024, content_type="text/plain").status_code == 405
