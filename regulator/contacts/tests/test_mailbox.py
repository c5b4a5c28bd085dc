"""The shared mailbox over a real IMAP conversation with a server on loopback: replies
thread by the reference in the subject, new mail opens an enquiry, and a message that
cannot be read waits for a person, stored whole; nothing is taken twice."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Any

import pytest
from django.core.management import call_command

from regulator.contacts import selectors, services
from regulator.contacts.models import Enquiry, MailMessage
from regulator.contacts.testing import ImapTestServer, Mailbox
from regulator.contacts.tests import factories

pytestmark = pytest.mark.django_db


def _mail(sender: str, subject: str, body: str, *, message_id: str, language: str = "") -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "enquiries@regulator.example"
    message["Subject"] = subject
    message["Message-ID"] = message_id
    message.set_content(body)
    if language:  # after set_content, which replaces every Content-* header
        message["Content-Language"] = language
    return bytes(message)


def _imap(server: ImapTestServer) -> services.ImapSettings:
    return services.ImapSettings(
        host="127.0.0.1",
        port=server.port,
        user=server.mailbox.user,
        password=server.mailbox.password,
        use_ssl=False,
    )


def test_poll_threads_opens_and_keeps_what_it_cannot_read() -> None:
    sian = factories.contact("Siân Evans", email="sian@example.org")
    enquiry = factories.enquiry("foi", who=sian, language="cy")
    services.reply_send(
        actor=factories.SYSTEM, enquiry=enquiry, language="cy", subject="Ateb", body="Dyma'r ateb"
    )
    with ImapTestServer(Mailbox()) as server:
        box = server.mailbox
        box.deliver(
            _mail(
                "Siân Evans <sian@example.org>",
                f"Re: Ateb [{enquiry.reference}]",
                "Diolch, ond mae gen i gwestiwn arall.",
                message_id="<reply-1@example.org>",
                language="cy",
            )
        )
        box.deliver(
            _mail(
                "New Person <new@example.org>",
                "Registering a party",
                "How do I register?",
                message_id="<new-1@example.org>",
            )
        )
        box.deliver(b"\x00\xff not an email at all")
        box.deliver(
            _mail("x@example.org", "About ENQ-999999", "?", message_id="<unknown-ref@example.org>")
        )
        taken = services.mailbox_poll(imap=_imap(server))
        assert len(taken) == 4
        assert all(m.seen for m in box.messages)
        # a second poll takes nothing (all seen), and the same message again is stored once
        assert services.mailbox_poll(imap=_imap(server)) == []
        services.mail_receive(raw=box.messages[0].raw)
    assert MailMessage.objects.count() == 4
    threaded = MailMessage.objects.get(message_id="<reply-1@example.org>")
    assert threaded.status == "threaded"
    assert threaded.enquiry == enquiry
    enquiry.refresh_from_db()
    assert enquiry.state == "in-progress"  # answered, then written to again
    incoming = enquiry.interactions.filter(kind="email-in").order_by("pk").last()
    assert incoming is not None
    assert incoming.language == "cy"
    assert "gwestiwn arall" in incoming.body
    opened = MailMessage.objects.get(message_id="<new-1@example.org>")
    assert opened.status == "new-enquiry"
    assert opened.enquiry is not None
    assert opened.enquiry.contact.email == "new@example.org"
    assert opened.enquiry.channel == "email"
    needing = list(selectors.mail_needing_person())
    assert len(needing) == 2
    assert {bytes(m.raw)[:4] for m in needing} >= {b"\x00\xff n"}
    assert Enquiry.objects.count() == 2


def test_wrong_password_changes_nothing() -> None:
    with ImapTestServer() as server:
        server.mailbox.deliver(_mail("a@example.org", "Hi", "Hello", message_id="<a@example.org>"))
        settings = _imap(server)
        bad = services.ImapSettings(**{**settings.__dict__, "password": "wrong"})
        with pytest.raises(Exception, match="Invalid credentials"):
            services.mailbox_poll(imap=bad)
        assert not any(m.seen for m in server.mailbox.messages)
    assert not MailMessage.objects.exists()


def test_the_command_polls_the_configured_mailbox(settings: Any, capsys: Any) -> None:
    with ImapTestServer() as server:
        server.mailbox.deliver(_mail("a@example.org", "Hi", "Hello", message_id="<b@example.org>"))
        settings.CONTACTS_IMAP_HOST = "127.0.0.1"
        settings.CONTACTS_IMAP_PORT = server.port
        settings.CONTACTS_IMAP_USER = server.mailbox.user
        settings.CONTACTS_IMAP_PASSWORD = server.mailbox.password
        settings.CONTACTS_IMAP_SSL = False
        call_command("contacts_mailbox_poll")
    assert "1 message(s) taken" in capsys.readouterr().out
