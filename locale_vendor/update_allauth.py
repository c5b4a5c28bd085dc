"""Refresh locale_vendor/cy/LC_MESSAGES/django.po from the installed django-allauth.

django-allauth ships no Welsh catalogue. This reads allauth's own English catalogue,
keeps the messages of the parts we use (account, mfa with TOTP and recovery codes,
re-authentication, socialaccount with OpenID Connect) and merges them into our Welsh
catalogue: existing Welsh is kept, new messages arrive untranslated (and the
identity tests fail until someone translates them), messages allauth dropped go.

Run after upgrading django-allauth:

    .venv/bin/python locale_vendor/update_allauth.py
    .venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v0
"""

from __future__ import annotations

import re
from pathlib import Path

import allauth
import polib

ALLAUTH_EN = Path(allauth.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
WELSH = Path(__file__).parent / "cy" / "LC_MESSAGES" / "django.po"
WELSH_PLURALS = "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n==3 ? 3 : n==6 ? 4 : 5);"

# Parts of allauth we do not use: a message only used there is left out.
UNUSED = re.compile(
    r"(idp/|webauthn|usersessions|headless|providers/(douban|dummy|pocket|oauth/)|phone"
    r"|/admin\.py|/models\.py|apps\.py|passkey|login_code|_code\.html|mfa/trust"
    r"|templates/openid/|confirm_code)"
)


def used(entry: polib.POEntry) -> bool:
    """Whether a message of allauth's is shown by a part of allauth we use."""
    files = [path for path, _line in entry.occurrences]
    return bool(files) and not all(UNUSED.search(path) for path in files)


def allauth_messages() -> list[polib.POEntry]:
    """allauth's English messages that our pages can show, in allauth's order."""
    return [entry for entry in polib.pofile(str(ALLAUTH_EN)) if entry.msgid and used(entry)]


def merge() -> polib.POFile:
    """allauth's messages with the Welsh we already have."""
    welsh = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(WELSH))} if WELSH.exists() else {}
    out = polib.POFile(wrapwidth=88)
    out.metadata = {
        "Project-Id-Version": f"django-allauth {allauth.__version__} (Welsh, Regulator)",
        "PO-Revision-Date": "2026-12-01 00:00+0000",
        "Last-Translator": "Regulator <noreply@regulator.localhost>",
        "Language-Team": "Welsh",
        "Language": "cy",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": WELSH_PLURALS,
    }
    for source in allauth_messages():
        known = welsh.get((source.msgctxt, source.msgid))
        entry = polib.POEntry(
            msgctxt=source.msgctxt,
            msgid=source.msgid,
            msgid_plural=source.msgid_plural,
            occurrences=source.occurrences,
            flags=[flag for flag in source.flags if flag != "fuzzy"],
        )
        if source.msgid_plural:
            forms = known.msgstr_plural if known else {}
            entry.msgstr_plural = {i: forms.get(i, "") for i in range(6)}
        else:
            entry.msgstr = known.msgstr if known else ""
        out.append(entry)
    return out


if __name__ == "__main__":
    catalogue = merge()
    catalogue.save(str(WELSH))
    missing = len(catalogue.untranslated_entries())
    print(f"{len(catalogue)} messages, {missing} without Welsh: {WELSH}")
