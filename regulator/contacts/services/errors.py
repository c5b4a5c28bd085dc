"""The contacts area's errors: a stable code and a message in the active language."""

from __future__ import annotations

from enum import StrEnum

from regulator.core.errors import InvalidValueError


class ContactsErrorCode(StrEnum):
    NAME_REQUIRED = "name_required"
    BAD_CHOICE = "bad_choice"
    UNKNOWN_ENTITY = "unknown_entity"
    UNKNOWN_OFFICER = "unknown_officer"
    DUPLICATE_LINK = "duplicate_link"
    SELF_RELATION = "self_relation"
    REASON_REQUIRED = "reason_required"
    MERGE_SELF = "merge_self"
    ALREADY_MERGED = "already_merged"
    MERGE_KINDS = "merge_kinds"
    NOTHING_TO_LINK = "nothing_to_link"
    UNKNOWN_GUIDANCE = "unknown_guidance"
    NOT_A_MEMBER = "not_a_member"
    NOT_OPEN = "not_open"
    ALREADY_PAUSED = "already_paused"
    NOT_PAUSED = "not_paused"
    CANNOT_PAUSE = "cannot_pause"
    BAD_EXTENSION = "bad_extension"
    WRONG_LANGUAGE = "wrong_language"
    NO_EMAIL = "no_email"
    EMPTY_REPLY = "empty_reply"
    SEND_FAILED = "send_failed"
    SUBJECT_REQUIRED = "subject_required"
    CANNOT_ESCALATE = "cannot_escalate"
    RETENTION_CLASS_UNKNOWN = "retention_class_unknown"


class ContactsError(InvalidValueError):
    code = "contacts_error"


def error(code: ContactsErrorCode, message: str) -> ContactsError:
    return ContactsError(message, code=str(code))
