"""Writes to the blacklist: entering a person, lifting an entry, and the check every booking
makes. Entries are never deleted; each change is kept in the model's history with its author."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.crypto import hash_id_number
from accounts.identity import clean_person_name, mask_id_number, normalise_id_number
from accounts.models import User
from notaries.models import Matter, Office

from .errors import AlreadyLifted
from .models import BlacklistEntry, BookingAttempt
from .selectors import blacklist_flag_for

logger = logging.getLogger(__name__)

NAME_MAX_LENGTH: int = BlacklistEntry._meta.get_field("name").max_length or 0
REASON_MAX_LENGTH: int = BlacklistEntry._meta.get_field("reason").max_length or 0
LIFT_REASON_MAX_LENGTH: int = BlacklistEntry._meta.get_field("lift_reason").max_length or 0


def _one_line(raw: str) -> str:
    return " ".join((raw or "").split())


def blacklist_entry_create(
    *,
    id_number: str,
    name: str,
    reason: str,
    office: Office,
    starts_on: dt.date,
    ends_on: dt.date | None,
    by,
) -> BlacklistEntry:
    """Enter a person on the blacklist from `starts_on` until `ends_on` (None: until lifted).

    Raises ValidationError (a dict keyed by `id_number`, `name`, `reason`, `ends_on`) for invalid
    input; nothing is saved then. Only the hash and the masked number are stored."""
    errors: dict[str, ValidationError] = {}
    number = ""
    try:
        number = normalise_id_number(id_number)
    except ValidationError as exc:
        errors["id_number"] = exc
    try:
        name = clean_person_name(
            name,
            max_length=NAME_MAX_LENGTH,
            required_message=_("Enter the name as it appears on the identity card."),
        )
    except ValidationError as exc:
        errors["name"] = exc
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = ValidationError(
            _("Give the reason: what happened, and the decision it rests on."), code="required"
        )
    elif len(reason) > REASON_MAX_LENGTH:
        errors["reason"] = ValidationError(
            _("The reason can have at most %(max)d characters."),
            code="max_length",
            params={"max": REASON_MAX_LENGTH},
        )
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = ValidationError(
            _("The end date cannot be before the start date."), code="ends_before_start"
        )
    if errors:
        raise ValidationError(errors)

    entry = BlacklistEntry(
        id_number_hash=hash_id_number(number),
        id_number_masked=mask_id_number(number),
        name=name,
        reason=reason,
        office=office,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=by,
        created_at=timezone.now(),
    )
    # The history row names its author even outside a request (shell, imports, tests).
    entry._history_user = by  # type: ignore[attr-defined]
    with transaction.atomic():
        entry.save()
    logger.info("blacklist entry created id=%s office=%s", entry.pk, office.slug)
    return entry


def blacklist_entry_lift(*, entry: BlacklistEntry, by, reason: str) -> BlacklistEntry:
    """Lift an entry: it stops restricting bookings at once and stays on record.

    Raises ValidationError (keyed by `reason`) without a reason, AlreadyLifted if it was."""
    reason = _one_line(reason)
    if not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Give the reason for lifting."), code="required")}
        )
    if len(reason) > LIFT_REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("The reason can have at most %(max)d characters."),
                    code="max_length",
                    params={"max": LIFT_REASON_MAX_LENGTH},
                )
            }
        )
    with transaction.atomic():
        # Locked so two admins lifting at once record one lift, not the later one over the first.
        current = BlacklistEntry.objects.select_for_update().get(pk=entry.pk)
        if current.lifted_at is not None:
            raise AlreadyLifted
        current.lifted_at, current.lifted_by, current.lift_reason = timezone.now(), by, reason
        current._history_user = by  # type: ignore[attr-defined]
        current.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    logger.info("blacklist entry lifted id=%s", current.pk)
    return current


def blacklist_check(
    *,
    resident: User,
    office: Office,
    matter: Matter,
    channel: str,
    actor: User | None,
    on: dt.date | None = None,
    applicant_id_hash: str | None = None,
) -> BlacklistEntry | None:
    """The entry in force on `on` (the appointment's day; default today) for the account holder
    or the applicant, or None. The account holder is matched under every number the account has
    ever held, so changing the number (online, or at a counter) never takes a person off the list.

    When one is found the refused attempt is logged. The booking services call this before their
    own (durable) transaction, so this transaction commits on its own and the log survives the
    refusal."""
    if channel not in BookingAttempt.Channel.values:
        raise ValueError(f"unknown booking channel {channel!r}")
    entry = blacklist_flag_for(resident=resident, on=on, applicant_id_hash=applicant_id_hash)
    if entry is None:
        return None
    with transaction.atomic():
        BookingAttempt.objects.create(
            entry=entry,
            resident=resident,
            channel=channel,
            # On the web the resident books for themself; the hotline passes its operator.
            actor=actor or resident,
            office=office,
            matter=matter,
        )
    logger.info("blacklisted booking refused entry=%s channel=%s", entry.pk, channel)
    return entry
