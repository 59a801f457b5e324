"""Commitments' share of the retention job (appointments/retention.py): the name signed goes with
the appointment's personal data; the text version, the time and any report stay."""

from __future__ import annotations

from appointments.retention import ANONYMISED

from .models import Commitment


def commitments_anonymise(ids: list[int]) -> int:
    """Runs inside the retention batch's transaction, with the appointments locked."""
    Commitment.objects.filter(appointment_id__in=ids).update(real_name=ANONYMISED)
    return 0
