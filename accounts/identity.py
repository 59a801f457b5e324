"""Residents' personal identifiers: the name, the resident identity number and the mobile phone
number.

These functions shape and check what a resident typed; they return the canonical form or raise
Django's ValidationError with a message that tells the resident what to fix. Nothing here logs or
echoes the number itself.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ID_NUMBER_LENGTH = 18
# Seventeen digits and a check character that is a digit or X (the check value 10).
_ID_NUMBER_SHAPE = re.compile(r"\d{17}[\dX]")
# Residents copy numbers from documents and messages that group the digits with spaces or dashes.
_SEPARATORS = re.compile(r"[\s\-]+")

# Mainland mobile numbers: 11 digits, 1 then a second digit from 3 to 9 (no 10/11/12 blocks).
PHONE_PATTERN = r"^1[3-9]\d{9}$"
PHONE_MESSAGE = _(
    "Enter an 11-digit mainland China mobile phone number starting with 1, for example 13800138000."
)
validate_phone = RegexValidator(PHONE_PATTERN, PHONE_MESSAGE, code="invalid_phone")

# Control (Cc) and format (Cf) characters: the bidi embeddings, overrides and isolates
# (U+202A-U+202E, U+2066-U+2069), the direction marks (U+200E, U+200F, U+061C), the zero-width
# space, joiners and word joiner (U+200B-U+200D, U+2060) and the byte-order mark (U+FEFF) are all
# among them. White space is collapsed before the check, so a tab or a line break is not refused.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf"})


def _to_ascii(raw: str) -> str:
    # Chinese input methods often produce full-width digits (１２３) and letters (ｘ); NFKC
    # turns them into their ASCII forms.
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", raw or ""))


def clean_person_name(
    raw: str, *, max_length: int | None, required_message: StrOrPromise = ""
) -> str:
    """A person's name as stored: NFKC-normalised, runs of white space collapsed to one space.

    Every name the portal keeps (a resident's, a caller's, a blacklisted person's, a postal
    recipient's) goes through here. Bidi controls (after U+202E the rest is shown backwards) and
    zero-width characters make two names look alike that compare as different, so
    a blacklist entry or an identity check could be dodged by one invisible character: they are
    refused, with every other control or format character. NFKC only folds forms that mean the
    same (full-width Ｌｉ is Li); the middle dot of 阿依古丽·买买提 and variation selectors of
    rare characters are kept. Raises ValidationError; an empty name only with `required_message`.
    `max_length` is the model field's (None: no limit).
    """
    name = " ".join(unicodedata.normalize("NFKC", raw or "").split())
    if not name:
        if required_message:
            raise ValidationError(required_message, code="required")
        return ""
    if any(unicodedata.category(ch) in _INVISIBLE_CATEGORIES for ch in name):
        raise ValidationError(
            _(
                "A name cannot contain invisible formatting characters (such as text-direction "
                "marks or zero-width spaces). Please type the name again."
            ),
            code="invisible_characters",
        )
    if max_length is not None and len(name) > max_length:
        raise ValidationError(
            _("A name can have at most %(max)d characters."),
            code="max_length",
            params={"max": max_length},
        )
    return name


def normalise_phone(raw: str) -> str:
    """Return the 11-digit mobile number, accepting spaces, dashes and a +86 prefix."""
    phone = _to_ascii(raw)
    for prefix in ("+86", "0086"):
        if phone.startswith(prefix):
            phone = phone.removeprefix(prefix)
            break
    if not phone:
        raise ValidationError(_("Enter your mobile phone number."), code="required")
    validate_phone(phone)
    return phone


def normalise_id_number(raw: str) -> str:
    """Return the 18-character identity number (upper-case X) or raise ValidationError.

    Accepts spaces, dashes, full-width characters and a lower-case x. The check digit, the birth
    date and the region code are validated by python-stdnum; a birth date in the future is
    refused here because stdnum does not know today's date.
    """
    number = ric.compact(_to_ascii(raw))
    if not number:
        raise ValidationError(_("Enter your resident identity number."), code="required")
    if len(number) != ID_NUMBER_LENGTH:
        raise ValidationError(
            _(
                "A resident identity number has 18 characters; you entered %(count)d. "
                "Please check the number."
            ),
            code="id_number_length",
            params={"count": len(number)},
        )
    if not _ID_NUMBER_SHAPE.fullmatch(number):
        raise ValidationError(
            _(
                "A resident identity number is 17 digits followed by a digit or the letter X. "
                "Please check the number."
            ),
            code="id_number_format",
        )
    try:
        ric.validate(number)
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _("The check digit does not match — please check the number."),
            code="id_number_checksum",
        ) from None
    except stdnum_errors.InvalidComponent:
        # stdnum raises the same error for an impossible date and an unknown region code;
        # tell the resident which part is wrong.
        try:
            ric.get_birth_date(number)
        except stdnum_errors.ValidationError:
            raise ValidationError(
                _(
                    "Digits 7 to 14 must be a real birth date (year, month, day). "
                    "Please check the number."
                ),
                code="id_number_birth_date",
            ) from None
        raise ValidationError(
            _("The first six digits are not a known region code. Please check the number."),
            code="id_number_region",
        ) from None
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _("This is not a valid resident identity number. Please check the number."),
            code="id_number_invalid",
        ) from None
    if id_number_birth_date(number) > timezone.localdate():
        raise ValidationError(
            _("The birth date in this number is in the future. Please check the number."),
            code="id_number_future_birth_date",
        )
    return number


def id_number_birth_date(number: str) -> datetime.date:
    """The birth date encoded in a number that has already been validated."""
    return ric.get_birth_date(number)


def mask_id_number(number: str) -> str:
    """`110105********1234`: enough for the resident to recognise it, not enough to use it."""
    if not number:
        return ""
    return f"{number[:6]}{'*' * 8}{number[-4:]}"


def mask_phone(phone: str) -> str:
    """`138****5678`."""
    if not phone:
        return ""
    return f"{phone[:3]}{'*' * 4}{phone[-4:]}"
