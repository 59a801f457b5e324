"""An account holder's corrected identity number reaches their own upcoming appointments.

Appointments carry the applicant's number (hash, encrypted copy, date of birth) so that the
per-person rules hold whoever booked. When a clerk corrects the holder's number at the counter
(accounts), the holder's active appointments *for themselves* take the new number in the same
transaction, and what depends on the age (the fee's exemptions, the green channel) is decided
again for each one's date, as on a move.
Appointments the holder booked for someone else keep that person's number."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Appointment, AppointmentEvent


def appointments_follow_corrected_identity(*, user, by, now: dt.datetime | None = None) -> int:
    """Give `user`'s own active appointments the number now on the account; returns how many.

    Raises ValidationError when the corrected number's person already has an active appointment
    at an overlapping time (booked from another account, under the number that is theirs):
    the correction is refused then, and nothing changes."""
    # The move's own re-decisions, one place for each.
    from .services import _declared_green, _requote_for_day, green_channel_for

    now = now or timezone.now()
    own = list(
        Appointment.objects.active()
        .filter(resident=user, applicant_relationship="")
        .exclude(applicant_id_hash=user.id_number_hash)
        .select_for_update()
        .order_by("pk")
    )
    if not own:
        return 0
    values = {
        "applicant_id_hash": user.id_number_hash,
        "applicant_id_encrypted": user.id_number_encrypted,
        "applicant_birth_date": user.birth_date,
    }
    try:
        with transaction.atomic():  # the overlap constraint on the number decides
            Appointment.objects.filter(pk__in=[a.pk for a in own]).update(**values, updated_at=now)
    except IntegrityError as exc:
        raise ValidationError(
            _(
                "The person with this identity number already has an appointment at the same "
                "time, booked from another account. Cancel one of the two first."
            ),
            code="applicant_overlap",
        ) from exc
    for appointment in own:
        for field, value in values.items():
            setattr(appointment, field, value)
        day = timezone.localdate(appointment.starts_at)
        green = green_channel_for(
            resident=appointment.applicant, on=day, requested=_declared_green(appointment)
        )
        if green != appointment.green_channel:
            appointment.green_channel = green
            appointment.save(update_fields=["green_channel", "updated_at"])
        _requote_for_day(
            current=appointment,
            day=day,
            actor=by,
            now=now,
            channel=AppointmentEvent.Channel.COUNTER,
        )
    return len(own)


def _on_identity_number_corrected(sender, *, user, by, **kwargs) -> None:
    appointments_follow_corrected_identity(user=user, by=by)


def connect() -> None:
    from accounts.signals import identity_number_corrected

    identity_number_corrected.connect(
        _on_identity_number_corrected, dispatch_uid="appointments.identity"
    )
