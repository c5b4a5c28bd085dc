"""Notices generated from versioned templates in English or Welsh, as PDF (fpdf2 with
DejaVu Sans so that Welsh prints), declared as records (class CAS-SAN), with their
service and deemed-receipt dates and, where they set one, a due date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

from regulator.cases.clocks import deemed_receipt
from regulator.cases.models import Case, Notice, Sanction, Task
from regulator.cases.services.common import event
from regulator.cases.services.errors import error
from regulator.cases.templates_notice import TEMPLATES
from regulator.cases.types import CasesErrorCode, NoticeKind, Service, TaskKind
from regulator.core import clock
from regulator.core.pdf_fonts import add_fonts
from regulator.records import services as records_services
from regulator.records.types import Declaration
from regulator.register import selectors as register_selectors

NOTICE_CLASS = "CAS-SAN"
# The clocks a notice starts that someone must watch: the end of representations and the
# payment date (other notices' due dates show on the case and in "deadlines this week").
TASK_FOR = {
    NoticeKind.INTENT: TaskKind.REPRESENTATIONS_DUE,
    NoticeKind.FINAL: TaskKind.PAYMENT_DUE,
    NoticeKind.DISCLOSURE: TaskKind.NOTICE_DUE,
    NoticeKind.INVESTIGATION: TaskKind.NOTICE_DUE,
}


def _pounds(pence: int | None) -> str:
    return "" if pence is None else f"£{pence / 100:,.2f}"


def notice_pdf(*, notice: Notice, text: str, title: str) -> bytes:
    with translation.override(notice.language):
        pdf = FPDF(format="A4")
        pdf.set_title(title)
        pdf.set_lang("cy" if notice.language == "cy" else "en-GB")
        pdf.set_creation_date(dt.datetime.combine(notice.issued_on, dt.time(9), tzinfo=dt.UTC))
        family = add_fonts(pdf)
        pdf.set_auto_page_break(auto=True, margin=18)
        pdf.add_page()
        width = pdf.w - pdf.l_margin - pdf.r_margin
        pdf.set_font(family, "B", 18)
        pdf.multi_cell(width, 9, title)
        pdf.set_font(family, "", 10)
        pdf.multi_cell(
            width,
            6,
            _("Case %(case)s · notice %(number)s · template %(version)s")
            % {
                "case": notice.case.reference,
                "number": notice.number,
                "version": notice.template_version,
            },
        )
        pdf.ln(4)
        pdf.set_font(family, "", 11)
        for paragraph in text.split("\n\n"):
            pdf.multi_cell(width, 6, paragraph.strip())
            pdf.ln(2)
        return bytes(pdf.output())


def notice_issue(
    *,
    case: Case,
    actor: Any,
    kind: str,
    recipient: str,
    served_by: str,
    language: str = "en",
    sent_on: dt.date | None = None,
    amount_pence: int | None = None,
    due_days: int | None = None,
    body: str = "",
    sanction: Sanction | None = None,
) -> Notice:
    """Generate, declare and log a notice (inside the caller's transaction)."""
    if kind not in NoticeKind.values:
        raise error(CasesErrorCode.BAD_CHOICE, _("Choose the kind of notice."))
    if served_by not in Service.values:
        raise error(CasesErrorCode.BAD_CHOICE, _("Choose how the notice is served."))
    if not recipient.strip():
        raise error(CasesErrorCode.BAD_CHOICE, _("Name the person the notice is served on."))
    language = "cy" if language == "cy" else "en"
    sent_on = sent_on or clock.local_today()
    nation = register_selectors.entity_nation(entity_id=case.entity_id) if case.entity_id else ""
    received = deemed_receipt(sent_on, served_by, nation or "england-and-wales")
    due_on = received + dt.timedelta(days=due_days) if due_days else None
    template = TEMPLATES[NoticeKind(kind)]
    number = (case.notices.aggregate(top=Max("number"))["top"] or 0) + 1
    notice = Notice(
        case=case,
        number=number,
        kind=kind,
        language=language,
        template_version=template.version,
        recipient=recipient.strip()[:255],
        body=body,
        amount_pence=amount_pence,
        issued_by=actor,
        issued_on=sent_on,
        served_by=served_by,
        deemed_received_on=received,
        due_on=due_on,
        sanction=sanction,
    )
    with translation.override(language):
        values = {
            "reference": case.reference,
            "recipient": notice.recipient,
            "subject": case.subject_name,
            "provision": case.offence.provision if case.offence else "",
            "offence": case.offence.description if case.offence else case.matter,
            "amount": _pounds(amount_pence),
            "issued": date_format(sent_on, "j F Y"),
            "received": date_format(received, "j F Y"),
            "due": date_format(due_on, "j F Y") if due_on else "",
            "body": body,
        }
        title = str(NoticeKind(kind).label)
        text = template.text(language) % values
    pdf = notice_pdf(notice=notice, text=text, title=title)
    record = records_services.record_declare(
        declaration=Declaration(
            record_class=NOTICE_CLASS,
            title=f"{case.reference} N{number}: {NoticeKind(kind).label}",
            source="cases.notice",
            source_id=f"{case.reference}/N{number}",
            file_name=f"{case.reference}-N{number}-{kind}.pdf",
            entity=case.entity_id,
            language="Welsh" if language == "cy" else "English",
        ),
        content=pdf,
        actor=actor,
    )
    notice.record_reference = record.reference
    notice.sha256 = record.sha256
    notice.save()
    if due_on is not None and kind in TASK_FOR:
        Task.objects.get_or_create(
            case=case,
            kind=TASK_FOR[NoticeKind(kind)],
            due_on=due_on,
            defaults={"note": f"N{number}: {NoticeKind(kind).label}"},
        )
    event(
        actor,
        case,
        "notice_issued",
        notice=number,
        kind=kind,
        language=language,
        template=template.version,
        served_by=served_by,
        deemed_received_on=received,
        due_on=due_on,
        record=record.reference,
        sha256=record.sha256,
    )
    return notice
