"""Checks on what applicants send: names, postcodes, emblems. Each failure raises a
``RegisterError`` with a stable code (``RegisterErrorCode``), the field it belongs to and a
message in the user's language."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from enum import StrEnum
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from rapidfuzz import fuzz, process

from regulator.core.errors import RegulatorError


class RegisterErrorCode(StrEnum):
    REQUIRED = "required"
    NAME_TAKEN = "name_taken"
    NAME_TOO_LONG = "name_too_long"
    POSTCODE_INVALID = "postcode_invalid"
    EMBLEM_TOO_LARGE = "emblem_too_large"
    EMBLEM_NOT_IMAGE = "emblem_not_image"
    EMBLEM_WRONG_FORMAT = "emblem_wrong_format"
    EMBLEM_DIMENSIONS = "emblem_dimensions"
    OFFICER_MISSING = "officer_missing"
    OFFICERS_NOT_DISTINCT = "officers_not_distinct"
    DECLARATION_REQUIRED = "declaration_required"
    NOT_EDITABLE = "not_editable"
    NOT_AWAITING_DECISION = "not_awaiting_decision"
    REASON_REQUIRED = "reason_required"
    ENTITY_DEREGISTERED = "entity_deregistered"
    DATE_INVALID = "date_invalid"


class RegisterError(RegulatorError):
    """A refused register action; ``field`` names the question it belongs to."""

    def __init__(self, message: str, *, code: RegisterErrorCode, field: str = "") -> None:
        super().__init__(message, code=str(code))
        self.field = field


# --- Names ---------------------------------------------------------------------------

_NOISE_WORDS = {"the", "party"}
_PUNCTUATION = str.maketrans(
    dict.fromkeys(string.punctuation + "\u2018\u2019\u201c\u201d\u2013\u2014", " ")
)


def name_normalise(name: str) -> str:
    """The comparable form of a party name: case, punctuation, '&'/'and', 'the', 'party'
    and spacing do not distinguish one name from another."""
    text = name.casefold().replace("&", " and ").translate(_PUNCTUATION)
    words = [w for w in text.split() if w not in _NOISE_WORDS]
    return " ".join(words)


@dataclass(frozen=True)
class NameMatch:
    entity_id: int
    name: str
    score: float
    identical: bool


def party_name_matches(
    name: str, *, exclude_entity_id: int | None = None, limit: int = 10, cutoff: float = 80
) -> list[NameMatch]:
    """Registered parties whose name is identical (normalised) or close (fuzzy) to
    ``name``, best first."""
    from regulator.register.models import RegulatedEntity
    from regulator.register.types import EntityStatus, EntityType

    wanted = name_normalise(name)
    if not wanted:
        return []
    parties = RegulatedEntity.objects.filter(
        entity_type=EntityType.POLITICAL_PARTY, status=EntityStatus.REGISTERED
    )
    if exclude_entity_id is not None:
        parties = parties.exclude(pk=exclude_entity_id)
    choices = {pk: name_normalise(n) for pk, n in parties.values_list("pk", "name")}
    names = dict(parties.values_list("pk", "name"))
    found = process.extract(
        wanted, choices, scorer=fuzz.token_sort_ratio, score_cutoff=cutoff, limit=limit
    )
    matches = [
        NameMatch(
            entity_id=int(pk), name=names[pk], score=round(score, 1), identical=norm == wanted
        )
        for norm, score, pk in found
    ]
    return sorted(matches, key=lambda m: (not m.identical, -m.score, m.name))


def party_name_check(name: str, *, exclude_entity_id: int | None = None) -> str:
    """Refuse a name identical (once normalised) to a registered party's."""
    name = " ".join(name.split())
    if not name:
        raise RegisterError(_("Enter the name"), code=RegisterErrorCode.REQUIRED, field="name")
    if len(name) > 255:
        raise RegisterError(
            _("The name must be 255 characters or fewer"),
            code=RegisterErrorCode.NAME_TOO_LONG,
            field="name",
        )
    for match in party_name_matches(name, exclude_entity_id=exclude_entity_id, limit=3):
        if match.identical:
            raise RegisterError(
                _("%(name)s is already the name of a registered party: choose another name")
                % {"name": match.name},
                code=RegisterErrorCode.NAME_TAKEN,
                field="name",
            )
    return name


# --- Postcodes -----------------------------------------------------------------------

_POSTCODE = re.compile(
    r"^(?:GIR0AA|"
    r"(?:[A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}|"
    r"[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
    r"[0-9][ABD-HJLNP-UW-Z]{2})$"
)


def postcode_normalise(value: str, *, field: str = "postcode") -> str:
    """A UK postcode in upper case with one space before the inward code, or an error."""
    compact = "".join(value.split()).upper()
    if not compact:
        raise RegisterError(_("Enter a postcode"), code=RegisterErrorCode.REQUIRED, field=field)
    if not _POSTCODE.match(compact):
        raise RegisterError(
            _("Enter a real UK postcode, like SW1A 2AA"),
            code=RegisterErrorCode.POSTCODE_INVALID,
            field=field,
        )
    return f"{compact[:-3]} {compact[-3:]}"


# --- Emblems -------------------------------------------------------------------------

EMBLEM_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}


def emblem_check(upload: IO[bytes] | Any, *, field: str = "emblem") -> str:
    """Accept a PNG or JPEG within the size and pixel limits; return its content type.
    The file is verified by Pillow, whatever its name or declared type says."""
    max_bytes = int(getattr(settings, "REGISTER_EMBLEM_MAX_BYTES", 2_000_000))
    max_pixels = int(getattr(settings, "REGISTER_EMBLEM_MAX_PIXELS", 2000))
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    if size > max_bytes:
        raise RegisterError(
            _("The emblem must be smaller than %(size)s MB") % {"size": max_bytes // 1_000_000},
            code=RegisterErrorCode.EMBLEM_TOO_LARGE,
            field=field,
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
            image_format = image.format or ""
            width, height = image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise RegisterError(
            _("The emblem must be a PNG or JPEG image"),
            code=RegisterErrorCode.EMBLEM_NOT_IMAGE,
            field=field,
        ) from None
    finally:
        upload.seek(0)
    if image_format not in EMBLEM_FORMATS:
        raise RegisterError(
            _("The emblem must be a PNG or JPEG image"),
            code=RegisterErrorCode.EMBLEM_WRONG_FORMAT,
            field=field,
        )
    if width > max_pixels or height > max_pixels or width < 20 or height < 20:
        raise RegisterError(
            _("The emblem must be between 20 and %(max)s pixels wide and high")
            % {"max": max_pixels},
            code=RegisterErrorCode.EMBLEM_DIMENSIONS,
            field=field,
        )
    return EMBLEM_FORMATS[image_format]
