# ruff: noqa: RUF001  (Welsh uses the right single quotation mark as its apostrophe)
"""django-allauth in Welsh: our catalogue of allauth's messages (locale_vendor/) is
complete and wired, and every allauth page we show, rendered under /cy/ with the real
views, shows no allauth message in English, in its labels, errors or flash messages."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import polib
import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from regulator.core import notify
from regulator.identity.testing import activate_totp, sign_in, totp_code
from regulator.identity.tests.factories import PASSWORD, FilerFactory

SECRET = "JBSWY3DPEHPK3PXP"
VENDOR = Path(settings.BASE_DIR) / "locale_vendor"
WELSH_PO = VENDOR / "cy" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]|\{\w+\}")


def load_updater() -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location("update_allauth", VENDOR / "update_allauth.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def english_fragments() -> tuple[set[str], set[str]]:
    """allauth's English messages: whole short ones, and the literal runs (three words or
    more, between placeholders and tags) of every message."""
    whole: set[str] = set()
    runs: set[str] = set()
    for entry in polib.pofile(str(load_updater().ALLAUTH_EN)):
        for msgid in filter(None, [entry.msgid, entry.msgid_plural]):
            text = " ".join(re.sub(r"<[^>]+>", " ", msgid).split())
            if not PLACEHOLDER.search(text):
                whole.add(text)
            for run in PLACEHOLDER.split(text):
                run = (run or "").strip(" .:!?,")
                if len(run.split()) >= 3:
                    runs.add(run)
    return whole, runs


class VisibleText(HTMLParser):
    """Text a person sees (or hears) on a page: text nodes outside script/style, and the
    attributes that are read out or shown."""

    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._hidden += 1
        for name, value in attrs:
            if value and name in {"placeholder", "aria-label", "alt", "title"}:
                self.nodes.append(value)
            if value and name == "value" and dict(attrs).get("type") in {"submit", "button"}:
                self.nodes.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not self._hidden:
            self.nodes.append(text)


def english_left_on(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    whole, runs = english_fragments()
    page = " ".join(parser.nodes)
    found = [node for node in parser.nodes if node in whole]
    found += [run for run in runs if run in page]
    return found


def welsh_page(client: Client, url: str, data: dict[str, str] | None = None) -> str:
    response = client.post(url, data) if data is not None else client.get(url, follow=True)
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    assert '<html lang="cy"' in html, url
    return html


@pytest.fixture(autouse=True)
def _setup(settings: Any, request: Any) -> None:
    settings.NOTIFY_BACKEND = "memory"
    settings.EMAIL_BACKEND = "regulator.core.notify.NotifyEmailBackend"
    notify.outbox.clear()
    if request.node.get_closest_marker("django_db"):
        cache.clear()  # the shared cache is a database table


def test_every_allauth_message_we_use_has_welsh_with_the_same_placeholders() -> None:
    catalogue = polib.pofile(str(WELSH_PO))
    wanted = {(e.msgctxt, e.msgid) for e in load_updater().allauth_messages()}
    assert wanted == {(e.msgctxt, e.msgid) for e in catalogue}, "run update_allauth.py"
    assert len(wanted) > 200
    assert not catalogue.untranslated_entries()
    assert not catalogue.fuzzy_entries()
    for entry in catalogue:
        translations = list(entry.msgstr_plural.values()) or [entry.msgstr]
        for welsh in translations:
            assert welsh, entry.msgid
            assert welsh != entry.msgid, entry.msgid
            assert sorted(PLACEHOLDER.findall(welsh)) == sorted(PLACEHOLDER.findall(entry.msgid)), (
                entry.msgid
            )
            assert sorted(re.findall(r"<[^>]+>", welsh)) == sorted(
                re.findall(r"<[^>]+>", entry.msgid)
            ), entry.msgid


def test_the_vendor_catalogue_comes_after_ours_and_is_compiled() -> None:
    assert settings.LOCALE_PATHS[-1] == VENDOR
    assert settings.LOCALE_PATHS.index(VENDOR) > 0
    # `manage.py compilemessages` compiles every LOCALE_PATHS entry; the compiled file
    # must hold exactly the Welsh in the catalogue (run `make messages` if not).
    compiled = polib.mofile(str(WELSH_PO.with_suffix(".mo")))
    source = polib.pofile(str(WELSH_PO))
    assert {(e.msgctxt, e.msgid): e.msgstr for e in compiled if not e.msgid_plural} == {
        (e.msgctxt, e.msgid): e.msgstr for e in source if not e.msgid_plural
    }
    with translation.override("cy"):
        assert translation.gettext("Forgot your password?") == "Wedi anghofio eich cyfrinair?"
        assert translation.pgettext("field label", "Login") == "Mewngofnodi"
        assert translation.gettext("There is a problem") == "Mae yna broblem"
        assert translation.gettext("Password Reset") == "Ailosod cyfrinair"


@pytest.mark.django_db
def test_signed_out_allauth_pages_in_welsh_show_no_english_allauth_text() -> None:
    client = Client()
    pages = {
        "sign in": welsh_page(client, "/cy/accounts/login/"),
        "sign in, wrong password": welsh_page(
            client, "/cy/accounts/login/", {"login": "nobody@example.org", "password": "x"}
        ),
        "sign up": welsh_page(client, "/cy/accounts/signup/"),
        "sign up, mismatched": welsh_page(
            client,
            "/cy/accounts/signup/",
            {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD + "x"},
        ),
        "verification sent": welsh_page(client, "/cy/accounts/confirm-email/"),
        "bad confirmation link": welsh_page(client, "/cy/accounts/confirm-email/not-a-key/"),
        "password reset": welsh_page(client, "/cy/accounts/password/reset/"),
        "password reset done": welsh_page(client, "/cy/accounts/password/reset/done/"),
        "bad reset link": welsh_page(client, "/cy/accounts/password/reset/key/1-nope/"),
    }
    assert "Wedi anghofio eich cyfrinair?" in pages["sign in"]
    assert (
        "Nid yw’r cyfeiriad e-bost a/neu’r cyfrinair a roesoch yn gywir."
        in pages["sign in, wrong password"]
    )
    assert "Mae yna broblem" in pages["sign in, wrong password"]
    assert "Rhaid i chi deipio’r un cyfrinair bob tro." in pages["sign up, mismatched"]
    assert "Ailosod fy nghyfrinair" in pages["password reset"]
    assert "Tocyn annilys" in pages["bad reset link"]
    for name, html in pages.items():
        assert english_left_on(html) == [], name


@pytest.mark.django_db
def test_sign_in_with_a_code_in_welsh_ends_with_a_welsh_message() -> None:
    filer = FilerFactory.create(email="cymraeg@example.org")
    activate_totp(filer, SECRET)
    client = Client()
    response = client.post("/cy/accounts/login/", {"login": filer.email, "password": PASSWORD})
    assert response.status_code == 302
    code_page = welsh_page(client, response["Location"])
    assert "Mae eich cyfrif wedi’i ddiogelu gan ddilysu dau ffactor." in code_page
    wrong = welsh_page(client, response["Location"], {"code": "000000"})
    assert "Cod anghywir." in wrong

    code = totp_code(SECRET)
    done = client.post(response["Location"], {"code": code}, follow=True)
    html = done.content.decode()
    assert "Wedi mewngofnodi fel " in html
    for name, page in {"code": code_page, "wrong code": wrong, "signed in": html}.items():
        assert english_left_on(page) == [], name


@pytest.mark.django_db
def test_signed_in_allauth_pages_in_welsh_show_no_english_allauth_text() -> None:
    with_app = FilerFactory.create()
    activate_totp(with_app, SECRET)
    client = Client()
    sign_in(client, with_app)
    pages = {
        "two-factor": welsh_page(client, "/cy/accounts/2fa/"),
        "deactivate": welsh_page(client, "/cy/accounts/2fa/totp/deactivate/"),
        "recovery codes": welsh_page(client, "/cy/accounts/2fa/recovery-codes/"),
        "new recovery codes": welsh_page(client, "/cy/accounts/2fa/recovery-codes/generate/"),
        "change password": welsh_page(client, "/cy/accounts/password/change/"),
        "sign out": welsh_page(client, "/cy/accounts/logout/"),
    }
    assert "Dadactifadu’r ap dilysu" in pages["deactivate"]
    assert "Codau adfer" in pages["recovery codes"]
    assert "Ydych chi’n siŵr eich bod am allgofnodi?" in pages["sign out"]

    without_app = FilerFactory.create()
    fresh = Client()
    sign_in(fresh, without_app)
    pages["activate"] = welsh_page(fresh, "/cy/accounts/2fa/totp/activate/")
    assert "Actifadu ap dilysu" in pages["activate"]
    stale = Client()
    stale.force_login(with_app)
    pages["reauthenticate"] = welsh_page(stale, "/cy/accounts/reauthenticate/")
    assert "Cadarnhau mynediad" in pages["reauthenticate"]
    for name, html in pages.items():
        assert english_left_on(html) == [], name


@pytest.mark.django_db
def test_without_the_vendor_catalogue_the_check_finds_allauths_english(settings: Any) -> None:
    settings.LOCALE_PATHS = [path for path in settings.LOCALE_PATHS if path != VENDOR]
    # The sign-in and sign-up pages are ours (templates/account/), in our own words and
    # catalogue; the password reset page is still allauth's.
    html = welsh_page(Client(), "/cy/accounts/password/reset/")
    left = english_left_on(html)
    assert "Password Reset" in left
    assert "Reset My Password" in left
