"""Verification's share of the retention job (appointments/retention.py): what the registry said
about a person goes with the appointment's personal data; who asked, when and the answer stay."""

from __future__ import annotations

from .models import Verification


def verification_anonymise(ids: list[int]) -> int:
    """Runs inside the retention batch's transaction, with the appointments locked."""
    Verification.objects.filter(appointment_id__in=ids).update(summary="")
    return 0
