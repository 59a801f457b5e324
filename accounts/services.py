"""Writes to accounts. Views, forms and the booking wizard call these; nothing else writes the
resident profile columns."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .crypto import encrypt_id_number, hash_id_number
from .errors import IdNumberInUse, IdNumberLocked
from .identity import id_number_birth_date, mask_id_number, normalise_id_number, normalise_phone
from .models import IdentityNumberRecord, User
from .selectors import id_number_locked
from .signals import identity_number_corrected

logger = logging.getLogger(__name__)

REAL_NAME_MAX_LENGTH: int = User._meta.get_field("real_name").max_length or 0
CORRECTION_REASON_MAX_LENGTH: int = IdentityNumberRecord._meta.get_field("reason").max_length or 0

_PROFILE_FIELDS = ["real_name", "phone", "id_number_encrypted", "id_number_hash", "birth_date"]


def _clean_real_name(raw: str) -> str:
    from .identity import clean_person_name

    return clean_person_name(
        raw,
        max_length=REAL_NAME_MAX_LENGTH,
        required_message=_("Enter your name as it appears on your identity card."),
    )


def _number_values(number: str) -> dict:
    """The account columns for a validated number."""
    return {
        # Re-encrypting on every save also moves the value to the newest key after a rotation.
        "id_number_encrypted": encrypt_id_number(number),
        "id_number_hash": hash_id_number(number),
        "birth_date": id_number_birth_date(number),
    }


def _id_number_record(
    *, user: User, number: str, kind: str, by: User | None, reason: str = ""
) -> IdentityNumberRecord:
    # Called inside the transaction that saves the account: the history has the number exactly
    # when the account does, so the blacklist can never miss a number the account held.
    return IdentityNumberRecord.objects.create(
        user=user,
        id_number_hash=hash_id_number(number),
        id_number_masked=mask_id_number(number),
        kind=kind,
        set_at=timezone.now(),
        set_by=by,
        reason=reason,
    )


def _save_profile_columns(*, user: User, new_values: dict, record: Callable[[], None]) -> None:
    """Save `new_values` on `user` (and call `record()` for the history) in one savepoint.

    Raises IdNumberInUse when another account holds the hash; `user` is restored then."""
    number_hash = new_values["id_number_hash"]
    old_values = {field: getattr(user, field) for field in _PROFILE_FIELDS}
    try:
        # A savepoint when the caller (the booking wizard) already holds a transaction, so the
        # caller's transaction stays usable after a refused number.
        with transaction.atomic():
            # The friendly check; the unique constraint is the guarantee.
            if User.objects.filter(id_number_hash=number_hash).exclude(pk=user.pk).exists():
                raise IdNumberInUse
            for field, value in new_values.items():
                setattr(user, field, value)
            user.save(update_fields=_PROFILE_FIELDS)
            record()
    except (IdNumberInUse, IntegrityError, ValidationError) as exc:
        for field, value in old_values.items():
            setattr(user, field, value)
        if not isinstance(exc, IntegrityError):
            raise
        # Two accounts saving the same number at once both pass the check above; the second
        # commit hits user_id_number_hash_unique, the only unique column these fields touch.
        raise IdNumberInUse from exc


def resident_profile_update(
    *,
    user: User,
    real_name: str,
    phone: str,
    id_number: str,
    kind: str = IdentityNumberRecord.Kind.RESIDENT,
    by: User | None = None,
) -> User:
    """Set the resident's real name, mobile phone and identity number; returns the saved user.

    All three are required. The birth date is derived from the number, which is stored encrypted
    with its keyed hash. A new number is added to the account's history as `kind` (the hotline
    opening an account passes "hotline" and its operator as `by`; by default the resident set it
    themself).

    Raises ValidationError (a dict keyed by `real_name`, `phone`, `id_number`) for invalid
    input, IdNumberInUse when another account holds the number and IdNumberLocked when the
    account has booked and the number would change (only an office corrects it then, see
    `resident_id_number_correct`). On any error nothing is saved and `user` is left as it was.
    """
    errors: dict[str, ValidationError] = {}
    cleaned: dict[str, str] = {}
    for field, raw, clean in (
        ("real_name", real_name, _clean_real_name),
        ("phone", phone, normalise_phone),
        ("id_number", id_number, normalise_id_number),
    ):
        try:
            cleaned[field] = clean(raw)
        except ValidationError as exc:
            errors[field] = exc
    if errors:
        raise ValidationError(errors)

    number = cleaned["id_number"]
    new_values = {
        "real_name": cleaned["real_name"],
        "phone": cleaned["phone"],
        **_number_values(number),
    }
    changes_number = new_values["id_number_hash"] != user.id_number_hash
    # Saving the same number again (to change the name or phone) is always allowed.
    if changes_number and id_number_locked(user=user):
        raise IdNumberLocked

    def record() -> None:
        if changes_number:
            _id_number_record(user=user, number=number, kind=kind, by=by or user)

    _save_profile_columns(user=user, new_values=new_values, record=record)
    return user


def resident_id_number_correct(*, resident: User, id_number: str, by: User, reason: str) -> User:
    """Correct a resident's identity number at the counter, after staff checked the identity
    card; returns the saved resident.

    Works whether or not the resident has booked (that is what it is for). The caller checks
    that `by` is office staff or a bureau admin; the correction is recorded in the account's
    history with `by` and `reason`, and the old number stays there, so the blacklist still knows
    the person by it.

    Raises ValidationError (a dict keyed by `id_number` and `reason`) for an invalid or unchanged
    number or a blank reason, and IdNumberInUse when another account holds the number. On any
    error nothing is saved and `resident` is left as it was.
    """
    errors: dict[str, ValidationError] = {}
    number = ""
    try:
        number = normalise_id_number(id_number)
    except ValidationError as exc:
        errors["id_number"] = exc
    else:
        if hash_id_number(number) == resident.id_number_hash:
            errors["id_number"] = ValidationError(
                _("This is already the number on file. Enter the number on the identity card."),
                code="id_number_unchanged",
            )
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = ValidationError(
            _("Give the reason for the correction: what was wrong, and what you checked."),
            code="required",
        )
    elif len(reason) > CORRECTION_REASON_MAX_LENGTH:
        errors["reason"] = ValidationError(
            _("The reason can have at most %(max)d characters."),
            code="max_length",
            params={"max": CORRECTION_REASON_MAX_LENGTH},
        )
    if errors:
        raise ValidationError(errors)

    new_values = {
        "real_name": resident.real_name,
        "phone": resident.phone,
        **_number_values(number),
    }

    def record() -> None:
        _id_number_record(
            user=resident,
            number=number,
            kind=IdentityNumberRecord.Kind.COUNTER,
            by=by,
            reason=reason,
        )
        # The account holder's own upcoming appointments follow the number (appointments).
        identity_number_corrected.send(sender=User, user=resident, by=by)

    _save_profile_columns(user=resident, new_values=new_values, record=record)
    # Who and which account only: the numbers themselves never go into the log.
    logger.info("identity number corrected user=%s by=%s", resident.pk, by.pk)
    return resident


def resident_phone_update(*, user: User, phone: str) -> User:
    """Set the resident's mobile phone number (at sign-up); raises ValidationError if invalid."""
    user.phone = normalise_phone(phone)
    user.save(update_fields=["phone"])
    return user
