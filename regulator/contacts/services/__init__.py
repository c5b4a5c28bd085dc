"""Writes of the contacts area (people, enquiries, replies, the mailbox)."""

from regulator.contacts.services.enquiries import (
    ESCALATES_TO,
    enquiries_remind,
    enquiry_assign,
    enquiry_close,
    enquiry_escalate,
    enquiry_extend,
    enquiry_open,
    enquiry_pause,
    enquiry_resume,
    interaction_log,
    team_default,
)
from regulator.contacts.services.errors import ContactsError, ContactsErrorCode
from regulator.contacts.services.mailbox import ImapSettings, mail_receive, mailbox_poll
from regulator.contacts.services.people import (
    contact_create,
    contact_entity_link,
    contact_language_record,
    contact_merge,
    contact_opt_out_set,
    contact_relate,
    contacts_mark_inactive,
)
from regulator.contacts.services.records_seam import records_hold_place, records_hold_release
from regulator.contacts.services.replies import (
    BulkResult,
    LanguageRule,
    bulk_send,
    reply_check,
    reply_language,
    reply_send,
    template_render,
    template_save,
)

__all__ = [
    "ESCALATES_TO",
    "BulkResult",
    "ContactsError",
    "ContactsErrorCode",
    "ImapSettings",
    "LanguageRule",
    "bulk_send",
    "contact_create",
    "contact_entity_link",
    "contact_language_record",
    "contact_merge",
    "contact_opt_out_set",
    "contact_relate",
    "contacts_mark_inactive",
    "enquiries_remind",
    "enquiry_assign",
    "enquiry_close",
    "enquiry_escalate",
    "enquiry_extend",
    "enquiry_open",
    "enquiry_pause",
    "enquiry_resume",
    "interaction_log",
    "mail_receive",
    "mailbox_poll",
    "records_hold_place",
    "records_hold_release",
    "reply_check",
    "reply_language",
    "reply_send",
    "team_default",
    "template_render",
    "template_save",
]
