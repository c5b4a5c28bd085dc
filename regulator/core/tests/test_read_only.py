from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client, override_settings


@pytest.fixture
def flag(tmp_path: Path):
    path = tmp_path / "read-only"
    with override_settings(READ_ONLY_FLAG_FILE=path):
        yield path


@pytest.mark.django_db
def test_read_only_mode_keeps_public_pages_and_closes_filing(
    client: Client, flag: Path, capsys
) -> None:
    assert client.get("/file/").status_code == 200

    call_command("core_read_only", "on", "--message", "Filing reopens at 6am.")
    assert "Read-only mode is on. Filing reopens at 6am." in capsys.readouterr().out

    assert client.get("/").status_code == 200
    assert client.get("/cookies/").status_code == 200

    closed = client.get("/file/")
    assert closed.status_code == 503
    assert closed["Retry-After"] == "600"
    assert "Filing is closed for maintenance" in closed.content.decode()
    assert "Filing reopens at 6am." in closed.content.decode()

    welsh = client.get("/cy/file/")
    assert welsh.status_code == 503
    assert "Mae cyflwyno ffurflenni ar gau ar gyfer gwaith cynnal a chadw" in welsh.content.decode()

    posted = client.post("/cookies/")
    assert posted.status_code == 503

    api = client.post("/api/v1/anything/", data={})
    assert api.status_code == 503
    assert api.json()["code"] == "read_only"

    # Operations endpoints still answer.
    assert client.get("/healthz").status_code == 200

    call_command("core_read_only", "off")
    assert "Read-only mode is off." in capsys.readouterr().out
    assert not flag.exists()
    assert client.get("/file/").status_code == 200


@pytest.mark.django_db
def test_read_only_from_the_environment(client: Client, flag: Path) -> None:
    with override_settings(READ_ONLY=True):
        assert client.get("/file/").status_code == 503
        assert client.get("/").status_code == 200
