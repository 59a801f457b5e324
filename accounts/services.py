"""Writes to accounts. Views, forms and the booking wizard call these; nothing else writes the
resident profile columns."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from .crypto import encrypt_id_number, hash_id_number
from .errors import IdNumberInUse
from .identity import id_number_birth_date, normalise_id_number, normalise_phone
from .models import User

REAL_NAME_MAX_LENGTH = User._meta.get_field("real_name").max_length

_PROFILE_FIELDS = ["real_name", "phone", "id_number_encrypted", "id_number_hash", "birth_date"]


def _clean_real_name(raw: str) -> str:
    # Collapse runs of spaces but keep the middle dot of names such as 阿依古丽·买买提.
    real_name = " ".join((raw or "").split())
    if not real_name:
        raise ValidationError(_("Enter your name as it appears on your identity card."), "required")
    if len(real_name) > REAL_NAME_MAX_LENGTH:
        raise ValidationError(
            _("A name can have at most %(max)d characters."),
            code="max_length",
            params={"max": REAL_NAME_MAX_LENGTH},
        )
    return real_name


def resident_profile_update(*, user: User, real_name: str, phone: str, id_number: str) -> User:
    """Set the resident's real name, mobile phone and identity number; returns the saved user.

    All three are required. The birth date is derived from the number, which is stored encrypted
    with its keyed hash. Raises ValidationError (a dict keyed by `real_name`, `phone`,
    `id_number`) for invalid input and IdNumberInUse when another account holds the number.
    On any error nothing is saved and `user` is left as it was.
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
    number_hash = hash_id_number(number)
    new_values = {
        "real_name": cleaned["real_name"],
        "phone": cleaned["phone"],
        # Re-encrypting on every save also moves the value to the newest key after a rotation.
        "id_number_encrypted": encrypt_id_number(number),
        "id_number_hash": number_hash,
        "birth_date": id_number_birth_date(number),
    }
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
    except (IdNumberInUse, IntegrityError) as exc:
        for field, value in old_values.items():
            setattr(user, field, value)
        if isinstance(exc, IdNumberInUse):
            raise
        # Two accounts saving the same number at once both pass the check above; the second
        # commit hits user_id_number_hash_unique, the only unique column these fields touch.
        raise IdNumberInUse from exc
    return user


def resident_phone_update(*, user: User, phone: str) -> User:
    """Set the resident's mobile phone number (at sign-up); raises ValidationError if invalid."""
    user.phone = normalise_phone(phone)
    user.save(update_fields=["phone"])
    return user
