import pytest
from django.test import Client

PAGES = ["/", "/accessibility-statement/", "/privacy/", "/cookies/"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_public_pages_exist_in_english_and_welsh(client: Client, path: str) -> None:
    english = client.get(path)
    welsh = client.get(f"/cy{path}")
    assert english.status_code == 200
    assert welsh.status_code == 200
    assert '<html lang="en"' in english.content.decode()
    assert '<html lang="cy"' in welsh.content.decode()
    # The same page in the other language: the Welsh page is not the English one.
    assert english.content != welsh.content


@pytest.mark.django_db
def test_start_page_routes_to_the_three_journeys(client: Client) -> None:
    html = client.get("/").content.decode()
    assert 'href="/file/"' in html
    assert 'href="/search/"' in html
    assert 'href="/staff/sign-in/"' in html
    assert "Skip to main content" in html
    assert "Accessibility statement" in html


@pytest.mark.django_db
def test_welsh_start_page_is_in_welsh(client: Client) -> None:
    html = client.get("/cy/").content.decode()
    assert "Neidio i'r prif gynnwys" in html
    assert 'href="/cy/file/"' in html
    assert "Datganiad hygyrchedd" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "expected_switch"),
    [
        ("/", 'href="/cy/"'),
        ("/cy/", 'href="/"'),
        ("/cookies/?x=1", 'href="/cy/cookies/?x=1"'),
        ("/cy/privacy/", 'href="/privacy/"'),
    ],
)
def test_language_switch_keeps_the_user_on_the_same_page(
    client: Client, path: str, expected_switch: str
) -> None:
    html = client.get(path).content.decode()
    assert expected_switch in html


@pytest.mark.django_db
def test_not_found_page_is_styled_and_bilingual(client: Client) -> None:
    english = client.get("/no-such-page/")
    welsh = client.get("/cy/no-such-page/")
    assert english.status_code == 404
    assert "Page not found" in english.content.decode()
    assert welsh.status_code == 404
    assert "Heb ddod o hyd i'r dudalen" in welsh.content.decode()


def test_error_pages_render(rf) -> None:
    from django.core.exceptions import PermissionDenied

    from regulator.core import views

    request = rf.get("/")
    request.csp_nonce = "n"
    assert views.error_403(request, PermissionDenied()).status_code == 403
    assert b"You do not have permission" in views.error_403(request).content
    response = views.error_500(request)
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content


@pytest.mark.django_db
def test_post_to_a_read_only_page_is_refused(client: Client) -> None:
    assert client.post("/").status_code == 405
