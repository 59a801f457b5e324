"""Reads of appointments, always scoped to who is asking."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from .models import Appointment
from .references import normalise_reference


def appointments_for_resident(*, resident) -> QuerySet[Appointment]:
    return Appointment.objects.filter(resident=resident).select_related(
        "matter", "office", "office__district", "notary"
    )


def appointment_lists_for_resident(*, resident) -> tuple[list[Appointment], list[Appointment]]:
    """(upcoming, past) in one query: upcoming soonest first, past latest first."""
    now = timezone.now()
    upcoming, past = [], []
    for appointment in appointments_for_resident(resident=resident).order_by("starts_at"):
        if appointment.is_active and appointment.ends_at > now:
            upcoming.append(appointment)
        else:
            past.append(appointment)
    past.reverse()
    return upcoming, past


def get_appointment_for_user(*, user, reference: str) -> Appointment:
    """The resident's own appointment; anyone else's is a 404, never a 403 that leaks it exists."""
    if not user.is_authenticated:
        raise Http404
    try:
        return (
            appointments_for_resident(resident=user)
            .prefetch_related("matter__materials", "events", "exemption_claims")
            .get(reference=normalise_reference(reference))
        )
    except Appointment.DoesNotExist:
        raise Http404("No such appointment") from None
