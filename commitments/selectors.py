"""Commitment reads."""

from __future__ import annotations

from appointments.materials import BookedItem
from appointments.models import Appointment

from .models import Commitment, CommitmentStatement


def current_statement() -> CommitmentStatement | None:
    return CommitmentStatement.objects.order_by("-version").first()


def allowed_item(*, appointment: Appointment, material_id: int) -> BookedItem | None:
    """The item of the list as booked, if it accepts a commitment statement."""
    for item in appointment.booked_materials:
        if item.pk == material_id and item.commitment_allowed:
            return item
    return None


def commitments_by_item(*, appointment: Appointment) -> dict[int, Commitment]:
    return {
        c.material_id: c
        for c in Commitment.objects.filter(appointment=appointment).select_related(
            "statement", "report"
        )
    }
